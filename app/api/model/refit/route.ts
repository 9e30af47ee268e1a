import { NextResponse } from "next/server";
import { parseEmptyBody, route } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { lastRecompute, requestRefit } from "@/lib/metrics/jobs";

// Admins ask for a refit of the predictive model (and every account's metrics); it runs
// as a background job and never blocks requests. GET reports the latest refit or as-of run.
export const POST = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  await parseEmptyBody(request);
  return NextResponse.json({ job: await requestRefit(actor.id) }, { status: 202 });
});

export const GET = route(async () => {
  await requirePermission("read", "settings");
  return NextResponse.json({ job: await lastRecompute() });
});

export const dynamic = "force-dynamic";
