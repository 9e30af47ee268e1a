// Editing a contact with optimistic concurrency: the client sends the version it
// read; a stale version answers Conflict with the current record (docs/reference/field-notes.md).
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, NotFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { UpdateContactInput } from "./schema";
import { contactView, type ContactView } from "./list-contacts";

/** The contact, if the actor may `verb` its account; NotFound otherwise (ids reveal nothing). */
export async function contactFor(prisma: PrismaClient, actor: Actor, contactId: string, verb: "read" | "write") {
  const contact = await prisma.contact.findFirst({ where: { id: contactId } });
  if (!contact) throw new NotFound("No such contact.");
  try {
    await accountFor(prisma, actor, contact.accountId, verb, "contact");
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("No such contact.");
    throw error;
  }
  return contact;
}

export async function updateContact(actor: Actor, contactId: string, input: UpdateContactInput): Promise<ContactView> {
  const prisma = await getPrisma();
  await contactFor(prisma, actor, contactId, "write");
  const { version, ...changes } = input;
  const { count } = await prisma.contact.updateMany({
    where: { id: contactId, version },
    data: {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.email !== undefined ? { email: changes.email } : {}),
      ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
      ...(changes.decisionRole !== undefined ? { decisionRole: changes.decisionRole } : {}),
      version: { increment: 1 },
      updatedAt: new Date(),
    },
  });
  const current = await prisma.contact.findFirst({ where: { id: contactId } });
  if (!current) throw new NotFound("No such contact.");
  if (count === 0) {
    throw new Conflict("Someone changed this contact since you opened it; here is the current version.", contactView(current));
  }
  return contactView(current);
}
