import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor, requirePermission } from "@/lib/auth/session";
import { fxRateQuery, putRatesInput } from "@/lib/fx-rates/schema";
import { getFxRate, putRates } from "@/lib/fx-rates/rates";

// GET /api/fx-rates?currency=GBP&on=YYYY-MM-DD (anyone signed in): the rate into the reporting
// currency that day, { currency, on, rate, reportingCurrency, source, rateDay }; 404 without one.
export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await getFxRate(actor, parseQuery(request, fxRateQuery)));
});

// PUT /api/fx-rates (admins): { rates: [{ currency, on, rate }] }, rate = reporting units per 1 unit.
export const PUT = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await putRates(actor, await parseJsonBody(request, putRatesInput)));
});

export const dynamic = "force-dynamic";
