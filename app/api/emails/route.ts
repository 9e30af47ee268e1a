import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { composeEmailInput, listEmailsQuery } from "@/lib/emails/schema";
import { listEmails, sendEmail } from "@/lib/emails/emails";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listEmails(actor, parseQuery(request, listEmailsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const email = await sendEmail(actor, await parseJsonBody(request, composeEmailInput));
  return NextResponse.json({ id: email.id, status: email.status, email }, { status: 201 });
});

export const dynamic = "force-dynamic";
