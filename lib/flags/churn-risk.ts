// Churn risk (issue 16). With a fitted model it is the probability of no order in the next 90 days
// (lib/ltv/churn-probability.ts pNoOrder90) against the admin's threshold: one calibrated number a
// backtest can check. Without a model (too few customers to fit) it falls back to the heuristics of
// docs/reference/clv-reference.md, "Heuristics when an account has little data": days since the last order well
// beyond the account's usual interval, or orders/revenue falling period on period.

import { ownValue } from "@/lib/ltv/arrays";
import { churnRiskBand } from "@/lib/ltv/churn-probability";
import { formatDays, formatDaysAgo, formatEveryDays, formatMoney, formatPercent } from "./format";
import { accountHistory, activeRunRateFromHistory, usualGapFromHistory, type AccountHistory } from "./history";
import { clamp01, nonNegativeMoney } from "./score";
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from "./thresholds";
import type { AccountFlagInput, Flag, FlagContext } from "./types";

/** A falling trend is weaker evidence than silence or a low P(alive); it adds at most half. */
const TREND_WEIGHT = 0.5;
/**
 * A regular monthly buyer has 3 orders in one quarter and 2 in the next just because an
 * order fell a few days later; one order less is phase, not trend.
 */
const MIN_ORDER_DROP = 2;

export const CHURN_ACTION_HIGH = "Visit or call this week.";
export const CHURN_ACTION_MEDIUM = "Call within two weeks.";

interface UsualGap {
  days: number;
  source: "account" | "segment";
}

interface Trend {
  currentOrders: number;
  previousOrders: number;
  currentRevenue: number;
  previousRevenue: number;
  orderRatio: number;
  /** null when the previous period had no revenue to compare with. */
  revenueRatio: number | null;
  /** Average order value, last period over previous; null when either has no orders or revenue. */
  orderValueRatio: number | null;
}

function usualGap(
  history: AccountHistory,
  input: AccountFlagInput,
  context: Pick<FlagContext, "segments" | "allAccounts">,
  thresholds: FlagThresholds,
): UsualGap | null {
  const own = usualGapFromHistory(history, thresholds.minOrdersForGap);
  if (own !== null && own > 0) return { days: own, source: "account" };
  // Too few orders of its own: borrow the segment's median gap (clv-reference: "else the segment median").
  const segmentGap = input.segment === null ? null : (ownValue(context.segments, input.segment)?.medianOrderGapDays ?? null);
  const gap = segmentGap ?? context.allAccounts?.medianOrderGapDays ?? null;
  return gap !== null && Number.isFinite(gap) && gap > 0 ? { days: gap, source: "segment" } : null;
}

function trendOf(history: AccountHistory, thresholds: FlagThresholds): Trend | null {
  const n = thresholds.trendPeriodDays;
  let currentOrders = 0;
  let previousOrders = 0;
  let currentRevenue = 0;
  let previousRevenue = 0;
  for (const p of history.purchases) {
    if (p.ageDays < n) {
      currentOrders += 1;
      currentRevenue += p.total;
    } else if (p.ageDays < 2 * n) {
      previousOrders += 1;
      previousRevenue += p.total;
    }
  }
  // Too little in the previous period to call a drop a trend.
  if (previousOrders < thresholds.trendMinPreviousOrders) return null;
  return {
    currentOrders,
    previousOrders,
    currentRevenue,
    previousRevenue,
    orderRatio: currentOrders / previousOrders,
    revenueRatio: previousRevenue > 0 ? currentRevenue / previousRevenue : null,
    orderValueRatio: previousRevenue > 0 && currentOrders > 0 ? currentRevenue / currentOrders / (previousRevenue / previousOrders) : null,
  };
}

/**
 * The churn-risk flag of one account, or null. Accounts that never ordered get none: they
 * are prospects, not customers at risk.
 *
 * With a model (input.pNoOrder90 set): flagged when pNoOrder90 ≥ churnProbabilityThreshold, high
 * from churnProbabilityHighThreshold; the score is the probability itself. The sentence still says
 * how long the account has been silent against its usual gap, because that is what a rep can check.
 *
 * Without one: overdue (days since the last order > overdueRatio × usual gap) or a falling trend
 * (clv-reference: last N days over the previous N, flag below 0.7: orders fell below the ratio by at
 * least two orders, or revenue fell below it with smaller orders). Score: 1 − 1/ρ when overdue, then
 * a falling trend adds its severity (1 − ratio) with weight ½ on what is left: 1 − (1 − base)(1 − ½·s).
 */
