import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createVisitInput, listVisitsQuery } from "@/lib/visits/schema";
import { createVisit } from "@/lib/visits/create-visit";
import { listVisits } from "@/lib/visits/list-visits";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listVisits(actor, parseQuery(request, listVisitsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, createVisitInput);
  const result = await createVisit(actor, input);
  // A replay answers exactly as the first request did; the header says it was one.
  return NextResponse.json(
    { visit: result.visit, followUp: result.followUp, closedFollowUps: result.closedFollowUps, metrics: result.metrics },
    { status: 201, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
  );
});

export const dynamic = "force-dynamic";
