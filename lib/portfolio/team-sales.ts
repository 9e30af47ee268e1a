// The Team page's sales figures per rep: open pipeline, deals won this month, win rate over
// the last WIN_RATE_DAYS days, and this month's order revenue against the rep's goal. Months
// and days are the business's (APP_TIME_ZONE). One aggregate query, as the rest of teamSummary.
//
// Whose is what:
// - pipeline and month revenue belong to the rep's book: open deals and orders on the accounts
//   the rep owns now (open deals follow their account when it is reassigned; the deals board
//   scopes the same way);
// - won deals and the win rate belong to the rep who closed them (the deal's owner: won and
//   lost deals keep the rep who worked them, lib/deals/owner.ts).
import { database } from "@/lib/db/client";
import { centsFromDecimalString } from "@/lib/money";
import { addDays, dayInZone, startOfDayInZone } from "@/lib/days";
import { monthAt, monthBounds, monthLabel, shareOfMonthElapsed } from "@/lib/business-month";
import { WIN_RATE_DAYS } from "./team-windows";

export interface SalesPeriod {
  /** The business month of `asOf`: "2026-12". */
  month: string;
  /** "December 2026" */
  monthLabel: string;
  /** How far through the month `asOf` is, 0..1. */
  monthElapsed: number;
  /** First day (YYYY-MM-DD) of the win-rate window: WIN_RATE_DAYS days up to and including today. */
  winRateSince: string;
}

export interface RepSales {
  /** Open deals (any stage but Won and Lost) on the rep's accounts: how many, Σ amount, Σ amount × probability. */
  openDeals: number;
  pipeline: number;
  weightedPipeline: number;
  /** Deals the rep won this month: how many and Σ amount. */
  wonDeals: number;
  wonAmount: number;
  /** Deals the rep closed since `winRateSince`; winRate = won / (won + lost), null with none closed. */
  closedWon: number;
  closedLost: number;
  winRate: number | null;
  /** Orders on the rep's accounts this month: how many and Σ total (the goal's actual). */
  monthOrders: number;
  monthRevenue: number;
}

export const NO_SALES: RepSales = {
  openDeals: 0,
  pipeline: 0,
  weightedPipeline: 0,
  wonDeals: 0,
  wonAmount: 0,
  closedWon: 0,
  closedLost: 0,
  winRate: null,
  monthOrders: 0,
  monthRevenue: 0,
};

export function salesPeriod(asOf: Date, timeZone: string): SalesPeriod {
  const month = monthAt(asOf, timeZone);
  return {
    month,
    monthLabel: monthLabel(month),
    monthElapsed: shareOfMonthElapsed(month, asOf, timeZone),
    winRateSince: addDays(dayInZone(asOf, timeZone), -(WIN_RATE_DAYS - 1)),
  };
}

type Row = Record<string, unknown>;
const euros = (value: unknown) => centsFromDecimalString(String(value)) / 100;

/** Sales figures by rep id (managers and admins: the caller checks). Reps with nothing are absent. */
export async function salesByRep(period: SalesPeriod, asOf: Date, timeZone: string): Promise<Map<string, RepSales>> {
  const { start, end } = monthBounds(period.month, timeZone);
  const since = startOfDayInZone(period.winRateSince, timeZone);
  const db = await database();
  const rows = await db.runner.query<Row>(
    `WITH pipeline AS (
       SELECT a.owner_id AS rep_id, count(*)::int AS open_deals, sum(d.amount) AS amount,
              round(sum(d.amount * d.probability) / 100, 2) AS weighted
         FROM deals d JOIN accounts a ON a.id = d.account_id
        WHERE d.stage NOT IN ('WON', 'LOST')
        GROUP BY a.owner_id
     ),
     closed AS (
       SELECT d.owner_id AS rep_id,
              count(*) FILTER (WHERE d.stage = 'WON' AND x.at >= $1::timestamptz AND x.at < $2::timestamptz)::int AS won_deals,
              coalesce(sum(d.amount) FILTER (WHERE d.stage = 'WON' AND x.at >= $1::timestamptz AND x.at < $2::timestamptz), 0) AS won_amount,
              count(*) FILTER (WHERE d.stage = 'WON' AND x.at >= $3::timestamptz AND x.at <= $4::timestamptz)::int AS closed_won,
              count(*) FILTER (WHERE d.stage = 'LOST' AND x.at >= $3::timestamptz AND x.at <= $4::timestamptz)::int AS closed_lost
         FROM deals d CROSS JOIN LATERAL (SELECT coalesce(d.closed_at, d.updated_at) AS at) x
        WHERE d.stage IN ('WON', 'LOST') AND x.at >= least($1::timestamptz, $3::timestamptz)
        GROUP BY d.owner_id
     ),
     month_orders AS (
       SELECT a.owner_id AS rep_id, count(*)::int AS orders, sum(p.total) AS revenue
         FROM purchases p JOIN accounts a ON a.id = p.account_id
        WHERE p.purchased_at >= $1::timestamptz AND p.purchased_at < $2::timestamptz
        GROUP BY a.owner_id
     ),
     reps AS (SELECT rep_id FROM pipeline UNION SELECT rep_id FROM closed UNION SELECT rep_id FROM month_orders)
     SELECT r.rep_id::text AS rep_id,
            coalesce(p.open_deals, 0) AS open_deals, coalesce(p.amount, 0)::text AS pipeline, coalesce(p.weighted, 0)::text AS weighted,
            coalesce(c.won_deals, 0) AS won_deals, coalesce(c.won_amount, 0)::text AS won_amount,
            coalesce(c.closed_won, 0) AS closed_won, coalesce(c.closed_lost, 0) AS closed_lost,
            coalesce(o.orders, 0) AS month_orders, coalesce(o.revenue, 0)::text AS month_revenue
       FROM reps r
       LEFT JOIN pipeline p ON p.rep_id = r.rep_id
       LEFT JOIN closed c ON c.rep_id = r.rep_id
       LEFT JOIN month_orders o ON o.rep_id = r.rep_id`,
    [start.toISOString(), end.toISOString(), since.toISOString(), asOf.toISOString()],
  );
  return new Map(
    rows.map((row) => {
      const closedWon = Number(row.closed_won);
      const closedLost = Number(row.closed_lost);
      return [
        String(row.rep_id),
        {
          openDeals: Number(row.open_deals),
          pipeline: euros(row.pipeline),
          weightedPipeline: euros(row.weighted),
          wonDeals: Number(row.won_deals),
          wonAmount: euros(row.won_amount),
          closedWon,
          closedLost,
          winRate: closedWon + closedLost > 0 ? closedWon / (closedWon + closedLost) : null,
          monthOrders: Number(row.month_orders),
          monthRevenue: euros(row.month_revenue),
        },
      ];
    }),
  );
}
