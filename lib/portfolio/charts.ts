// Manager dashboard data: KPI strip, Pareto curve, LTV histogram, revenue at
// risk by rep (from the live account_metrics, so the figures agree with the
// ranking), plus two purchase-history charts (cohort retention, revenue from new
// vs existing customers) read from the monthly rollups.
// The dashboard's heavy reads go to the read replica when one is configured.
import { readDatabase } from "@/lib/db/read-database";
import { NEW_CUSTOMER_DAYS } from "@/lib/metrics/revenue-months";
import { keptUntilMetricsChange } from "@/lib/metrics/generation";
import { missingByCurrencySql } from "@/lib/metrics/tallies";
import { readFxSettings } from "@/lib/metrics/fx-context";
import { runnerQuery } from "@/lib/db/sql";
import { overviewValuesHolder } from "./overview-values";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { centsFromDecimalString } from "@/lib/money";
import { averageLtvOfTotal } from "@/lib/ltv/formula";
import {
  cohortGrid,
  histogramOfSorted,
  lastMonths,
  monthKey,
  monthStart,
  paretoChartOfSorted,
  type CohortRow,
  type Histogram,
  type ParetoChart,
} from "./chart-math";

type Row = Record<string, unknown>;

/** Dashboard figures are for managers and admins; a rep is refused outright. */
export function assertDashboard(actor: Actor): { ownerId: string | null } {
  if (!can(actor, "read", "dashboard")) throw new Forbidden("The manager dashboard is for managers and admins.");
  // Always null for the roles that pass; kept so a narrower role could never widen its view.
  return { ownerId: accountOwnerFilter(actor) };
}

export interface PortfolioKpis {
  accounts: number;
  /** Accounts with at least one order. */
  customers: number;
  revenue: number;
  /** Mean formula LTV over all accounts (lib/ltv portfolioAverageLtv). */
  averageLtv: number;
  averageLtvExplanation: string;
  /** Share of revenue from the top 20 % of customers. */
  top20Share: number;
  churnRiskAccounts: number;
  /** Σ predicted CLV of churn-risk accounts. */
  revenueAtRisk: number;
  /** The money figures are in this currency, each order at its day's rate (decision 0015). */
  reportingCurrency: string;
  /** Accounts whose money the figures leave out for lack of a rate, by the currency without one. */
  missing: Array<{ currency: string; accounts: number; orders: number }>;
}

export interface RiskByRep {
  ownerId: string;
  ownerName: string;
  accounts: number;
  churnRiskAccounts: number;
  revenueAtRisk: number;
}

export interface PortfolioOverview {
  kpis: PortfolioKpis;
  pareto: ParetoChart;
  ltvHistogram: Histogram;
  riskByRep: RiskByRep[];
}

type ReadDb = Awaited<ReturnType<typeof readDatabase>>;
type OverviewFigures = PortfolioOverview;

/**
 * The overview sums the tallies and shapes every customer's values (a few ms at 100 000 accounts
 * from held values, 80 ms reading them all), so its figures are kept per read database and scope
 * until account_metrics changes (lib/metrics/generation.ts):
 * a dashboard opened again, or by another manager, answers from memory. The reporting currency's
 * name is read each time (it is not in account_metrics).
 */
const keptOverviews = keptUntilMetricsChange<OverviewFigures>(16);
const heldValues = overviewValuesHolder();

export async function portfolioOverview(actor: Actor): Promise<PortfolioOverview> {
  const { ownerId } = assertDashboard(actor);
  const db = await readDatabase();
  const figures = await keptOverviews(db, runnerQuery(db), ownerId ?? "", () => overviewFigures(db, ownerId));
  return { ...figures, kpis: { ...figures.kpis, reportingCurrency: await reportingCurrencyOf(db) } };
}

/**
 * KPIs and risk by rep summed from the tallies' cells (lib/metrics/tallies.ts; money as numeric,
 * exact), a few thousand rows whatever the book's size. The Pareto curve and the LTV histogram
 * need every customer's value in order: held in memory and brought up to date from the writers'
 * change rows (overview-values.ts), read in full once and after a bulk write; chart-math.ts
 * shapes them with the same functions its tests check, so the figures are those of the reference
 * to the last bit. Reads of one statement snapshot each, run side by side: on a busy primary the
 * parts may differ by a write landing between them, as two reloads would.
 */
