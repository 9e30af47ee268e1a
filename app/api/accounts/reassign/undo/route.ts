import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { undoAccountMove, undoMoveInput } from "@/lib/accounts/undo-move";

/** { moveId } from a reassignment's answer: its accounts go back, except those reassigned again since (listed). */
export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await undoAccountMove(actor, await parseJsonBody(request, undoMoveInput)));
});

export const dynamic = "force-dynamic";
