// Team view for managers: one row of KPIs per rep, and one rep's accounts for
// reassignment. Book figures (accounts, portfolio LTV, flagged-not-visited)
// come from the live account_metrics; activity (visits, orders, expansion
// revenue) is one aggregate query over a recent window: a dashboard summary.
// Sales figures (pipeline, won, win rate, the month against its goal): team-sales.ts.
import { DAY_MS } from "@/lib/days";
import { DEAL_CLOSED_DAY_SQL, dealAmountInReporting } from "@/lib/deals/deal-money";
import { dayNumberOf } from "@/lib/fx/rates";
import { database, getPrisma } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { loadFxTable } from "@/lib/metrics/fx-context";
import type { Actor } from "@/lib/auth/permissions";
import { centsFromDecimalString } from "@/lib/money";
import type { Flag } from "@/lib/flags/types";
import { appTimeZone } from "@/lib/app-day";
import { repGoalsForMonth } from "@/lib/team-goals/goals";
import { assertDashboard } from "./charts";
import { NO_SALES, salesByRep, salesPeriod, type RepSales, type SalesPeriod } from "./team-sales";

import { ACTIVITY_DAYS, EXPANSION_DAYS, UNVISITED_DAYS } from "./team-windows";
export { ACTIVITY_DAYS, EXPANSION_DAYS, UNVISITED_DAYS };

/** The month and win-rate window the Team page's sales figures are for, as of `asOf`. */
export function teamPeriod(asOf: Date = new Date()): SalesPeriod {
  return salesPeriod(asOf, appTimeZone());
}

export interface TeamMember extends RepSales {
  repId: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  accounts: number;
  /** Σ formula LTV of the rep's accounts, in the reporting currency (decision 0015). */
  portfolioLtv: number;
  /** The reporting currency of the money figures. */
  currency: string;
  /** Accounts and expansion orders or deals left out of the money figures for lack of a rate. */
  missing: { accounts: number; orders: number; deals: number };
  /** Visits (any type) the rep logged in the last 90 days. */
  visits: number;
  /** Purchases in the last 90 days on accounts the rep owns now. */
  orders: number;
  /** orders / visits; null without visits. */
  ordersPerVisit: number | null;
  /** Upsell + cross-sell revenue in the last 365 days (rule: see teamSummary). */
  expansionRevenue: number;
  /** Accounts with any flag and no visit in the last 30 days. */
  flaggedUnvisited: number;
  /** The admin's revenue goal for this month (teamPeriod); null when none is set. */
  monthGoal: number | null;
}

type Row = Record<string, unknown>;

/**
 * KPIs per rep (users with the REP role, plus anyone who owns accounts).
 * Expansion revenue rule: purchases in the window whose deal_id points to an
 * UPSELL or CROSS_SELL deal, plus the amount of such deals that are WON (closed
 * in the window) but have no purchase linked, so nothing is counted twice.
 * Credited to the deal's owner, the rep who sold it.
 */
