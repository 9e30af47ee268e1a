import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { updateFollowUpInput } from "@/lib/follow-ups/schema";
import { updateFollowUp } from "@/lib/follow-ups/follow-ups";

export const PATCH = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a follow-up id"), (await params).id, "Invalid path");
  const input = await parseJsonBody(request, updateFollowUpInput);
  return NextResponse.json({ followUp: await updateFollowUp(actor, id, input) });
});

export const dynamic = "force-dynamic";
