// Reading an account's flags with their state. Accounts whose metrics were written by a
// path that does not sync flag records yet (a bulk recompute, the seed) get their records
// on first read: the same sync, under the account's row lock, from the stored flags.
import { database, getPrisma } from "@/lib/db/client";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import type { Flag } from "@/lib/flags/types";
import { txQuery } from "./flag-actions";
import { accountFlagsWithState, linksOf, type AccountFlag } from "./flag-views";
import { loadCurrentFlags, type Query } from "./store";
import type { FlagRecord } from "./machine";
import { flagsNeedSync, syncAccountFlags, syncFlagsOfBatch } from "./sync";
import { flagDismissDays } from "./settings";
import { dealDraftFromFlag } from "./deal-draft";
import { appToday } from "@/lib/app-day";

const flagsFromJson = (value: unknown): Flag[] => {
  const parsed = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as Flag[]) : [];
};

export async function runnerFlagQuery(): Promise<Query> {
  const db = await database();
  return (sql, params) => db.runner.query(sql, params) as Promise<Array<Record<string, unknown>>>;
}

/** The account's computed flags (as stored with its metrics) joined with their records. */
export async function accountFlagsFor(accountId: string, computed: readonly Flag[], now = new Date()): Promise<AccountFlag[]> {
  const query = await runnerFlagQuery();
  let records = await loadCurrentFlags(query, [accountId]);
  let flags = computed;
  if (flagsNeedSync(accountId, computed, records, now, await flagDismissDays(query))) {
    const prisma = await getPrisma();
    ({ records, flags } = await prisma.$transaction(async (tx) => {
      const q = txQuery(tx);
      const locked = await q(`SELECT id FROM accounts WHERE id = $1::uuid FOR UPDATE`, [accountId]);
      if (locked.length === 0) return { records: [], flags: [] };
      // Re-read under the lock: a writer may have stored newer flags since the caller read them.
      const [row] = await q(`SELECT flags FROM account_metrics WHERE account_id = $1::uuid`, [accountId]);
      const fresh = flagsFromJson(row?.flags);
      return { records: await syncAccountFlags(q, accountId, fresh, now, null), flags: fresh };
    }, LIVE_WRITE_TRANSACTION));
  }
  const withState = await accountFlagsWithState(query, flags, records, now);
  return withDealDrafts(query, accountId, withState, now);
}

/** Adds the pre-filled deal to each upsell and cross-sell flag that has none yet. */
async function withDealDrafts(query: Query, accountId: string, flags: AccountFlag[], now: Date): Promise<AccountFlag[]> {
  const open = flags.filter((flag) => (flag.type === "upsell" || flag.type === "cross_sell") && !flag.dealId);
  if (open.length === 0) return flags;
  const productIds = open.map((flag) => flag.details?.productId).filter((id): id is string => typeof id === "string");
  const [products, makers] = await Promise.all([
    productIds.length ? query(`SELECT id::text AS id, name FROM products WHERE id = ANY($1::uuid[])`, [productIds]) : Promise.resolve([]),
    query(`SELECT id::text AS id FROM contacts WHERE account_id = $1::uuid AND decision_role = 'DECISION_MAKER' ORDER BY created_at, id LIMIT 1`, [accountId]),
  ]);
  const names = new Map(products.map((row) => [String(row.id), String(row.name)]));
  const decisionMakerId = makers[0] ? String(makers[0].id) : null;
  return flags.map((flag) =>
    open.includes(flag) ? { ...flag, dealDraft: dealDraftFromFlag(flag, { product: (id) => names.get(id), decisionMakerId }, appToday(now)) } : flag,
  );
}

/**
 * The flags of many accounts at once (the Today list): one read of the records, one sync
 * transaction for the accounts that need it, one read of the links. Keyed by account id.
 */
export async function flagsOfAccounts(
  accounts: ReadonlyArray<{ accountId: string; flags: readonly Flag[] }>,
  now = new Date(),
): Promise<Map<string, AccountFlag[]>> {
  const query = await runnerFlagQuery();
  const ids = accounts.map((account) => account.accountId);
  const records = new Map<string, FlagRecord[]>(ids.map((id) => [id, []]));
  for (const record of await loadCurrentFlags(query, ids)) records.get(record.accountId)?.push(record);
  const computed = new Map(accounts.map((account) => [account.accountId, account.flags]));
  const dismissDays = await flagDismissDays(query);
  const stale = ids.filter((id) => flagsNeedSync(id, computed.get(id)!, records.get(id)!, now, dismissDays));
  if (stale.length > 0) {
    const prisma = await getPrisma();
    await prisma.$transaction(async (tx) => {
      const q = txQuery(tx);
      // Locks in id order, as every other multi-account writer, so two such readers never deadlock.
      const locked = await q(`SELECT id::text AS id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...stale].sort()]);
      const lockedIds = locked.map((row) => String(row.id));
      const rows = await q(`SELECT account_id::text AS account_id, flags FROM account_metrics WHERE account_id = ANY($1::uuid[])`, [lockedIds]);
      const batch = rows.map((row) => ({ accountId: String(row.account_id), flags: flagsFromJson(row.flags) }));
      for (const { accountId, flags } of batch) computed.set(accountId, flags);
      // One plan per account, written in a few statements; then the records as they now are.
      await syncFlagsOfBatch(q, batch, now, { ignoreNewerMetrics: true });
      for (const id of lockedIds) records.set(id, []);
      for (const record of await loadCurrentFlags(q, lockedIds)) records.get(record.accountId)?.push(record);
    }, LIVE_WRITE_TRANSACTION);
  }
  const links = await linksOf(query, [...records.values()].flat().map((record) => record.id));
  const result = new Map<string, AccountFlag[]>();
  for (const id of ids) result.set(id, await accountFlagsWithState(query, computed.get(id)!, records.get(id)!, now, links));
  return result;
}
