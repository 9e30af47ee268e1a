// An account's contacts, by name, keyset-paged by (name, id).
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import type { Contact } from "@/lib/generated/prisma/client";
import type { DecisionRole } from "@/lib/generated/prisma/enums";
import type { ListContactsQuery } from "./schema";

export interface ContactView {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  decisionRole: DecisionRole;
  version: number;
  updatedAt: string;
}

export function contactView(contact: Contact): ContactView {
  return {
    id: contact.id,
    accountId: contact.accountId,
    name: contact.name,
    title: contact.title,
    email: contact.email,
    phone: contact.phone,
    decisionRole: contact.decisionRole,
    version: contact.version,
    updatedAt: contact.updatedAt.toISOString(),
  };
}

const cursorSchema = z.object({ name: z.string(), id: recordId() });

export async function listContacts(actor: Actor, query: ListContactsQuery): Promise<{ items: ContactView[]; nextCursor: string | null }> {
  const prisma = await getPrisma();
  await accountFor(prisma, actor, query.accountId, "read", "contact");
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const rows = await prisma.contact.findMany({
    where: {
      accountId: query.accountId,
      ...(after ? { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(contactView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}
