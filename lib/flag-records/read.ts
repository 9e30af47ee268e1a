// Reading an account's flags with their state. Reads only: every writer of an account's
// flags syncs its records in the same transaction (lib/flag-records/sync.ts), so records are
// in step with the stored flags. What time alone changes needs no write either: a snooze that
// ran out reads as open (effectiveState) until the next sync records it; a dismissal that
// expired comes back at the next sync (a write on the account, or the daily recompute).
import { database } from "@/lib/db/client";
import type { Flag } from "@/lib/flags/types";
import { accountFlagsWithState, currentFlagsWithLinks, type AccountFlag } from "./flag-views";
import type { Query } from "./store";
import type { FlagRecord } from "./machine";
import { dealDraftFromFlag } from "./deal-draft";
import { appToday } from "@/lib/app-day";

export async function runnerFlagQuery(): Promise<Query> {
  const db = await database();
  return (sql, params, opts) => db.runner.query(sql, params, opts) as Promise<Array<Record<string, unknown>>>;
}

/**
 * The account's computed flags (as stored with its metrics) joined with their records. A
 * flag no sync has recorded (none should be) reads with id null: shown, not actionable.
 */
export async function accountFlagsFor(accountId: string, computed: readonly Flag[], now = new Date()): Promise<AccountFlag[]> {
  const query = await runnerFlagQuery();
  const { records, links } = await currentFlagsWithLinks(query, [accountId]);
  const withState = accountFlagsWithState(computed, records, links, now);
  return withDealDrafts(query, accountId, withState, now);
}

/** Adds the pre-filled deal to each upsell and cross-sell flag that has none yet. */
async function withDealDrafts(query: Query, accountId: string, flags: AccountFlag[], now: Date): Promise<AccountFlag[]> {
  const open = flags.filter((flag) => (flag.type === "upsell" || flag.type === "cross_sell") && !flag.dealId);
  if (open.length === 0) return flags;
  const productIds = open.map((flag) => flag.details?.productId).filter((id): id is string => typeof id === "string");
  // The products' names and the account's first decision maker, in one statement.
  const [row] = await query(
    `SELECT (SELECT json_agg(json_build_array(id::text, name)) FROM products WHERE id = ANY($1::uuid[])) AS products,
            (SELECT id::text FROM contacts WHERE account_id = $2::uuid AND decision_role = 'DECISION_MAKER'
              ORDER BY created_at, id LIMIT 1) AS decision_maker_id`,
    [productIds, accountId],
    { prepare: "deal-draft-names" },
  );
  const products = (typeof row?.products === "string" ? JSON.parse(row.products) : (row?.products ?? [])) as Array<[string, string]>;
  const names = new Map(products);
  const decisionMakerId = row?.decision_maker_id == null ? null : String(row.decision_maker_id);
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
  const { records: current, links } = await currentFlagsWithLinks(query, ids);
  for (const record of current) records.get(record.accountId)?.push(record);
  const result = new Map<string, AccountFlag[]>();
  for (const { accountId, flags } of accounts) result.set(accountId, accountFlagsWithState(flags, records.get(accountId)!, links, now));
  return result;
}