export function churnRiskFlag(
  input: AccountFlagInput,
  context: Pick<FlagContext, "segments" | "allAccounts">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag | null {
  const history = accountHistory(input.purchases, input.asOf);
  // No order day (no purchase up to asOf): nothing to lapse from.
  const daysSinceLastOrder = history.orderDayAges.at(-1);
  if (daysSinceLastOrder === undefined) return null;
  const gap = usualGap(history, input, context, thresholds);
  const overdueRatio = gap ? daysSinceLastOrder / gap.days : null;
  const overdue = overdueRatio !== null && overdueRatio > thresholds.overdueRatio;
  const pAlive = input.pAlive !== null && Number.isFinite(input.pAlive) ? clamp01(input.pAlive) : null;
  const pNoOrder90 = input.pNoOrder90 !== null && Number.isFinite(input.pNoOrder90) ? clamp01(input.pNoOrder90) : null;

  let high: boolean;
  let score: number;
  let trend: Trend | null = null;
  let trendDown = false;
  const sentences: string[] = [];
  if (pNoOrder90 !== null) {
    if (pNoOrder90 < thresholds.churnProbabilityThreshold) return null;
    high = pNoOrder90 >= thresholds.churnProbabilityHighThreshold;
    score = pNoOrder90;
    sentences.push(silence(daysSinceLastOrder, gap, overdue));
    sentences.push(`${formatPercent(pNoOrder90)} chance of no order in the next 90 days.`);
  } else {
    // An account that has gone silent shows a falling trend too; the overdue sentence already
    // says so. The trend is the signal for accounts that still order, but less.
    trend = overdue ? null : trendOf(history, thresholds);
    const ordersDown =
      trend !== null && trend.orderRatio < thresholds.trendDropRatio && trend.previousOrders - trend.currentOrders >= MIN_ORDER_DROP;
    // Revenue counts as falling when orders got smaller too, so the same phase effect
    // (one order less, same order size) does not trigger it through the back door.
    const revenueDown =
      trend !== null &&
      trend.revenueRatio !== null &&
      trend.revenueRatio < thresholds.trendDropRatio &&
      (ordersDown || (trend.orderValueRatio !== null && trend.orderValueRatio < thresholds.trendDropRatio));
    trendDown = ordersDown || revenueDown;
    if (!overdue && !trendDown) return null;

    high = overdue && overdueRatio > thresholds.overdueRatioHigh;
    const base = overdue ? 1 - 1 / overdueRatio : 0;
    const worstTrendRatio = Math.min(ordersDown ? trend!.orderRatio : 1, revenueDown ? (trend!.revenueRatio ?? 1) : 1);
    const trendSeverity = trendDown ? 1 - worstTrendRatio : 0;
    score = clamp01(1 - (1 - base) * (1 - TREND_WEIGHT * trendSeverity));

    const money = (amount: number) => formatMoney(amount, input.currency, input.locale);
    if (trendDown && trend) {
      const last = `in the last ${formatDays(thresholds.trendPeriodDays)}`;
      const before = `in the ${formatDays(thresholds.trendPeriodDays)} before`;
      const { currentOrders, previousOrders, currentRevenue, previousRevenue } = trend;
      sentences.push(
        ordersDown
          ? `Orders fell to ${currentOrders} (${money(currentRevenue)}) ${last}, from ${previousOrders} (${money(previousRevenue)}) ${before}.`
          : `Revenue fell to ${money(currentRevenue)} ${last}, from ${money(previousRevenue)} ${before}.`,
      );
    } else {
      sentences.push(silence(daysSinceLastOrder, gap, overdue));
    }
  }

  // valueAtStake: what keeping the account is worth. With the model that is its CLV *if it is still
  // active*: under BG/NBD the expected orders are P(active) × the expected orders of an active
  // customer (FHL 2005 eq. 10), so CLV / P(active). The plain CLV is already shrunk by the very risk
  // the flag is about, and would rank the accounts most likely to leave last. Without a model: what
  // the account bought per year while active.
  const valueAtStake =
    input.predictedClv !== null && Number.isFinite(input.predictedClv)
      ? nonNegativeMoney(pAlive !== null && pAlive > 0 ? input.predictedClv / pAlive : input.predictedClv)
      : activeRunRateFromHistory(history, gap?.days ?? null);

  return {
    type: "churn_risk",
    score,
    reason: sentences.join(" "),
    action: high ? CHURN_ACTION_HIGH : CHURN_ACTION_MEDIUM,
    valueAtStake,
    details: {
      severity: high ? "high" : "medium",
      pNoOrder90,
      band: pNoOrder90 === null ? null : churnRiskBand(pNoOrder90),
      daysSinceLastOrder,
      usualGapDays: gap?.days ?? null,
      gapSource: gap?.source ?? null,
      overdueRatio,
      overdue,
      pAlive,
      trendDown,
      trendOrderRatio: trend?.orderRatio ?? null,
      trendRevenueRatio: trend?.revenueRatio ?? null,
    },
  };
}

/** "No order for 94 days; usually orders every 31 days." when overdue, else "Last order 20 days ago." */
function silence(daysSinceLastOrder: number, gap: UsualGap | null, overdue: boolean): string {
  if (overdue && gap) {
    const every = formatEveryDays(gap.days);
    const usually = gap.source === "account" ? `usually orders ${every}` : `similar accounts order ${every}`;
    return `No order for ${formatDays(daysSinceLastOrder)}; ${usually}.`;
  }
  return `Last order ${formatDaysAgo(daysSinceLastOrder)}.`;
}
