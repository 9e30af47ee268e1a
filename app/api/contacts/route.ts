import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createContactInput, listContactsQuery } from "@/lib/contacts/schema";
import { createContact } from "@/lib/contacts/create-contact";
import { listContacts } from "@/lib/contacts/list-contacts";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listContacts(actor, parseQuery(request, listContactsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, createContactInput);
  return NextResponse.json({ contact: await createContact(actor, input) }, { status: 201 });
});

export const dynamic = "force-dynamic";
