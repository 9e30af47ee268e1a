// Audit trail: who changed what, with before and after, written in the same
// transaction as the change so the two can never disagree.
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** An entry's before or after as jsonb text (null when absent). */
const jsonText = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** One entry: a raw INSERT (a Prisma create costs ~1 ms more in query building, on every write). */
export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.$executeRawUnsafe(
    // clock_timestamp(), not now(): entries of one transaction keep the order they were made in.
    `INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, before, after)
     VALUES (gen_random_uuid(), clock_timestamp(), $1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    entry.actorId,
    entry.action,
    entry.entityType,
    entry.entityId,
    jsonText(entry.before),
    jsonText(entry.after),
  );
}

/**
 * Many entries (bulk changes) in one INSERT … SELECT FROM unnest(…) per 5,000:
 * a few bind variables per batch however many rows, and one round trip.
 */
export async function recordAudits(tx: Prisma.TransactionClient, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 5000) {
    const batch = entries.slice(start, start + 5000);
    await tx.$executeRawUnsafe(
      `INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id, before, after)
       SELECT gen_random_uuid(), x.actor_id::uuid, x.action, x.entity_type, x.entity_id, x.before::jsonb, x.after::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS x(actor_id, action, entity_type, entity_id, before, after)`,
      batch.map((entry) => entry.actorId),
      batch.map((entry) => entry.action),
      batch.map((entry) => entry.entityType),
      batch.map((entry) => entry.entityId),
      batch.map((entry) => jsonText(entry.before)),
      batch.map((entry) => jsonText(entry.after)),
    );
  }
}
