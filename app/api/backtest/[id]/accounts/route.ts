import { NextResponse } from "next/server";
import { z } from "zod";
import { route, parseQuery, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { backtestGroup } from "@/lib/backtest/schema";
import { backtestAccounts } from "@/lib/backtest/backtests";

type Context = { params: Promise<{ id: string }> };

const accountsQuery = z.object({
  group: backtestGroup,
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .default(200),
});

// The accounts behind one figure of a backtest: GET ?group=bin:3|churn:hit|flag:upsell:hit…
export const GET = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a backtest id"), (await context.params).id, "Invalid path");
  const { group, limit } = parseQuery(request, accountsQuery);
  return NextResponse.json(await backtestAccounts(actor, id, group, limit));
});

export const dynamic = "force-dynamic";