async function overviewFigures(db: ReadDb, ownerId: string | null): Promise<OverviewFigures> {
  const params: unknown[] = ownerId ? [ownerId] : [];
  const owned = ownerId ? "AND m.owner_id = $1::uuid" : "";
  // Money in the reporting currency; an account without a rate is counted apart, never added raw.
  const [byRep, missingRows, values] = await Promise.all([
    // Per owner from the tallies' cells (lib/metrics/tallies.ts), then named.
    db.runner.query<Row>(
      `SELECT r.*, u.name AS owner_name
         FROM (SELECT m.owner_id, sum(m.accounts)::int AS accounts, sum(m.customers)::int AS customers,
                      coalesce(sum(m.revenue), 0)::text AS revenue, coalesce(sum(m.formula_ltv), 0)::text AS formula_ltv,
                      coalesce(sum(m.accounts) FILTER (WHERE m.converted), 0)::int AS converted,
                      sum(m.churn_risk_accounts)::int AS churn_risk, coalesce(sum(m.revenue_at_risk), 0)::text AS risk
                 FROM metrics_tallies m
                WHERE true ${owned}
                GROUP BY m.owner_id HAVING sum(m.accounts) > 0) r
         JOIN users u ON u.id = r.owner_id`,
      params,
    ),
    db.runner.query<Row>(missingByCurrencySql(ownerId ? ["m.owner_id = $1::uuid"] : []), params),
    // Every customer's revenue and converted account's formula LTV, in order (overview-values.ts).
    heldValues(db, runnerQuery(db), ownerId),
  ]);
  let accounts = 0;
  let customers = 0;
  let revenueCents = 0;
  let ltvCents = 0;
  let converted = 0;
  let churnRiskAccounts = 0;
  let riskCents = 0;
  const riskByRep: RiskByRep[] = [];
  for (const row of byRep) {
    accounts += Number(row.accounts);
    customers += Number(row.customers);
    revenueCents += centsFromDecimalString(String(row.revenue));
    ltvCents += centsFromDecimalString(String(row.formula_ltv));
    converted += Number(row.converted);
    churnRiskAccounts += Number(row.churn_risk);
    const repRiskCents = centsFromDecimalString(String(row.risk));
    riskCents += repRiskCents;
    riskByRep.push({
      ownerId: String(row.owner_id),
      ownerName: String(row.owner_name),
      accounts: Number(row.accounts),
      churnRiskAccounts: Number(row.churn_risk),
      revenueAtRisk: repRiskCents / 100,
    });
  }
  const pareto = paretoChartOfSorted(values.revenues);
  const ltvHistogram = histogramOfSorted(values.ltvs);
  const average = averageLtvOfTotal(ltvCents / 100, converted);
  return {
    kpis: {
      accounts,
      customers,
      revenue: revenueCents / 100,
      averageLtv: average.value,
      averageLtvExplanation: average.explanation,
      top20Share: pareto.top20Share,
      churnRiskAccounts,
      revenueAtRisk: riskCents / 100,
      reportingCurrency: "", // read per request by portfolioOverview
      missing: missingRows
        .map((row) => ({ currency: String(row.currency), accounts: Number(row.accounts), orders: Number(row.orders) }))
        .sort((a, b) => b.accounts - a.accounts),
    },
    pareto,
    ltvHistogram,
    riskByRep: riskByRep.sort((a, b) => b.revenueAtRisk - a.revenueAtRisk || a.ownerName.localeCompare(b.ownerName)),
  };
}

/** The reporting currency in force (the one fx_settings reader; EUR without a row). */
async function reportingCurrencyOf(db: ReadDb): Promise<string> {
  return (await readFxSettings(runnerQuery(db))).reportingCurrency;
}

export interface CohortRetention {
  cohorts: CohortRow[];
  maxOffset: number;
  asOfMonth: string;
}

