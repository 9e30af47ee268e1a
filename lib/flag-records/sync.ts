// The one entry point the metrics writers call: after an account's flags are computed,
// bring its flag records in line (raise, refresh, reopen after a snooze, resolve) in the
// same transaction that writes the account's metrics.
import { randomUUID } from "node:crypto";
import type { Flag } from "@/lib/flags/types";
import { FLAG_DISMISS_DAYS, planFlagSync, type FlagRecord } from "./machine";
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
  opts: { dismissDays?: number } = {},
): Promise<FlagRecord[]> {
  const current = await loadCurrentFlags(query, [accountId]);
  const plan = planFlagSync({
    accountId,
    computed: computedFlags,
    current,
    now: asOf,
    actorId,
    dismissDays: opts.dismissDays ?? FLAG_DISMISS_DAYS,
    newId: randomUUID,
  });
  if (plan.inserts.length === 0 && plan.updates.length === 0) return current;
  await applyFlagPlan(query, plan);
  const changed = new Map([...plan.updates, ...plan.inserts].map((record) => [record.id, record]));
  const after = new Map(current.map((record) => [record.id, record]));
  for (const [id, record] of changed) after.set(id, record);
  return [...after.values()].filter((record) => record.closedAt === null);
}

/** Would a sync change anything? (Readers use it to sync only accounts that need it.) */
export function flagsNeedSync(accountId: string, computedFlags: readonly Flag[], current: readonly FlagRecord[], now: Date): boolean {
  const plan = planFlagSync({ accountId, computed: computedFlags, current, now, actorId: null, newId: () => "probe" });
  return plan.inserts.length > 0 || plan.events.length > 0;
}
