import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { startCostPreview } from "@/lib/settings/cost-preview-job";
import { costChangeInput } from "@/lib/settings/schema";

// What a change would do to every account's LTV; writes nothing but the job that computes it.
// 202 with the job: GET /api/jobs/{id} reports progress and, when done, the preview (`result`).
export const POST = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  const job = await startCostPreview(actor, await parseJsonBody(request, costChangeInput));
  return NextResponse.json({ job }, { status: 202 });
});

export const dynamic = "force-dynamic";
