// Removing a contact. Their past visits, deals and follow-ups stay without a contact: cleared
// here in the delete's transaction (the keys include account_id for Citus, so ON DELETE SET NULL
// would null the account too; prisma/schema.prisma).
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { Conflict, NotFound } from "@/lib/errors";
import type { DeleteContactQuery } from "./schema";
import { contactView } from "./list-contacts";
import { contactFor } from "./update-contact";

export async function deleteContact(actor: Actor, contactId: string, query: DeleteContactQuery = {}): Promise<void> {
  const prisma = await getPrisma();
  const contact = await contactFor(prisma, actor, contactId, "write");
  // References first (the foreign keys are checked at the end of each statement); a stale
  // version rolls them back with the delete.
  const stale = new Error("stale contact version");
  const deleted = await prisma
    .$transaction(async (tx) => {
      const refs = { accountId: contact.accountId, contactId };
      await tx.visit.updateMany({ where: refs, data: { contactId: null } });
      await tx.deal.updateMany({ where: refs, data: { contactId: null } });
      await tx.followUp.updateMany({ where: refs, data: { contactId: null } });
      const { count } = await tx.contact.deleteMany({
        where: { accountId: contact.accountId, id: contactId, ...(query.version !== undefined ? { version: query.version } : {}) },
      });
      if (count === 0) throw stale;
      return true;
    })
    .catch((error: unknown) => {
      if (error === stale) return false;
      throw error;
    });
  if (deleted) return;
  const current = await prisma.contact.findFirst({ where: { id: contactId } });
  if (!current) throw new NotFound("No such contact.");
  throw new Conflict("Someone changed this contact since you opened it; here is the current version.", contactView(current));
}
