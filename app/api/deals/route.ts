import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createDealInput, listDealsQuery } from "@/lib/deals/schema";
import { createDeal } from "@/lib/deals/create-deal";
import { listDeals } from "@/lib/deals/list-deals";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listDeals(actor, parseQuery(request, listDealsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, createDealInput);
  return NextResponse.json({ deal: await createDeal(actor, input) }, { status: 201 });
});

export const dynamic = "force-dynamic";
