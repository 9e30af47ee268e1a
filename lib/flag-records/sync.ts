// The one entry point the metrics writers call: after an account's flags are computed,
// bring its flag records in line (raise, refresh, reopen after a snooze, resolve) in the
// same transaction that writes the account's metrics. Every writer of account_metrics.flags
// calls it (the live recompute, the bulk recompute, imports, the cost swap), so readers
// only read (decision 0009).
import { randomUUID } from "node:crypto";
import type { Flag } from "@/lib/flags/types";
import { planFlagSync, type FlagRecord } from "./machine";
import { flagDismissDays } from "./settings";
import { applyFlagPlan, loadCurrentFlags, type Query } from "./store";

/**
 * Syncs one account's flag records with its freshly computed flags. The caller holds the
 * account's row lock (as recomputeAccountMetrics does), so two syncs of one account never
 * interleave. Returns the account's current records afterwards.
 */
export async function syncAccountFlags(
  query: Query,
  accountId: string,
  computedFlags: readonly Flag[],
  asOf: Date,
  actorId: string | null,
): Promise<FlagRecord[]> {
  const current = await loadCurrentFlags(query, [accountId]);
  const dismissDays = await flagDismissDays(query);
  const plan = planFlagSync({
    accountId,
    computed: computedFlags,
    current,
    now: asOf,
    actorId,
    dismissDays,
    newId: randomUUID,
  });
  if (plan.inserts.length === 0 && plan.updates.length === 0) return current;
  await applyFlagPlan(query, plan);
  const changed = new Map([...plan.updates, ...plan.inserts].map((record) => [record.id, record]));
  const after = new Map(current.map((record) => [record.id, record]));
  for (const [id, record] of changed) after.set(id, record);
  return [...after.values()].filter((record) => record.closedAt === null);
}

/** account_metrics.flags as the drivers return it (jsonb: parsed, or text on some). */
export function flagsFromJson(value: unknown): Flag[] {
  const parsed = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as Flag[]) : [];
}

/**
 * For the bulk metrics writers (full recompute, cost job): syncs a batch's flag records
 * after the batch's metrics were written. Run it inside one transaction per batch (`query`
 * bound to it): it locks the batch's accounts in id order, as every multi-account writer
 * does, and leaves out accounts whose stored metrics are newer than `asOf` (a live write
 * landed after the bulk pass read them, and that write already synced its flags).
 * One read of the current records for the batch; writes only what changed.
 */
export async function syncFlagsOfBatch(
  query: Query,
  accounts: ReadonlyArray<{ accountId: string; flags: readonly Flag[] }>,
  asOf: Date,
  opts: {
    /** The flags passed are the stored ones, read under the lock (syncStoredFlags): sync every account. */
    ignoreNewerMetrics?: boolean;
    /**
     * The version (xmin) of each account's live metrics row that the bulk pass read before its
     * orders (null: none): an account whose row is another version now was written live since, and
     * is left out too (a pass through the shadow table recomputes and syncs it after its swap).
     * Either way, an account whose row is computed after `asOf` is left out.
     */
    readVersions?: ReadonlyMap<string, string | null>;
  } = {},
): Promise<number> {
  if (accounts.length === 0) return 0;
  const ids = accounts.map((account) => account.accountId).sort();
  await query(`SELECT id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  const skip = new Set<string>();
  if (!opts.ignoreNewerMetrics) {
    const live = await query(
      `SELECT account_id::text AS account_id, xmin::text AS version, computed_at > $2::timestamptz AS newer
         FROM account_metrics WHERE account_id = ANY($1::uuid[])`,
      [ids, asOf.toISOString()],
    );
    for (const row of live) if (row.newer === true) skip.add(String(row.account_id));
    const read = opts.readVersions;
    if (read) {
      const liveVersions = new Map(live.map((row) => [String(row.account_id), String(row.version)] as const));
      for (const id of ids) if ((liveVersions.get(id) ?? null) !== (read.get(id) ?? null)) skip.add(id);
    }
  }
  const dismissDays = await flagDismissDays(query);
  const current = new Map<string, FlagRecord[]>();
  for (const record of await loadCurrentFlags(query, ids)) {
    const list = current.get(record.accountId) ?? [];
    list.push(record);
    current.set(record.accountId, list);
  }
  const plans = [];
  for (const { accountId, flags } of accounts) {
    if (skip.has(accountId)) continue;
    const plan = planFlagSync({
      accountId,
      computed: flags,
      current: current.get(accountId) ?? [],
      now: asOf,
      actorId: null,
      dismissDays,
      newId: randomUUID,
    });
    if (plan.inserts.length > 0 || plan.updates.length > 0) plans.push(plan);
  }
  await applyFlagPlan(query, plans);
  return plans.length;
}

/**
 * Brings these accounts' flag records in line with the flags stored in their metrics, in the
 * caller's transaction: locks the accounts in id order and reads their flags under the lock,
 * so the result is right whatever was written before. For a writer whose flags land without
 * a sync of their own: the cost swap renames a whole table of new flags into place.
 */
export async function syncStoredFlags(query: Query, accountIds: readonly string[], now: Date): Promise<number> {
  if (accountIds.length === 0) return 0;
  const ids = [...accountIds].sort();
  await query(`SELECT id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  const rows = await query(`SELECT account_id::text AS account_id, flags FROM account_metrics WHERE account_id = ANY($1::uuid[])`, [ids]);
  const stored = rows.map((row) => ({ accountId: String(row.account_id), flags: flagsFromJson(row.flags) }));
  return syncFlagsOfBatch(query, stored, now, { ignoreNewerMetrics: true });
}
