// The refit's read of the account summaries (decision 0006), streamed in chunks by account id
// (decision 0023): what fitPortfolio folds into the model's columns and the portfolio tally.
import type { Query } from "@/lib/db/sql";
import { ANCHOR_CURRENCY } from "@/lib/fx/rates";
import { centsFromDecimalString } from "@/lib/money";

/** What the refit reads of one buying account. */
export interface RefitAccount {
  accountId: string;
  segment: string;
  /** The account's currency (its summaries' amounts are in it). */
  currency: string;
  /** UTC day numbers of the first and last purchase. */
  firstDay: number;
  lastDay: number;
  purchaseDays: number;
  repeatRevenueCents: number;
  usualGapDays: number | null;
  /** account_metrics.category_spend as text, parsed only for the portfolio context (after the fit). */
  categorySpendJson: string;
}

/** The refit's customers: accounts with a purchase on or before the as-of time ($1). */
export const BUYING_ACCOUNT = "purchase_days > 0 AND first_purchase_at <= $1::timestamptz";

/**
 * Buying accounts read per statement. The refit streams them: each chunk goes into the fit's
 * number columns and the portfolio tallies, then is dropped. Read whole, 1 000 000 summaries
 * (ids, segment, category-spend JSON) held ~1.4 GB in the job worker's process. On PGlite, whose
 * one connection a request may be waiting on, a chunk is a short statement; on a server fewer,
 * longer chunks save round trips (10 000: 7.6 s to read 1 000 000; 50 000: 6.3 s).
 */
export const REFIT_READ_CHUNK = { pglite: 10_000, postgres: 50_000 } as const;

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * Each account's currency: the most common one, and a map of the accounts in another (one scan
 * of accounts, 0.3 s at 1 000 000). Joining accounts into every chunk instead fetched each
 * account's row by its key, out of heap order: 4 of the 7.6 s the chunks took at 1 000 000.
 */
export async function loadAccountCurrencies(query: Query): Promise<(accountId: string) => string> {
  const rows = await query(
    `WITH common AS (SELECT currency FROM accounts GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1)
     SELECT NULL AS id, trim(currency) AS currency FROM common
     UNION ALL
     SELECT a.id::text, trim(a.currency) FROM accounts a WHERE a.currency <> (SELECT currency FROM common)`,
    [],
  );
  let common = ANCHOR_CURRENCY;
  const other = new Map<string, string>();
  for (const row of rows) {
    if (row.id === null) common = String(row.currency);
    else other.set(String(row.id), String(row.currency));
  }
  return (accountId) => other.get(accountId) ?? common;
}

async function refitAccountsAfter(
  query: Query,
  asOf: Date,
  after: string,
  limit: number,
  currencyOf: (accountId: string) => string,
): Promise<RefitAccount[]> {
  const rows = await query(
    `SELECT m.account_id::text AS account_id, m.segment, purchase_days,
            -- Day numbers here: 200 000 timestamps parsed in JavaScript cost ~300 ms at 100 000 accounts.
            floor(extract(epoch FROM first_purchase_at) / 86400)::int AS first_day,
            floor(extract(epoch FROM last_purchase_at) / 86400)::int AS last_day,
            repeat_revenue::text AS repeat_revenue, usual_gap_days, category_spend::text AS category_spend
       FROM account_metrics m
      WHERE ${BUYING_ACCOUNT} AND m.account_id > $2::uuid
      ORDER BY m.account_id
      LIMIT $3`,
    [asOf.toISOString(), after, limit],
  );
  return rows.map((row) => {
    const accountId = String(row.account_id);
    return {
      accountId,
      segment: String(row.segment),
      currency: currencyOf(accountId),
      firstDay: Number(row.first_day),
      lastDay: Number(row.last_day),
      purchaseDays: Number(row.purchase_days),
      repeatRevenueCents: centsFromDecimalString(String(row.repeat_revenue)),
      usualGapDays: row.usual_gap_days === null ? null : Number(row.usual_gap_days),
      categorySpendJson: String(row.category_spend),
    };
  });
}

/**
 * The buying accounts and their summaries in chunks, in account-id order (uuid order on the
 * server is the order of the lower-case id strings): the same data always give the same fit,
 * since summation order moves the optimiser's path. The next chunk is read while the caller
 * works on this one. Each chunk is its own statement, so an account written between two reads
 * is seen once, in its state at its chunk's read: the fit is an estimate over the book.
 */
export async function* refitAccountChunks(query: Query, asOf: Date, chunk: number): AsyncGenerator<RefitAccount[]> {
  const currencyOf = await loadAccountCurrencies(query);
  let next: Promise<RefitAccount[]> | null = refitAccountsAfter(query, asOf, NIL_UUID, chunk, currencyOf);
  while (next) {
    const accounts: RefitAccount[] = await next;
    const last = accounts.at(-1);
    next = accounts.length === chunk && last ? refitAccountsAfter(query, asOf, last.accountId, chunk, currencyOf) : null;
    // Awaited on the next turn; a caller that stops early must not leave it unhandled.
    next?.catch(() => {});
    if (accounts.length > 0) yield accounts;
  }
}

/** Every buying account and its summary, in account-id order (tests and small books; the refit streams). */
export async function loadRefitAccounts(query: Query, asOf: Date, chunk: number = REFIT_READ_CHUNK.pglite): Promise<RefitAccount[]> {
  const accounts: RefitAccount[] = [];
  for await (const part of refitAccountChunks(query, asOf, chunk)) accounts.push(...part);
  return accounts;
}
