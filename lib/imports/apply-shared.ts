// What the per-entity import writers share: the chunk's outcome and context, reference
// lookups, row locks, and one wording per unknown reference.
import { type Query } from "@/lib/db/sql";
import { loadMetricsAccounts, writeMetrics } from "@/lib/metrics/store";
import { refreshRevenueMonths } from "@/lib/metrics/revenue-months";
import { syncFlagsOfBatch } from "@/lib/flag-records/sync";
import { metricsRowOf } from "@/lib/metrics/recompute";
import type { MetricsContext } from "@/lib/metrics/context";
import type { ImportEntity, Role } from "@/lib/generated/prisma/enums";
import type { RowError } from "./schema";

export interface ChunkOutcome {
  created: number;
  updated: number;
  skipped: number;
  /** Reference errors found against the database. */
  errors: RowError[];
}

export interface ApplyContext {
  entity: ImportEntity;
  /** Columns present in the file: an update leaves the others alone. */
  columns: ReadonlySet<string>;
  actorId: string;
  users: Map<string, { id: string; active: boolean; role: Role }>;
  products: Map<string, { id: string; unitCostCents: number }>;
  /** Metrics inputs, loaded once per run; null in the validation pass. */
  metrics: MetricsContext | null;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidsOf = (keys: Iterable<string>) => [...new Set([...keys].filter((key) => UUID.test(key)))];
export const iso = (date: Date) => date.toISOString();

/**
 * Accounts by the key a file uses for them: the external id, or — for an account
 * that has none — its id (what the export writes), keyed by that text.
 */
export async function accountsByKey(query: Query, keys: Iterable<string>): Promise<Map<string, { id: string; ownerId: string }>> {
  const list = [...new Set(keys)];
  const found = new Map<string, { id: string; ownerId: string }>();
  if (list.length === 0) return found;
  const rows = await query(
    `SELECT id, external_id, owner_id FROM accounts
      WHERE external_id = ANY($1::text[]) OR (external_id IS NULL AND id = ANY($2::uuid[]))`,
    [list, uuidsOf(list)],
  );
  for (const row of rows)
    found.set(row.external_id === null ? String(row.id) : String(row.external_id), { id: String(row.id), ownerId: String(row.owner_id) });
  return found;
}

/** Recomputes the live metrics of these accounts inside the chunk's transaction (the rows are locked by the caller). */
export async function refreshMetrics(query: Query, accountIds: string[], context: MetricsContext): Promise<void> {
  if (accountIds.length === 0) return;
  const asOf = new Date();
  const accounts = await loadMetricsAccounts(query, accountIds);
  const rows = [...accounts.values()].map((account) => metricsRowOf(account, context, asOf));
  await writeMetrics(query, rows);
  // The monthly rollups follow the orders' conversion (and an account's currency) just written.
  await refreshRevenueMonths(query, accountIds);
  // Their flag records follow the flags just written, in the same transaction, as on the live path.
  await syncFlagsOfBatch(
    query,
    rows.map((row) => ({ accountId: row.accountId, flags: row.metrics.flags })),
    asOf,
  );
}

/** Locks the accounts' rows; returns their owners as they are under the lock. */
export async function lockAccounts(query: Query, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  // A fixed order, so two writers locking overlapping sets cannot deadlock.
  const rows = await query(
    `SELECT id::text AS id, owner_id::text AS owner_id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return new Map(rows.map((row) => [String(row.id), String(row.owner_id)]));
}

export const none = (): ChunkOutcome => ({ created: 0, updated: 0, skipped: 0, errors: [] });

// One wording per unknown reference, whether the row is otherwise fine or not.
export const noUser = (email: string) => `no user with the email ${email}`;
export const noAccount = (key: string) => `no account with external_id ${key}`;
export const noProduct = (sku: string) => `no product with sku ${sku}`;
