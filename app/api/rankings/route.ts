import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { rankingsQuery } from "@/lib/rankings/schema";
import { rankAccounts } from "@/lib/rankings/rank-accounts";

// GET /api/rankings?measure=historical|formula|predicted|palive&limit&cursor&ownerId&segment&region&flag&q&min&max&revenueMin&cohort
// (min ≤ the measure < max; revenueMin ≤ revenue to date; cohort=YYYY-MM: first order in that UTC month); with summary=1 the first page of a filtered ranking carries its KPI sums.
export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await rankAccounts(actor, parseQuery(request, rankingsQuery)));
});

export const dynamic = "force-dynamic";