export async function teamSummary(actor: Actor, opts: { asOf?: Date } = {}): Promise<TeamMember[]> {
  assertDashboard(actor);
  const asOf = opts.asOf ?? new Date();
  const since = (days: number) => new Date(asOf.getTime() - days * DAY_MS).toISOString();
  const period = salesPeriod(asOf, appTimeZone());
  const db = await database();
  const [sales, goals] = await Promise.all([salesByRep(period, asOf, appTimeZone()), repGoalsForMonth(actor, period.month)]);
  const rows = await db.runner.query<Row>(
    `WITH book AS (
       SELECT m.owner_id, count(*)::int AS accounts, sum(m.reporting_formula_ltv) AS portfolio_ltv,
              count(*) FILTER (WHERE m.reporting_formula_ltv IS NULL)::int AS missing_accounts,
              count(*) FILTER (WHERE jsonb_array_length(m.flags) > 0
                                 AND (m.last_visit_at IS NULL OR m.last_visit_at < $2::timestamptz))::int AS flagged_unvisited
         FROM account_metrics m GROUP BY m.owner_id
     ),
     visit_counts AS (
       SELECT v.rep_id, count(*)::int AS visits FROM visits v
        WHERE v.occurred_at >= $1::timestamptz AND v.occurred_at <= $3::timestamptz GROUP BY v.rep_id
     ),
     order_counts AS (
       SELECT a.owner_id, count(*)::int AS orders FROM purchases p JOIN accounts a ON a.id = p.account_id
        WHERE p.purchased_at >= $1::timestamptz AND p.purchased_at <= $3::timestamptz GROUP BY a.owner_id
     ),
     -- Orders in the reporting currency at their day's rate (purchases.reporting_total; null = no rate, counted).
     expansion AS (
       SELECT d.owner_id, sum(p.reporting_total) AS revenue, count(*) FILTER (WHERE p.reporting_total IS NULL)::int AS missing_orders
         FROM purchases p JOIN deals d ON d.account_id = p.account_id AND d.id = p.deal_id
        WHERE d.type IN ('UPSELL', 'CROSS_SELL') AND p.purchased_at >= $4::timestamptz AND p.purchased_at <= $3::timestamptz
        GROUP BY d.owner_id
     )
     SELECT u.id::text AS rep_id, u.name, u.email, u.role::text AS role, u.active,
            coalesce(b.accounts, 0) AS accounts, coalesce(b.portfolio_ltv, 0)::text AS portfolio_ltv,
            coalesce(b.flagged_unvisited, 0) AS flagged_unvisited, coalesce(b.missing_accounts, 0) AS missing_accounts,
            coalesce(e.missing_orders, 0) AS missing_orders,
            coalesce(vc.visits, 0) AS visits, coalesce(oc.orders, 0) AS orders,
            coalesce(e.revenue, 0)::text AS expansion_revenue
       FROM users u
       LEFT JOIN book b ON b.owner_id = u.id
       LEFT JOIN visit_counts vc ON vc.rep_id = u.id
       LEFT JOIN order_counts oc ON oc.owner_id = u.id
       LEFT JOIN expansion e ON e.owner_id = u.id
      WHERE (u.role = 'REP' AND u.active) OR b.accounts > 0
      ORDER BY u.name, u.id`,
    [since(ACTIVITY_DAYS), since(UNVISITED_DAYS), asOf.toISOString(), since(EXPANSION_DAYS)],
  );
  // Won expansion deals without a linked order: converted at the rate of the day they closed (a few rows, summed per day).
  const wonDeals = await db.runner.query<Row>(
    `SELECT d.owner_id::text AS owner_id, trim(a.currency) AS currency,
            ${DEAL_CLOSED_DAY_SQL} AS day, sum(d.amount)::text AS amount,
            count(*)::int AS deals
       FROM deals d JOIN accounts a ON a.id = d.account_id
      WHERE d.type IN ('UPSELL', 'CROSS_SELL') AND d.stage = 'WON'
        AND coalesce(d.closed_at, d.updated_at) >= $1::timestamptz AND coalesce(d.closed_at, d.updated_at) <= $2::timestamptz
        -- Same account first: purchases has no deal_id index, (account_id, …) keeps this a short probe.
        AND NOT EXISTS (SELECT 1 FROM purchases p WHERE p.account_id = d.account_id AND p.deal_id = d.id)
      GROUP BY 1, 2, 3`,
    [since(EXPANSION_DAYS), asOf.toISOString()],
  );
  const fx = await loadFxTable(runnerQuery(db));
  const dealCents = new Map<string, { cents: number; missing: number }>();
  for (const deal of wonDeals) {
    const entry = dealCents.get(String(deal.owner_id)) ?? { cents: 0, missing: 0 };
    const cents = dealAmountInReporting(
      fx,
      String(deal.currency),
      centsFromDecimalString(String(deal.amount)),
      Number(deal.day),
      dayNumberOf(asOf),
    );
    if (cents !== null) entry.cents += cents;
    else entry.missing += Number(deal.deals);
    dealCents.set(String(deal.owner_id), entry);
  }
  return rows.map((row) => {
    const visits = Number(row.visits);
    const orders = Number(row.orders);
    const deals = dealCents.get(String(row.rep_id)) ?? { cents: 0, missing: 0 };
    const repId = String(row.rep_id);
    const goal = goals.get(repId);
    return {
      ...(sales.get(repId) ?? NO_SALES),
      monthGoal: goal === undefined ? null : goal / 100,
      repId,
      name: String(row.name),
      email: String(row.email),
      role: String(row.role),
      active: row.active === true,
      accounts: Number(row.accounts),
      portfolioLtv: centsFromDecimalString(String(row.portfolio_ltv)) / 100,
      currency: fx.reportingCurrency,
      missing: { accounts: Number(row.missing_accounts), orders: Number(row.missing_orders), deals: deals.missing },
      visits,
      orders,
      ordersPerVisit: visits > 0 ? orders / visits : null,
      expansionRevenue: (centsFromDecimalString(String(row.expansion_revenue)) + deals.cents) / 100,
      flaggedUnvisited: Number(row.flagged_unvisited),
    };
  });
}

export interface RepAccount {
  id: string;
  name: string;
  version: number;
  segment: string;
  region: string | null;
  currency: string;
  formulaLtv: number;
  flags: string[];
  lastVisitAt: string | null;
}

/** One rep's accounts (by name, at most `limit`), with the version a reassignment must send. */
export async function repAccounts(
  actor: Actor,
  repId: string,
  opts: { q?: string; limit?: number } = {},
): Promise<{ items: RepAccount[]; total: number }> {
  assertDashboard(actor);
  const prisma = await getPrisma();
  const where = { ownerId: repId, ...(opts.q ? { name: { contains: opts.q, mode: "insensitive" as const } } : {}) };
  const [accounts, total] = await Promise.all([
    prisma.account.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: opts.limit ?? 500,
      select: {
        id: true,
        name: true,
        version: true,
        segment: true,
        region: true,
        currency: true,
        metrics: { select: { formulaLtv: true, flags: true, lastVisitAt: true } },
      },
    }),
    prisma.account.count({ where }),
  ]);
  return {
    total,
    items: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      version: account.version,
      segment: account.segment,
      region: account.region,
      currency: account.currency,
      formulaLtv: account.metrics?.formulaLtv.toNumber() ?? 0,
      flags: [
        ...new Set((Array.isArray(account.metrics?.flags) ? (account.metrics.flags as unknown as Flag[]) : []).map((flag) => flag.type)),
      ],
      lastVisitAt: account.metrics?.lastVisitAt?.toISOString() ?? null,
    })),
  };
}

/** Who an account can be handed to: active reps. */
export async function reassignTargets(actor: Actor): Promise<Array<{ id: string; name: string }>> {
  assertDashboard(actor);
  const prisma = await getPrisma();
  return prisma.user.findMany({
    where: { role: "REP", active: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
}
