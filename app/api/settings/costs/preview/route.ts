import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { previewCostChange } from "@/lib/settings/cost-settings";
import { costChangeInput } from "@/lib/settings/schema";

// What a change would do to every account's LTV; writes nothing.
export const POST = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  return NextResponse.json(await previewCostChange(actor, await parseJsonBody(request, costChangeInput)));
});

export const dynamic = "force-dynamic";
