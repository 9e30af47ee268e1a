import { NextResponse } from "next/server";
import { parseJsonBody, route } from "@/lib/http/route";
import { requireActor, requirePermission } from "@/lib/auth/session";
import { backtestInput } from "@/lib/backtest/schema";
import { latestBacktest, startBacktest } from "@/lib/backtest/backtests";

// Managers and admins: POST { cutoff?: "YYYY-MM-DD", windowDays? } queues a backtest (202);
// GET answers the newest one, running or done.
export const POST = route(async (request) => {
  // Authorized before the body is read: a rep learns nothing from validation messages.
  const actor = await requirePermission("write", "backtest");
  const input = await parseJsonBody(request, backtestInput);
  return NextResponse.json({ backtest: await startBacktest(actor, input) }, { status: 202 });
});

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json({ backtest: await latestBacktest(actor) });
});

export const dynamic = "force-dynamic";
