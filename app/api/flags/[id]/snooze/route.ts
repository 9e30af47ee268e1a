import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { snoozeFlagInput } from "@/lib/flag-records/schema";
import { snoozeFlagFor } from "@/lib/flag-records/flag-actions";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a flag id"), (await params).id, "Invalid path");
  const input = await parseJsonBody(request, snoozeFlagInput);
  return NextResponse.json({ flag: await snoozeFlagFor(actor, id, input.until) });
});

export const dynamic = "force-dynamic";
