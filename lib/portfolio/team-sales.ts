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
//
// Money is in the reporting currency (decision 0015): orders at their day's rate (the stored
// purchases.reporting_total), open deals at today's rate and won deals at their closing day's rate,
// the way the deals board converts them. An amount without a rate adds nothing, never 1:1.
import { database } from "@/lib/db/client";
import { DEAL_CLOSED_DAY_SQL, dealAmountInReporting } from "@/lib/deals/deal-money";
import { runnerQuery } from "@/lib/db/sql";
import { centsFromDecimalString } from "@/lib/money";
import { dayNumberOf, type FxTable } from "@/lib/fx/rates";
import { loadFxTable } from "@/lib/metrics/fx-context";
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
  const params = [start.toISOString(), end.toISOString(), since.toISOString(), asOf.toISOString()];
  const [rows, money, fx] = await Promise.all([
    db.runner.query<Row>(
      `WITH pipeline AS (
         SELECT a.owner_id AS rep_id, count(*)::int AS open_deals
           FROM deals d JOIN accounts a ON a.id = d.account_id
          WHERE d.stage NOT IN ('WON', 'LOST')
          GROUP BY a.owner_id
       ),
       closed AS (
         SELECT d.owner_id AS rep_id,
                count(*) FILTER (WHERE d.stage = 'WON' AND x.at >= $1::timestamptz AND x.at < $2::timestamptz)::int AS won_deals,
                count(*) FILTER (WHERE d.stage = 'WON' AND x.at >= $3::timestamptz AND x.at <= $4::timestamptz)::int AS closed_won,
                count(*) FILTER (WHERE d.stage = 'LOST' AND x.at >= $3::timestamptz AND x.at <= $4::timestamptz)::int AS closed_lost
           FROM deals d CROSS JOIN LATERAL (SELECT coalesce(d.closed_at, d.updated_at) AS at) x
          WHERE d.stage IN ('WON', 'LOST') AND x.at >= least($1::timestamptz, $3::timestamptz)
          GROUP BY d.owner_id
       ),
       month_orders AS (
         SELECT a.owner_id AS rep_id, count(*)::int AS orders, sum(p.reporting_total) AS revenue
           FROM purchases p JOIN accounts a ON a.id = p.account_id
          WHERE p.purchased_at >= $1::timestamptz AND p.purchased_at < $2::timestamptz
          GROUP BY a.owner_id
       ),
       reps AS (SELECT rep_id FROM pipeline UNION SELECT rep_id FROM closed UNION SELECT rep_id FROM month_orders)
       SELECT r.rep_id::text AS rep_id, coalesce(p.open_deals, 0) AS open_deals,
              coalesce(c.won_deals, 0) AS won_deals, coalesce(c.closed_won, 0) AS closed_won, coalesce(c.closed_lost, 0) AS closed_lost,
              coalesce(o.orders, 0) AS month_orders, coalesce(o.revenue, 0)::text AS month_revenue
         FROM reps r
         LEFT JOIN pipeline p ON p.rep_id = r.rep_id
         LEFT JOIN closed c ON c.rep_id = r.rep_id
         LEFT JOIN month_orders o ON o.rep_id = r.rep_id`,
      params,
    ),
    // Deal amounts per rep, currency and the day they convert at (today for open deals).
    db.runner.query<Row>(
      `SELECT a.owner_id::text AS rep_id, trim(a.currency) AS currency, 'open' AS kind, NULL::int AS day,
              sum(d.amount)::text AS amount, round(sum(d.amount * d.probability) / 100, 2)::text AS weighted
         FROM deals d JOIN accounts a ON a.id = d.account_id
        WHERE d.stage NOT IN ('WON', 'LOST')
        GROUP BY 1, 2
       UNION ALL
       SELECT d.owner_id::text, trim(a.currency), 'won', ${DEAL_CLOSED_DAY_SQL},
              sum(d.amount)::text, NULL
         FROM deals d JOIN accounts a ON a.id = d.account_id
        WHERE d.stage = 'WON' AND coalesce(d.closed_at, d.updated_at) >= $1::timestamptz AND coalesce(d.closed_at, d.updated_at) < $2::timestamptz
        GROUP BY 1, 2, 4`,
      params.slice(0, 2),
    ),
    loadFxTable(runnerQuery(db)),
  ]);
  const deals = dealMoney(money, fx, dayNumberOf(asOf));
  return new Map(
    rows.map((row) => {
      const closedWon = Number(row.closed_won);
      const closedLost = Number(row.closed_lost);
      return [
        String(row.rep_id),
        {
          openDeals: Number(row.open_deals),
          pipeline: (deals.get(String(row.rep_id))?.pipeline ?? 0) / 100,
          weightedPipeline: (deals.get(String(row.rep_id))?.weighted ?? 0) / 100,
          wonDeals: Number(row.won_deals),
          wonAmount: (deals.get(String(row.rep_id))?.won ?? 0) / 100,
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

/** Each rep's deal money in reporting-currency cents: open deals at today's rate, won deals at their closing day's. */
function dealMoney(rows: Row[], fx: FxTable, today: number): Map<string, { pipeline: number; weighted: number; won: number }> {
  const out = new Map<string, { pipeline: number; weighted: number; won: number }>();
  for (const row of rows) {
    const entry = out.get(String(row.rep_id)) ?? { pipeline: 0, weighted: 0, won: 0 };
    const convert = (value: unknown) =>
      dealAmountInReporting(
        fx,
        String(row.currency),
        centsFromDecimalString(String(value)),
        row.kind === "won" ? Number(row.day) : null,
        today,
      ) ?? 0;
    if (row.kind === "won") entry.won += convert(row.amount);
    else {
      entry.pipeline += convert(row.amount);
      entry.weighted += convert(row.weighted);
    }
    out.set(String(row.rep_id), entry);
  }
  return out;
}
