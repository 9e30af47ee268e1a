import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { updateDealInput } from "@/lib/deals/schema";
import { updateDeal } from "@/lib/deals/update-deal";

export const PATCH = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a deal id"), (await params).id, "Invalid path");
  const input = await parseJsonBody(request, updateDealInput);
  return NextResponse.json({ deal: await updateDeal(actor, id, input) });
});

export const dynamic = "force-dynamic";
