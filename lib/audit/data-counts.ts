// A fingerprint of everything a request could write: row counts, the latest
// change time of each editable table, the sum of optimistic-concurrency versions
// and the newest audit entry. Two equal fingerprints mean no write happened in
// between (the fuzz test compares them around every generated request).
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";

const COUNTED = [
  "users",
  "accounts",
  "contacts",
  "categories",
  "products",
  "deals",
  "purchases",
  "purchase_lines",
  "visits",
  "cost_settings",
  "audit_log",
  "jobs",
  "imports",
] as const;
const TOUCHED = ["users", "accounts", "contacts", "products", "deals", "purchases", "imports"] as const;
const VERSIONED = ["accounts", "contacts", "deals", "purchases"] as const;

export interface DataCounts {
  counts: Record<(typeof COUNTED)[number], number>;
  lastChangedAt: Record<(typeof TOUCHED)[number], string | null>;
  versionSum: Record<(typeof VERSIONED)[number], number>;
  newestAudit: { id: string; at: string; action: string } | null;
}

export async function dataCounts(actor: Actor): Promise<DataCounts> {
  if (!can(actor, "read", "audit")) throw new Forbidden("Only admins read the data counts.");
  const prisma = await getPrisma();
  // Table names are constants above, never input.
  const select = [
    ...COUNTED.map((table) => `(SELECT count(*)::int FROM ${table}) AS "count_${table}"`),
    ...TOUCHED.map((table) => `(SELECT max(updated_at) FROM ${table}) AS "touched_${table}"`),
    ...VERSIONED.map((table) => `(SELECT coalesce(sum(version), 0)::int FROM ${table}) AS "version_${table}"`),
  ].join(", ");
  const [row] = await prisma.$queryRawUnsafe<Array<Record<string, number | Date | null>>>(`SELECT ${select}`);
  const newest = await prisma.auditLog.findFirst({
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { id: true, at: true, action: true },
  });
  const pick = <K extends string, V>(keys: readonly K[], prefix: string, map: (value: number | Date | null) => V) =>
    Object.fromEntries(keys.map((key) => [key, map(row![`${prefix}${key}`] ?? null)])) as Record<K, V>;
  return {
    counts: pick(COUNTED, "count_", (value) => Number(value)),
    lastChangedAt: pick(TOUCHED, "touched_", (value) =>
      value instanceof Date ? value.toISOString() : value === null ? null : String(value),
    ),
    versionSum: pick(VERSIONED, "version_", (value) => Number(value)),
    newestAudit: newest ? { id: newest.id, at: newest.at.toISOString(), action: newest.action } : null,
  };
}
