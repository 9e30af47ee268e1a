import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { z } from "zod";
import { boardSummary } from "@/lib/deals/board-totals";

// The pipeline board's column totals (over every deal in each stage) and the stage probabilities.
export const GET = route(async (request) => {
  const actor = await requireActor();
  parseQuery(request, z.object({}).strict());
  return NextResponse.json(await boardSummary(actor));
});

export const dynamic = "force-dynamic";
