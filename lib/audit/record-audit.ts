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

const asJson = (value: unknown) => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue));

export async function recordAudit(tx: Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: asJson(entry.before),
      after: asJson(entry.after),
    },
  });
}

/** Many entries in one statement per 1,000 rows (bulk changes; stays under the bind-variable limit). */
export async function recordAudits(tx: Prisma.TransactionClient, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 1000) {
    await tx.auditLog.createMany({
      data: entries.slice(start, start + 1000).map((entry) => ({
        actorId: entry.actorId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        before: asJson(entry.before),
        after: asJson(entry.after),
      })),
    });
  }
}
