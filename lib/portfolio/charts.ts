// Manager dashboard data: KPI strip, Pareto curve, LTV histogram, revenue at
// risk by rep (all from ONE scan of the live account_metrics, so the figures
// agree with each other and with the ranking), plus two purchase-history charts
// (cohort retention, revenue from new vs existing customers), each ONE
// aggregate query: a dashboard summary, not a per-account rollup.
// The dashboard's heavy reads go to the read replica when one is configured.
import { readDatabase } from "@/lib/db/read-database";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { centsFromDecimalString } from "@/lib/money";
import { portfolioAverageLtv } from "@/lib/ltv/formula";
import {
  cohortGrid,
  histogram,
  lastMonths,
  monthKey,
  monthStart,
  paretoChart,
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

/** KPIs, Pareto, histogram and risk by rep from one read of account_metrics (money summed in integer cents). */
export async function portfolioOverview(actor: Actor): Promise<PortfolioOverview> {
  const { ownerId } = assertDashboard(actor);
  const db = await readDatabase();
  const rows = await db.runner.query<Row>(
    `SELECT m.owner_id::text AS owner_id, u.name AS owner_name, m.orders, m.churn_risk,
            m.reporting_revenue::text AS revenue, m.reporting_formula_ltv::text AS formula_ltv,
            m.reporting_predicted_clv::text AS predicted_clv, m.reporting_gap->>'currency' AS gap_currency,
            (m.reporting_gap->>'orders')::int AS gap_orders
       FROM account_metrics m JOIN users u ON u.id = m.owner_id
      ${ownerId ? "WHERE m.owner_id = $1::uuid" : ""}`,
    ownerId ? [ownerId] : [],
  );
  let revenueCents = 0;
  let riskCents = 0;
  let churnRiskAccounts = 0;
  const customerRevenues: number[] = [];
  const formulaLtvs: number[] = [];
  const byRep = new Map<string, { ownerName: string; accounts: number; churnRiskAccounts: number; riskCents: number }>();
  const missing = new Map<string, { accounts: number; orders: number }>();
  let customers = 0;
  for (const row of rows) {
    // Money in the reporting currency; an account without a rate is counted apart, never added raw.
    const converted = row.revenue !== null;
    if (!converted) {
      const currency = String(row.gap_currency ?? "");
      const entry = missing.get(currency) ?? { accounts: 0, orders: 0 };
      entry.accounts++;
      entry.orders += Number(row.gap_orders ?? 0);
      missing.set(currency, entry);
    }
    const revenue = converted ? centsFromDecimalString(String(row.revenue)) : 0;
    const predicted = converted ? centsFromDecimalString(String(row.predicted_clv)) : 0;
    const churn = row.churn_risk === true;
    revenueCents += revenue;
    if (converted) formulaLtvs.push(centsFromDecimalString(String(row.formula_ltv)) / 100);
    if (Number(row.orders) > 0) {
      customers++;
      if (converted) customerRevenues.push(revenue / 100);
    }
    const owner = String(row.owner_id);
    let rep = byRep.get(owner);
    if (!rep) byRep.set(owner, (rep = { ownerName: String(row.owner_name), accounts: 0, churnRiskAccounts: 0, riskCents: 0 }));
    rep.accounts++;
    if (churn) {
      churnRiskAccounts++;
      riskCents += predicted;
      rep.churnRiskAccounts++;
      rep.riskCents += predicted;
    }
  }
  const average = portfolioAverageLtv(formulaLtvs);
  const pareto = paretoChart(customerRevenues);
  return {
    kpis: {
      accounts: rows.length,
      customers,
      revenue: revenueCents / 100,
      averageLtv: average.value,
      averageLtvExplanation: average.explanation,
      top20Share: pareto.top20Share,
      churnRiskAccounts,
      revenueAtRisk: riskCents / 100,
      reportingCurrency: await reportingCurrencyOf(db),
      missing: [...missing].map(([currency, entry]) => ({ currency, ...entry })).sort((a, b) => b.accounts - a.accounts),
    },
    pareto,
    ltvHistogram: histogram(formulaLtvs),
    riskByRep: [...byRep]
      .map(([id, rep]) => ({
        ownerId: id,
        ownerName: rep.ownerName,
        accounts: rep.accounts,
        churnRiskAccounts: rep.churnRiskAccounts,
        revenueAtRisk: rep.riskCents / 100,
      }))
      .sort((a, b) => b.revenueAtRisk - a.revenueAtRisk || a.ownerName.localeCompare(b.ownerName)),
  };
}

async function reportingCurrencyOf(db: Awaited<ReturnType<typeof readDatabase>>): Promise<string> {
  const [row] = await db.runner.query<Row>(`SELECT trim(reporting_currency) AS currency FROM fx_settings WHERE id = 1`, []);
  return row ? String(row.currency) : "EUR";
}

export interface CohortRetention {
  cohorts: CohortRow[];
  maxOffset: number;
  asOfMonth: string;
}

/**
 * Cohort retention: accounts grouped by the month of their first purchase (the
 * last `cohorts` months, UTC); for each month offset k the share of the cohort
 * that bought in month k. One query: the first purchase month comes from
 * account_metrics.first_purchase_at, the activity from purchases(account_id, purchased_at).
 */
export async function cohortRetention(actor: Actor, opts: { asOf?: Date; cohorts?: number } = {}): Promise<CohortRetention> {
  const { ownerId } = assertDashboard(actor);
  const asOf = opts.asOf ?? new Date();
  const count = Math.min(Math.max(1, opts.cohorts ?? 24), 24);
  const db = await readDatabase();
  const params: unknown[] = [monthStart(asOf, count - 1).toISOString(), asOf.toISOString()];
  if (ownerId) params.push(ownerId);
  const rows = await db.runner.query<Row>(
    `WITH cohort AS (
       SELECT m.account_id, date_trunc('month', m.first_purchase_at AT TIME ZONE 'UTC') AS month
         FROM account_metrics m
        WHERE m.first_purchase_at >= $1::timestamptz AND m.first_purchase_at <= $2::timestamptz
          ${ownerId ? "AND m.owner_id = $3::uuid" : ""}
     ),
     sizes AS (SELECT month, count(*)::int AS size FROM cohort GROUP BY month),
     active AS (
       SELECT c.month,
              ((extract(year FROM pm.month) - extract(year FROM c.month)) * 12
                + extract(month FROM pm.month) - extract(month FROM c.month))::int AS k,
              count(DISTINCT c.account_id)::int AS accounts
         FROM cohort c
         JOIN LATERAL (
           SELECT DISTINCT date_trunc('month', p.purchased_at AT TIME ZONE 'UTC') AS month
             FROM purchases p
            WHERE p.account_id = c.account_id AND p.purchased_at <= $2::timestamptz
         ) pm ON true
        GROUP BY 1, 2
     )
     SELECT to_char(s.month, 'YYYY-MM') AS cohort, s.size, a.k, a.accounts
       FROM sizes s LEFT JOIN active a ON a.month = s.month
      ORDER BY s.month, a.k`,
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
export const NEW_CUSTOMER_DAYS = 90;

/**
 * Monthly revenue (last `months` months, current month so far included) split by
 * customer age: "new" = purchases in the account's first 90 days after its first
 * purchase; "existing" = all later ones. One aggregate over purchases in the window.
 */
export async function revenueByCustomerAge(
  actor: Actor,
  opts: { asOf?: Date; months?: number } = {},
): Promise<{ months: RevenueMonth[]; newCustomerDays: number; reportingCurrency: string; ordersWithoutRate: Record<string, number> }> {
  const { ownerId } = assertDashboard(actor);
  const asOf = opts.asOf ?? new Date();
  const count = Math.min(Math.max(1, opts.months ?? 24), 60);
  const db = await readDatabase();
  const params: unknown[] = [monthStart(asOf, count - 1).toISOString(), asOf.toISOString(), `${NEW_CUSTOMER_DAYS} days`];
  if (ownerId) params.push(ownerId);
  const rows = await db.runner.query<Row>(
    // Each order in the reporting currency at its day's rate (decision 0015); an order without a rate adds
    // nothing and is counted per currency instead, never added 1:1.
    `SELECT to_char(date_trunc('month', p.purchased_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, trim(a.currency) AS currency,
            coalesce(sum(p.reporting_total) FILTER (WHERE p.purchased_at < coalesce(m.first_purchase_at, p.purchased_at) + $3::interval), 0)::text AS new_revenue,
            coalesce(sum(p.reporting_total) FILTER (WHERE p.purchased_at >= coalesce(m.first_purchase_at, p.purchased_at) + $3::interval), 0)::text AS existing_revenue,
            count(*) FILTER (WHERE p.reporting_total IS NULL)::int AS without_rate
       FROM purchases p JOIN account_metrics m ON m.account_id = p.account_id JOIN accounts a ON a.id = p.account_id
      WHERE p.purchased_at >= $1::timestamptz AND p.purchased_at <= $2::timestamptz
        ${ownerId ? "AND m.owner_id = $4::uuid" : ""}
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
