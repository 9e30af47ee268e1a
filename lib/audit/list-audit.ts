// The audit log for admins: newest first, filterable, keyset-paged by (at, id)
// descending with an opaque cursor, so paging never skips or repeats an entry
// even when many share a timestamp or new entries arrive meanwhile.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, Invalid } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import type { Prisma } from "@/lib/generated/prisma/client";

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const instant = z
  .string()
  .trim()
  .refine((value) => (DATE_ONLY.test(value) || /^\d{4}-\d{2}-\d{2}T/.test(value)) && !Number.isNaN(Date.parse(value)), "must be a date (YYYY-MM-DD) or an ISO 8601 time");

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

const cursorKey = z.object({ at: z.iso.datetime(), id: recordId() }).strict();

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

export async function listAudit(actor: Actor, query: ListAuditQuery): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  if (!can(actor, "read", "audit")) throw new Forbidden("Only admins read the audit log.");
  const from = query.from ? new Date(query.from) : undefined;
  // A date-only "to" means the whole of that day.
  const toExclusive = query.to ? (DATE_ONLY.test(query.to) ? new Date(Date.parse(query.to) + DAY_MS) : new Date(Date.parse(query.to) + 1)) : undefined;
  if (from && toExclusive && from >= toExclusive) throw new Invalid("Invalid query: to: must not be before from", [{ field: "to", reason: "must not be before from" }]);
  const after = query.cursor ? decodeCursor(query.cursor, cursorKey) : null;

  const where: Prisma.AuditLogWhereInput = {
    ...(query.entityType ? { entityType: query.entityType } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.action ? { action: { startsWith: query.action } } : {}),
    ...(from || toExclusive ? { at: { ...(from ? { gte: from } : {}), ...(toExclusive ? { lt: toExclusive } : {}) } } : {}),
    ...(after
      ? { OR: [{ at: { lt: new Date(after.at) } }, { at: new Date(after.at), id: { lt: after.id } }] }
      : {}),
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
  return {
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
  const rows = await prisma.$queryRawUnsafe<Array<{ entity_type: string }>>(`SELECT DISTINCT entity_type FROM audit_log ORDER BY entity_type`);
  return rows.map((row) => row.entity_type);
}
