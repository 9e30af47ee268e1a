import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { rankingsExportQuery } from "@/lib/rankings/schema";
import { countRankedAccounts } from "@/lib/rankings/rank-accounts";

// GET /api/rankings/count?<the ranking's filters, as GET /api/rankings>: { total, summary }, the exact
// size of the filtered ranking and its KPI sums (summary null unfiltered). A first page filtered on
// single rows that matched more than 1 000 accounts leaves these to this request (decision 0021).
export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await countRankedAccounts(actor, parseQuery(request, rankingsExportQuery)));
});

export const dynamic = "force-dynamic";