/** The months and instants the history charts' SQL reads, for `count` months up to asOf (UTC months). */
function historyWindow(asOf: Date, count: number) {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return {
    firstMonth: day(monthStart(asOf, count - 1)),
    asOfMonth: day(monthStart(asOf)),
    asOfMonthStart: monthStart(asOf).toISOString(),
    asOf: asOf.toISOString(),
    nextMonthStart: monthStart(asOf, -1).toISOString(),
  };
}

/**
 * Cohort retention: accounts grouped by the month of their first purchase (the last `cohorts`
 * months, UTC); for each month offset k the share of the cohort that bought in month k. Read from
 * the monthly rollups (decision 0016): the portfolio's counts per (cohort, month), less the
 * accounts whose only orders of asOf's month come after asOf (none when asOf is now). A cohort's
 * size is its count at k = 0 (every account buys in its first month).
 */
export async function cohortRetention(actor: Actor, opts: { asOf?: Date; cohorts?: number } = {}): Promise<CohortRetention> {
  const { ownerId } = assertDashboard(actor);
  const asOf = opts.asOf ?? new Date();
  const count = Math.min(Math.max(1, opts.cohorts ?? 24), 24);
  const db = await readDatabase();
  const w = historyWindow(asOf, count);
  const params: unknown[] = [w.firstMonth, w.asOfMonth, w.asOfMonthStart, w.asOf, w.nextMonthStart];
  if (ownerId) params.push(ownerId);
  // A rep's view (kept for a narrower role): that rep's account rows, each account's cohort its first month.
  const source = ownerId
    ? `SELECT min(r.month) OVER (PARTITION BY r.account_id) AS cohort, r.month, 1 AS accounts
         FROM account_revenue_months r JOIN account_metrics m ON m.account_id = r.account_id AND m.owner_id = $6::uuid`
    : `SELECT cohort, month, accounts FROM portfolio_cohort_months WHERE cohort >= $1::date AND cohort <= $2::date`;
  const rows = await db.runner.query<Row>(
    `WITH counts AS (
       SELECT cohort, month, sum(accounts)::int AS accounts
         FROM (${source}
               UNION ALL
               SELECT (SELECT min(r.month) FROM account_revenue_months r WHERE r.account_id = l.account_id), $2::date, -1
                 FROM (SELECT DISTINCT p.account_id FROM purchases p
                        WHERE p.purchased_at > $4::timestamptz AND p.purchased_at < $5::timestamptz) l
                 ${ownerId ? "JOIN account_metrics m ON m.account_id = l.account_id AND m.owner_id = $6::uuid" : ""}
                WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.account_id = l.account_id
                                     AND p.purchased_at >= $3::timestamptz AND p.purchased_at <= $4::timestamptz)) c
        WHERE cohort >= $1::date AND cohort <= $2::date AND month <= $2::date
        GROUP BY cohort, month
       HAVING sum(accounts) <> 0
     )
     SELECT to_char(s.cohort, 'YYYY-MM') AS cohort, s.accounts AS size,
            ((extract(year FROM c.month) - extract(year FROM c.cohort)) * 12 + extract(month FROM c.month) - extract(month FROM c.cohort))::int AS k,
            c.accounts
       FROM counts s JOIN counts c ON c.cohort = s.cohort
      WHERE s.month = s.cohort AND s.accounts > 0
      ORDER BY s.cohort, k`,
    params,
  );
  const asOfMonth = monthKey(asOf);
  const grid = cohortGrid(
    rows.map((row) => ({
      cohort: String(row.cohort),
      size: Number(row.size),
      k: row.k === null ? null : Number(row.k),
      accounts: row.accounts === null ? null : Number(row.accounts),
    })),
    asOfMonth,
  );
  return { ...grid, asOfMonth };
}

export interface RevenueMonth {
  month: string;
  /** Purchases made within NEW_CUSTOMER_DAYS of the account's first purchase. */
  newCustomers: number;
  /** Every later purchase: selling again to customers we already had. */
  existingCustomers: number;
}

/** An account counts as a new customer for this many days after its first purchase. */
export { NEW_CUSTOMER_DAYS };

