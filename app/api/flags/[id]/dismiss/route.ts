import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { dismissFlagInput } from "@/lib/flag-records/schema";
import { dismissFlagFor } from "@/lib/flag-records/flag-actions";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a flag id"), (await params).id, "Invalid path");
  const input = await parseJsonBody(request, dismissFlagInput);
  return NextResponse.json({ flag: await dismissFlagFor(actor, id, input.reason, input.note) });
});

export const dynamic = "force-dynamic";
