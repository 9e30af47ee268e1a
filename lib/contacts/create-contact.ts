// Adding a person to an account the actor may write.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import type { CreateContactInput } from "./schema";
import { contactView, type ContactView } from "./list-contacts";

export async function createContact(actor: Actor, input: CreateContactInput): Promise<ContactView> {
  const prisma = await getPrisma();
  const account = await accountFor(prisma, actor, input.accountId, "write", "contact");
  const contact = await prisma.contact.create({
    data: {
      accountId: account.id,
      name: input.name,
      title: input.title ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      decisionRole: input.decisionRole,
    },
  });
  return contactView(contact);
}