/**
 * Monthly revenue (last `months` months, current month so far included) split by customer age:
 * "new" = purchases in the account's first 90 days after its first purchase; "existing" = all
 * later ones. Read from the monthly rollups (decision 0016): the portfolio's sums per month and
 * account currency, less the orders of asOf's month placed after asOf (none when asOf is now).
 * Each order in the reporting currency at its day's rate (decision 0015); an order without a rate
 * adds nothing and is counted per currency instead, never added 1:1.
 */
export async function revenueByCustomerAge(
  actor: Actor,
  opts: { asOf?: Date; months?: number } = {},
): Promise<{ months: RevenueMonth[]; newCustomerDays: number; reportingCurrency: string; ordersWithoutRate: Record<string, number> }> {
  const { ownerId } = assertDashboard(actor);
  const asOf = opts.asOf ?? new Date();
  const count = Math.min(Math.max(1, opts.months ?? 24), 60);
  const db = await readDatabase();
  const w = historyWindow(asOf, count);
  const params: unknown[] = [w.firstMonth, w.asOfMonth, w.asOf, w.nextMonthStart, `${NEW_CUSTOMER_DAYS} days`];
  if (ownerId) params.push(ownerId);
  const source = ownerId
    ? `SELECT r.month, r.currency, r.revenue, r.new_revenue, r.orders_without_rate
         FROM account_revenue_months r JOIN account_metrics m ON m.account_id = r.account_id AND m.owner_id = $6::uuid
        WHERE r.month >= $1::date AND r.month <= $2::date`
    : `SELECT month, currency, revenue, new_revenue, orders_without_rate FROM portfolio_revenue_months
        WHERE month >= $1::date AND month <= $2::date`;
  const rows = await db.runner.query<Row>(
    // The later orders are classified as the rollup classified them: against the account's first order.
    `SELECT to_char(month, 'YYYY-MM') AS month, trim(currency) AS currency,
            sum(new_revenue)::text AS new_revenue, sum(revenue - new_revenue)::text AS existing_revenue,
            sum(orders_without_rate)::int AS without_rate
       FROM (${source}
             UNION ALL
             SELECT r.month, r.currency, -coalesce(sum(p.reporting_total), 0),
                    -coalesce(sum(p.reporting_total) FILTER (WHERE p.purchased_at < f.first_at + $5::interval), 0),
                    -count(*) FILTER (WHERE p.reporting_total IS NULL)
               FROM purchases p
               JOIN account_revenue_months r ON r.account_id = p.account_id AND r.month = $2::date
               ${ownerId ? "JOIN account_metrics m ON m.account_id = p.account_id AND m.owner_id = $6::uuid" : ""}
               CROSS JOIN LATERAL (SELECT min(q.purchased_at) AS first_at FROM purchases q WHERE q.account_id = p.account_id) f
              WHERE p.purchased_at > $3::timestamptz AND p.purchased_at < $4::timestamptz
              GROUP BY r.month, r.currency) t
      GROUP BY 1, 2`,
    params,
  );
  const cents = new Map<string, { newCents: number; existingCents: number }>();
  const ordersWithoutRate: Record<string, number> = {};
  for (const row of rows) {
    const month = String(row.month);
    const entry = cents.get(month) ?? { newCents: 0, existingCents: 0 };
    entry.newCents += centsFromDecimalString(String(row.new_revenue));
    entry.existingCents += centsFromDecimalString(String(row.existing_revenue));
    cents.set(month, entry);
    const without = Number(row.without_rate);
    if (without > 0) ordersWithoutRate[String(row.currency)] = (ordersWithoutRate[String(row.currency)] ?? 0) + without;
  }
  return {
    newCustomerDays: NEW_CUSTOMER_DAYS,
    reportingCurrency: await reportingCurrencyOf(db),
    ordersWithoutRate,
    months: lastMonths(asOf, count).map((month) => {
      const entry = cents.get(month);
      return { month, newCustomers: (entry?.newCents ?? 0) / 100, existingCustomers: (entry?.existingCents ?? 0) / 100 };
    }),
  };
}
