import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { stageProbabilitiesInput } from "@/lib/deals/schema";
import { readStageProbabilities, setStageProbabilities } from "@/lib/deals/stage-probabilities";

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json({ probabilities: await readStageProbabilities(actor) });
});

export const PUT = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, stageProbabilitiesInput);
  return NextResponse.json({ probabilities: await setStageProbabilities(actor, input) });
});

export const dynamic = "force-dynamic";
