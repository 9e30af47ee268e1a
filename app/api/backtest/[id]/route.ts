import { NextResponse } from "next/server";
import { route, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { getBacktest } from "@/lib/backtest/backtests";

type Context = { params: Promise<{ id: string }> };

export const GET = route<Context>(async (_request, context) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a backtest id"), (await context.params).id, "Invalid path");
  return NextResponse.json({ backtest: await getBacktest(actor, id) });
});

export const dynamic = "force-dynamic";
