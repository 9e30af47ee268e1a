// Removing a contact. Their past visits stay on the timeline without a contact
// (visits.contact_id is ON DELETE SET NULL).
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { Conflict, NotFound } from "@/lib/errors";
import type { DeleteContactQuery } from "./schema";
import { contactView } from "./list-contacts";
import { contactFor } from "./update-contact";

export async function deleteContact(actor: Actor, contactId: string, query: DeleteContactQuery = {}): Promise<void> {
  const prisma = await getPrisma();
  await contactFor(prisma, actor, contactId, "write");
  const { count } = await prisma.contact.deleteMany({
    where: { id: contactId, ...(query.version !== undefined ? { version: query.version } : {}) },
  });
  if (count > 0) return;
  const current = await prisma.contact.findUnique({ where: { id: contactId } });
  if (!current) throw new NotFound("No such contact.");
  throw new Conflict("Someone changed this contact since you opened it; here is the current version.", contactView(current));
}
