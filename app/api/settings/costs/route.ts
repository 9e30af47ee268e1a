import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { applyCostChange, getCostSettings } from "@/lib/settings/cost-settings";
import { costChangeInput } from "@/lib/settings/schema";

// Admins only (403 for everyone else): the cost inputs in force, their history and the last recompute.
export const GET = route(async () => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await getCostSettings(actor));
});

// Saves a new version; a background job applies it to every account (202 + the job to poll).
export const PUT = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await applyCostChange(actor, await parseJsonBody(request, costChangeInput)), { status: 202 });
});

export const dynamic = "force-dynamic";
