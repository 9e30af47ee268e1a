// Writes to account_metrics that are not a full recompute, kept here with the table's other
// writers (lib/metrics owns account_metrics): an import's orders added to the stored rollups,
// and the owner copy that follows a reassignment.
import { unnest, type Query } from "@/lib/db/sql";
import { centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import { refreshRevenueMonths } from "./revenue-months";

/**
 * The chunk's orders added to their accounts' stored rollups (revenue, gross profit,
 * orders, first/last purchase, average order value) with one atomic UPDATE, under the
 * row locks the caller holds: exact at READ COMMITTED, so the reconciliation holds after
 * every chunk. The model-based measures (LTV, P(alive), flags) are recomputed once per
 * account when the import finishes (recomputeImportedAccounts): a random file touches
 * each account in several chunks, and recomputing it from its whole history every
 * time cost ~4× the work (see docs/import-formats.md, "Speed").
 */
export async function addOrdersToRollups(
  query: Query,
  purchases: { account: string[]; at: string[]; total: string[]; profit: string[] },
): Promise<void> {
  const byAccount = new Map<string, { revenue: number; profit: number; orders: number; first: string; last: string }>();
  purchases.account.forEach((accountId, i) => {
    const totalCents = centsFromDecimalString(purchases.total[i]!);
    const profitCents = centsFromDecimalString(purchases.profit[i]!);
    const at = purchases.at[i]!;
    const sum = byAccount.get(accountId);
    if (!sum) byAccount.set(accountId, { revenue: totalCents, profit: profitCents, orders: 1, first: at, last: at });
    else {
      sum.revenue += totalCents;
      sum.profit += profitCents;
      sum.orders += 1;
      if (at < sum.first) sum.first = at;
      if (at > sum.last) sum.last = at;
    }
  });
  if (byAccount.size === 0) return;
  const entries = [...byAccount.entries()];
  const params: unknown[] = [];
  const source = unnest(params, [
    ["account_id", "uuid", entries.map(([id]) => id)],
    ["revenue", "numeric", entries.map(([, s]) => decimalStringFromCents(s.revenue))],
    ["gross_profit", "numeric", entries.map(([, s]) => decimalStringFromCents(s.profit))],
    ["orders", "int4", entries.map(([, s]) => s.orders)],
    ["first_at", "timestamptz", entries.map(([, s]) => s.first)],
    ["last_at", "timestamptz", entries.map(([, s]) => s.last)],
  ]);
  // ISO strings of one format compare like the instants they name, so min/max above are exact.
  await query(
    `UPDATE account_metrics m
        SET revenue = m.revenue + u.revenue, gross_profit = m.gross_profit + u.gross_profit, orders = m.orders + u.orders,
            first_purchase_at = least(m.first_purchase_at, u.first_at), last_purchase_at = greatest(m.last_purchase_at, u.last_at),
            average_order_value = round((m.revenue + u.revenue) / (m.orders + u.orders), 2), computed_at = now()
       FROM ${source} WHERE m.account_id = u.account_id`,
    params,
  );
  // The monthly rollups are rewritten from the accounts' orders (the new ones without a conversion yet, as stored).
  await refreshRevenueMonths(
    query,
    entries.map(([id]) => id),
  );
}

/** The rep's ranking index reads metrics.owner_id: it follows the account's new owner (one array parameter, up to 5 000 accounts). */
export async function setMetricsOwner(query: Query, accountIds: string[], ownerId: string): Promise<void> {
  if (accountIds.length === 0) return;
  await query(`UPDATE account_metrics SET owner_id = $1::uuid WHERE account_id = ANY($2::uuid[])`, [ownerId, accountIds]);
}
