import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createFollowUpInput, listFollowUpsQuery } from "@/lib/follow-ups/schema";
import { createFollowUp, listFollowUps } from "@/lib/follow-ups/follow-ups";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listFollowUps(actor, parseQuery(request, listFollowUpsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, createFollowUpInput);
  return NextResponse.json({ followUp: await createFollowUp(actor, input) }, { status: 201 });
});

export const dynamic = "force-dynamic";
