import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { setRepGoalInput } from "@/lib/team-goals/schema";
import { setRepGoal } from "@/lib/team-goals/goals";

/** { repId, month: "2026-12", goal: "40000.00" | null }: admins set (or clear) a rep's monthly revenue goal. */
export const PUT = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await setRepGoal(actor, await parseJsonBody(request, setRepGoalInput)));
});

export const dynamic = "force-dynamic";
