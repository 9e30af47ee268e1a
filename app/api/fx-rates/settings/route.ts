import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { fxSettingsInput } from "@/lib/fx-rates/schema";
import { getFxSettings, putFxSettings } from "@/lib/fx-rates/rates";

// Admins: the reporting currency and how many days an earlier rate stands in for a missing one.
export const GET = route(async () => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await getFxSettings(actor));
});

// A change re-converts every account in the background; the figures say so until it is done.
export const PUT = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await putFxSettings(actor, await parseJsonBody(request, fxSettingsInput)));
});

export const dynamic = "force-dynamic";
