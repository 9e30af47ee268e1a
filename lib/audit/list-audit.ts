// The audit log for admins: newest first, filterable, keyset-paged by (at, id)
// descending with an opaque cursor, so paging never skips or repeats an entry
// even when many share a timestamp or new entries arrive meanwhile.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, Invalid } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { inDatabaseYears, recordId } from "@/lib/http/ids";
import { DAY_MS } from "@/lib/days";
import type { Prisma } from "@/lib/generated/prisma/client";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const instant = z
  .string()
  .trim()
  .refine(
    (value) => (DATE_ONLY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !Number.isNaN(Date.parse(value)) && inDatabaseYears(value),
    "must be a date (YYYY-MM-DD) or an ISO 8601 time",
  );

export const listAuditQuery = z
  .object({
    entityType: z.string().trim().min(1).max(50).optional(),
    entityId: z.string().trim().min(1).max(100).optional(),
    actorId: recordId("a user id").optional(),
    // A prefix: "user." matches user.role, user.deactivate, …
    action: z.string().trim().min(1).max(100).optional(),
    // Dates are whole UTC days, both ends included; times are exact.
    from: instant.optional(),
    to: instant.optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListAuditQuery = z.infer<typeof listAuditQuery>;

const cursorKey = z.object({ at: z.iso.datetime().refine(inDatabaseYears), id: recordId() }).strict();

export interface AuditEntryView {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: { id: string; name: string; email: string } | null;
  before: unknown;
  after: unknown;
}

/** Names of the records a page of entries refers to by id (users, accounts, products, …): id → name. */
export type AuditNames = Record<string, string>;

// Which table an id points to: by the payload's key, or by the entry's entity type.
const ID_KEYS = {
  users: ["ownerId", "repId", "loggedById", "createdById", "updatedById", "fromOwnerId", "toOwnerId"],
  accounts: ["accountId"],
  products: ["productId"],
  contacts: ["contactId"],
  categories: ["categoryId"],
  deals: ["dealId"],
  imports: [],
} as const;
type NamedTable = keyof typeof ID_KEYS;
const TABLE_OF_ENTITY: Record<string, NamedTable> = {
  user: "users",
  account: "accounts",
  product: "products",
  contact: "contacts",
  category: "categories",
  deal: "deals",
  import: "imports",
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function referencedIds(
  entries: Array<{ entityType: string; entityId: string | null; before: unknown; after: unknown }>,
): Record<NamedTable, Set<string>> {
  const ids: Record<NamedTable, Set<string>> = {
    users: new Set(),
    accounts: new Set(),
    products: new Set(),
    contacts: new Set(),
    categories: new Set(),
    deals: new Set(),
    imports: new Set(),
  };
  for (const entry of entries) {
    const table = TABLE_OF_ENTITY[entry.entityType];
    if (table && entry.entityId && UUID.test(entry.entityId)) ids[table].add(entry.entityId);
    for (const state of [entry.before, entry.after]) {
      if (typeof state !== "object" || state === null) continue;
      for (const [table, keys] of Object.entries(ID_KEYS) as Array<[NamedTable, readonly string[]]>) {
        for (const key of keys) {
          const value = (state as Record<string, unknown>)[key];
          if (typeof value === "string" && UUID.test(value)) ids[table].add(value);
        }
      }
    }
  }
  return ids;
}

/** One query per table that the page refers to; a deleted record simply has no name (the entry's own payload may carry it). */
async function namesOf(entries: Parameters<typeof referencedIds>[0]): Promise<AuditNames> {
  const ids = referencedIds(entries);
  const prisma = await getPrisma();
  const list = (table: NamedTable) => [...ids[table]];
  const byId = { select: { id: true, name: true } } as const;
  const [users, accounts, products, contacts, categories, deals, imports] = await Promise.all([
    ids.users.size ? prisma.user.findMany({ where: { id: { in: list("users") } }, ...byId }) : [],
    ids.accounts.size ? prisma.account.findMany({ where: { id: { in: list("accounts") } }, ...byId }) : [],
    ids.products.size ? prisma.product.findMany({ where: { id: { in: list("products") } }, ...byId }) : [],
    ids.contacts.size ? prisma.contact.findMany({ where: { id: { in: list("contacts") } }, ...byId }) : [],
    ids.categories.size ? prisma.category.findMany({ where: { id: { in: list("categories") } }, ...byId }) : [],
    ids.deals.size ? prisma.deal.findMany({ where: { id: { in: list("deals") } }, select: { id: true, title: true } }) : [],
    ids.imports.size ? prisma.import.findMany({ where: { id: { in: list("imports") } }, select: { id: true, fileName: true } }) : [],
  ]);
  const names: AuditNames = {};
  for (const row of [...users, ...accounts, ...products, ...contacts, ...categories]) names[row.id] = row.name;
  for (const row of deals) names[row.id] = row.title;
  for (const row of imports) names[row.id] = row.fileName;
  return names;
}

export async function listAudit(
  actor: Actor,
  query: ListAuditQuery,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null; names: AuditNames }> {
  if (!can(actor, "read", "audit")) throw new Forbidden("Only admins read the audit log.");
  const from = query.from ? new Date(query.from) : undefined;
  // A date-only "to" means the whole of that day.
  const toExclusive = query.to
    ? DATE_ONLY.test(query.to)
      ? new Date(Date.parse(query.to) + DAY_MS)
      : new Date(Date.parse(query.to) + 1)
    : undefined;
  if (from && toExclusive && from >= toExclusive)
    throw new Invalid("Invalid query: to: must not be before from", [{ field: "to", reason: "must not be before from" }]);
  const after = query.cursor ? decodeCursor(query.cursor, cursorKey) : null;

  const where: Prisma.AuditLogWhereInput = {
    ...(query.entityType ? { entityType: query.entityType } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(from || toExclusive ? { at: { ...(from ? { gte: from } : {}), ...(toExclusive ? { lt: toExclusive } : {}) } } : {}),
    ...(after ? { OR: [{ at: { lt: new Date(after.at) } }, { at: new Date(after.at), id: { lt: after.id } }] } : {}),
  };
  const prisma = await getPrisma();
  const rows = await prisma.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const names = await namesOf(page);
  return {
    names,
    items: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      actor: row.actor,
      before: row.before,
      after: row.after,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.at.toISOString(), id: last.id }) : null,
  };
}

/** The entity types present in the log, for the filter. */
export async function listAuditEntityTypes(actor: Actor): Promise<string[]> {
  if (!can(actor, "read", "audit")) throw new Forbidden("Only admins read the audit log.");
  const prisma = await getPrisma();
  const rows = await prisma.$queryRawUnsafe<Array<{ entity_type: string }>>(
    `SELECT DISTINCT entity_type FROM audit_log ORDER BY entity_type`,
  );
  return rows.map((row) => row.entity_type);
}
