import { NextResponse } from "next/server";
import { parseEmptyBody, route } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { refitStatus, startRefit } from "@/lib/metrics/background";

// Admins start a refit of the predictive model (and every account's metrics);
// it runs in the background and never blocks requests. GET reports progress.
export const POST = route(async (request) => {
  await requirePermission("write", "settings");
  await parseEmptyBody(request);
  void startRefit().catch(() => {});
  return NextResponse.json(refitStatus(), { status: 202 });
});

export const GET = route(async () => {
  await requirePermission("read", "settings");
  return NextResponse.json(refitStatus());
});

export const dynamic = "force-dynamic";
