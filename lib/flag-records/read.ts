// Reading an account's flags with their state. Reads only: every writer of an account's
// flags syncs its records in the same transaction (lib/flag-records/sync.ts), so records are
// in step with the stored flags. What time alone changes needs no write either: a snooze that
// ran out reads as open (effectiveState) until the next sync records it; a dismissal that
// expired comes back at the next sync (a write on the account, or the daily recompute).
import { database } from "@/lib/db/client";
import type { Flag } from "@/lib/flags/types";
import { accountFlagsWithState, linksOf, type AccountFlag } from "./flag-views";
import { loadCurrentFlags, type Query } from "./store";
import type { FlagRecord } from "./machine";
import { dealDraftFromFlag } from "./deal-draft";
import { appToday } from "@/lib/app-day";

export async function runnerFlagQuery(): Promise<Query> {
  const db = await database();
  return (sql, params) => db.runner.query(sql, params) as Promise<Array<Record<string, unknown>>>;
}

/**
 * The account's computed flags (as stored with its metrics) joined with their records. A
 * flag no sync has recorded (none should be) reads with id null: shown, not actionable.
 */
export async function accountFlagsFor(accountId: string, computed: readonly Flag[], now = new Date()): Promise<AccountFlag[]> {
  const query = await runnerFlagQuery();
  const records = await loadCurrentFlags(query, [accountId]);
  const withState = await accountFlagsWithState(query, computed, records, now);
  return withDealDrafts(query, accountId, withState, now);
}

/** Adds the pre-filled deal to each upsell and cross-sell flag that has none yet. */
async function withDealDrafts(query: Query, accountId: string, flags: AccountFlag[], now: Date): Promise<AccountFlag[]> {
  const open = flags.filter((flag) => (flag.type === "upsell" || flag.type === "cross_sell") && !flag.dealId);
  if (open.length === 0) return flags;
  const productIds = open.map((flag) => flag.details?.productId).filter((id): id is string => typeof id === "string");
  const [products, makers] = await Promise.all([
    productIds.length ? query(`SELECT id::text AS id, name FROM products WHERE id = ANY($1::uuid[])`, [productIds]) : Promise.resolve([]),
    query(
      `SELECT id::text AS id FROM contacts WHERE account_id = $1::uuid AND decision_role = 'DECISION_MAKER' ORDER BY created_at, id LIMIT 1`,
      [accountId],
    ),
  ]);
  const names = new Map(products.map((row) => [String(row.id), String(row.name)]));
  const decisionMakerId = makers[0] ? String(makers[0].id) : null;
  return flags.map((flag) =>
    open.includes(flag)
      ? { ...flag, dealDraft: dealDraftFromFlag(flag, { product: (id) => names.get(id), decisionMakerId }, appToday(now)) }
      : flag,
  );
}

/** The flags of many accounts at once (the Today list): one read of the records, one of the links. Keyed by account id. */
export async function flagsOfAccounts(
  accounts: ReadonlyArray<{ accountId: string; flags: readonly Flag[] }>,
  now = new Date(),
): Promise<Map<string, AccountFlag[]>> {
  const query = await runnerFlagQuery();
  const ids = accounts.map((account) => account.accountId);
  const records = new Map<string, FlagRecord[]>(ids.map((id) => [id, []]));
  for (const record of await loadCurrentFlags(query, ids)) records.get(record.accountId)?.push(record);
  const links = await linksOf(
    query,
    [...records.values()].flat().map((record) => record.id),
  );
  const result = new Map<string, AccountFlag[]>();
  for (const { accountId, flags } of accounts)
    result.set(accountId, await accountFlagsWithState(query, flags, records.get(accountId)!, now, links));
  return result;
}
