import { NextResponse } from "next/server";
import { route, parseEmptyBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { retryEmail } from "@/lib/emails/emails";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("an e-mail id"), (await params).id, "Invalid path");
  await parseEmptyBody(request);
  const email = await retryEmail(actor, id);
  return NextResponse.json({ id: email.id, status: email.status, email });
});

export const dynamic = "force-dynamic";
