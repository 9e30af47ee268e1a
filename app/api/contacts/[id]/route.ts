import { NextResponse } from "next/server";
import { parseEmptyBody, route, parseJsonBody, parseQuery, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { deleteContactQuery, updateContactInput } from "@/lib/contacts/schema";
import { updateContact } from "@/lib/contacts/update-contact";
import { deleteContact } from "@/lib/contacts/delete-contact";

type Context = { params: Promise<{ id: string }> };

export const PATCH = route<Context>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a contact id"), (await params).id, "Invalid path");
  const input = await parseJsonBody(request, updateContactInput);
  return NextResponse.json({ contact: await updateContact(actor, id, input) });
});

export const DELETE = route<Context>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a contact id"), (await params).id, "Invalid path");
  await parseEmptyBody(request);
  await deleteContact(actor, id, parseQuery(request, deleteContactQuery));
  return new NextResponse(null, { status: 204 });
});

export const dynamic = "force-dynamic";
