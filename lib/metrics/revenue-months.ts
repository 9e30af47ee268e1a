// Monthly revenue rollups for the dashboard's history charts (issue 18, decision 0016).
// - account_revenue_months: one row per account and month with orders, rewritten from the
//   account's orders by refreshRevenueMonths. Every writer of an account's orders calls it in
//   its own transaction, under the account's row lock, after the orders' reporting amounts are
//   written (recomputeAccountMetrics, an import chunk, every recompute batch).
// - portfolio_revenue_months / portfolio_cohort_months: the portfolio's sums, kept as a log of
//   signed changes: the same statement that rewrites an account's months appends (new − old),
//   so writers for different accounts never wait for one another on a shared row (a counter row
//   per month would serialise every order of the month and invite deadlocks). Readers add the
//   rows up; foldPortfolioRollups rebuilds them from the account rows (after a full recompute).
import { transactionQuery, type Query } from "@/lib/db/sql";
import type { Database } from "@/lib/db/client";
import { foldMetricsChanges } from "./generation";
import { rebuildMetricsTallies } from "./tallies";
import { PORTFOLIO_FOLD_LOCK_ID } from "@/lib/db/advisory-locks";

/** An account counts as a new customer for this many days after its first purchase. */
export const NEW_CUSTOMER_DAYS = 90;

/**
 * Rewrites the accounts' monthly rows from their orders and appends the change to the portfolio
 * logs, in one statement. The caller holds the accounts' row locks (FOR UPDATE) and has written
 * the orders' reporting amounts: then this statement, whose snapshot is taken after the lock,
 * sees every committed order of the accounts and no other writer rewrites them meanwhile.
 * An account without orders loses its rows (and its share of the portfolio figures).
 */
export async function refreshRevenueMonths(query: Query, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await query(
    `WITH first AS (
       SELECT account_id, min(purchased_at) AS first_at FROM purchases WHERE account_id = ANY($1::uuid[]) GROUP BY account_id
     ),
     fresh AS (
       SELECT p.account_id, date_trunc('month', p.purchased_at AT TIME ZONE 'UTC')::date AS month, count(*)::int AS orders,
              coalesce(sum(p.reporting_total), 0) AS revenue,
              coalesce(sum(p.reporting_total) FILTER (WHERE p.purchased_at < f.first_at + $2::interval), 0) AS new_revenue,
              count(*) FILTER (WHERE p.reporting_total IS NULL)::int AS orders_without_rate,
              a.currency
         FROM purchases p JOIN first f ON f.account_id = p.account_id JOIN accounts a ON a.id = p.account_id
        WHERE p.account_id = ANY($1::uuid[])
        GROUP BY p.account_id, 2, a.currency
     ),
     old AS (SELECT * FROM account_revenue_months WHERE account_id = ANY($1::uuid[])),
     revenue_change AS (
       SELECT month, currency, sum(orders)::int AS orders, sum(revenue) AS revenue, sum(new_revenue) AS new_revenue,
              sum(orders_without_rate)::int AS orders_without_rate
         FROM (SELECT month, currency, orders, revenue, new_revenue, orders_without_rate FROM fresh
               UNION ALL
               SELECT month, currency, -orders, -revenue, -new_revenue, -orders_without_rate FROM old) d
        GROUP BY month, currency
       HAVING sum(orders) <> 0 OR sum(revenue) <> 0 OR sum(new_revenue) <> 0 OR sum(orders_without_rate) <> 0
     ),
     cohort_change AS (
       SELECT cohort, month, sum(n)::int AS accounts
         FROM (SELECT min(month) OVER (PARTITION BY account_id) AS cohort, month, 1 AS n FROM fresh
               UNION ALL
               SELECT min(month) OVER (PARTITION BY account_id), month, -1 FROM old) d
        GROUP BY cohort, month
       HAVING sum(n) <> 0
     ),
     gone AS (
       DELETE FROM account_revenue_months r
        WHERE r.account_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.account_id = r.account_id AND f.month = r.month)
     ),
     kept AS (
       INSERT INTO account_revenue_months (account_id, month, orders, revenue, new_revenue, orders_without_rate, currency)
       SELECT account_id, month, orders, revenue, new_revenue, orders_without_rate, currency FROM fresh
       ON CONFLICT (account_id, month) DO UPDATE
          SET orders = EXCLUDED.orders, revenue = EXCLUDED.revenue, new_revenue = EXCLUDED.new_revenue,
              orders_without_rate = EXCLUDED.orders_without_rate, currency = EXCLUDED.currency
        WHERE (account_revenue_months.orders, account_revenue_months.revenue, account_revenue_months.new_revenue,
               account_revenue_months.orders_without_rate, account_revenue_months.currency)
              IS DISTINCT FROM (EXCLUDED.orders, EXCLUDED.revenue, EXCLUDED.new_revenue, EXCLUDED.orders_without_rate, EXCLUDED.currency)
     ),
     logged AS (
       INSERT INTO portfolio_revenue_months (month, currency, orders, revenue, new_revenue, orders_without_rate)
       SELECT month, currency, orders, revenue, new_revenue, orders_without_rate FROM revenue_change
     )
     INSERT INTO portfolio_cohort_months (cohort, month, accounts) SELECT cohort, month, accounts FROM cohort_change`,
    [[...accountIds], `${NEW_CUSTOMER_DAYS} days`],
  );
}

/** refreshRevenueMonths under the accounts' row locks, for callers outside a transaction that holds them. */
export async function lockAndRefreshRevenueMonths(query: Query, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  // In id order, as every multi-account writer locks (imports, flag sync): no deadlock between them.
  await query(`SELECT id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...accountIds]]);
  await refreshRevenueMonths(query, accountIds);
}

/**
 * Rebuilds the portfolio logs from the account rows: one row per key instead of the changes
 * appended since the last fold, and whatever an account deleted outright (its rows went with it,
 * its share of the log did not) is dropped. One statement, exact while writers go on: it deletes
 * only the log rows its snapshot sees and sums the account rows of the same snapshot; a change
 * committed later (account rows and log row together) is neither deleted nor counted twice.
 * Folds take turns (an advisory lock); each statement's snapshot is taken after the lock.
 */
export async function foldPortfolioRollups(db: Database): Promise<void> {
  await db.prisma.$transaction(
    async (tx) => {
      await foldLogs(transactionQuery(tx));
      // The same daily moment folds the log of account_metrics changes (generation.ts) and
      // rebuilds the tallies from the rows (tallies.ts: anything a write with triggers off left out).
      await foldMetricsChanges(transactionQuery(tx));
      await rebuildMetricsTallies(transactionQuery(tx));
    },
    { timeout: 120_000 },
  );
}

async function foldLogs(query: Query): Promise<void> {
  await query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${PORTFOLIO_FOLD_LOCK_ID})`, []);
  await query(
    `WITH gone AS (DELETE FROM portfolio_revenue_months)
     INSERT INTO portfolio_revenue_months (month, currency, orders, revenue, new_revenue, orders_without_rate)
     SELECT month, currency, sum(orders)::int, sum(revenue), sum(new_revenue), sum(orders_without_rate)::int
       FROM account_revenue_months GROUP BY month, currency`,
    [],
  );
  await query(
    `WITH gone AS (DELETE FROM portfolio_cohort_months)
     INSERT INTO portfolio_cohort_months (cohort, month, accounts)
     SELECT cohort, month, count(*)::int
       FROM (SELECT min(month) OVER (PARTITION BY account_id) AS cohort, month FROM account_revenue_months) r
      GROUP BY cohort, month`,
    [],
  );
}
