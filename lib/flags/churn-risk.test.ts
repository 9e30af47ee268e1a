import { describe, expect, it } from "vitest";
import { CHURN_ACTION_HIGH, CHURN_ACTION_MEDIUM, churnRiskFlag } from "./churn-risk";
import { account, context, daysAgo, purchase, regularOrders } from "./test-fixtures";
import { DEFAULT_FLAG_THRESHOLDS, resolveFlagThresholds } from "./thresholds";
import type { SegmentStats } from "./types";

const segmentGap = (medianOrderGapDays: number | null): SegmentStats => ({
  accountCount: 50,
  medianOrderGapDays,
  peerSpend: null,
  peerSpendPercentile: 0.75,
});

describe("churnRiskFlag", () => {
  it("with a model, flags from the 90-day churn probability and says how long the account has been silent", () => {
    const flag = churnRiskFlag(account({ purchases: regularOrders(6, 31, 94), pAlive: 0.22, pNoOrder90: 0.81 }), context());
    expect(flag).not.toBeNull();
    expect(flag!.type).toBe("churn_risk");
    expect(flag!.reason).toBe("No order for 94 days; usually orders every 31 days. 81 % chance of no order in the next 90 days.");
    // 0.81 ≥ the High band's 0.66: act this week; the score is the probability itself.
    expect(flag!.action).toBe(CHURN_ACTION_HIGH);
    expect(flag!.score).toBe(0.81);
    expect(flag!.details).toMatchObject({ pNoOrder90: 0.81, band: "high", pAlive: 0.22, daysSinceLastOrder: 94, usualGapDays: 31 });
  });

  it("with a model, ignores the overdue and trend heuristics: the probability alone decides", () => {
    // 94 days of silence against a 31-day gap would be overdue, but the model gives 40 %: below 60 %.
    expect(churnRiskFlag(account({ purchases: regularOrders(6, 31, 94), pAlive: 0.7, pNoOrder90: 0.4 }), context())).toBeNull();
    // On schedule (last order 20 days ago) but the model says 62 %: flagged, medium (below 66 %).
    const medium = churnRiskFlag(account({ purchases: regularOrders(6, 31, 20), pAlive: 0.5, pNoOrder90: 0.62 }), context());
    expect(medium!.reason).toBe("Last order 20 days ago. 62 % chance of no order in the next 90 days.");
    expect(medium!.action).toBe(CHURN_ACTION_MEDIUM);
    expect(medium!.details).toMatchObject({ band: "medium" });
  });

  it("flags from the threshold on, inclusive, and follows the admin's thresholds", () => {
    const at = (p: number, t = DEFAULT_FLAG_THRESHOLDS) =>
      churnRiskFlag(account({ purchases: regularOrders(6, 31, 20), pAlive: 0.5, pNoOrder90: p }), context(), t);
    expect(at(0.59)).toBeNull();
    expect(at(0.6)).not.toBeNull();
    expect(at(0.6)!.action).toBe(CHURN_ACTION_MEDIUM);
    expect(at(0.66)!.action).toBe(CHURN_ACTION_HIGH);
    const stricter = resolveFlagThresholds({ churnProbabilityThreshold: 0.8, churnProbabilityHighThreshold: 0.9 });
    expect(at(0.79, stricter)).toBeNull();
    expect(at(0.85, stricter)!.action).toBe(CHURN_ACTION_MEDIUM);
    expect(at(0.9, stricter)!.action).toBe(CHURN_ACTION_HIGH);
  });

  it("without a model, leaves an account that is on schedule alone", () => {
    expect(churnRiskFlag(account({ purchases: regularOrders(6, 31, 20) }), context())).toBeNull();
  });

  it("respects the overdue boundaries: above 2× the gap flags, above 3× is high", () => {
    // Orders every 50 days: the previous quarter holds too few orders for a trend, so only ρ speaks.
    const at = (lastAge: number) => churnRiskFlag(account({ purchases: regularOrders(4, 50, lastAge) }), context());
    expect(at(100)).toBeNull(); // ρ = 2, not above
    expect(at(101)!.action).toBe(CHURN_ACTION_MEDIUM); // ρ = 2.02
    expect(at(101)!.reason).toBe("No order for 101 days; usually orders every 50 days.");
    expect(at(150)!.action).toBe(CHURN_ACTION_MEDIUM); // ρ = 3, not above
    expect(at(151)!.action).toBe(CHURN_ACTION_HIGH);
    // The admin's ratio applies: at 4× the same 151-day silence is not flagged.
    const lenient = resolveFlagThresholds({ overdueRatio: 4, overdueRatioHigh: 5 });
    expect(churnRiskFlag(account({ purchases: regularOrders(4, 50, 151) }), context(), lenient)).toBeNull();
  });

  it("does not flag a regular buyer whose last order merely fell into the previous quarter", () => {
    // Every 31 days, last order 28 days ago: 2 orders in the last 90 days (28, 59) against 3 (90, 121, 152).
    expect(churnRiskFlag(account({ purchases: regularOrders(6, 31, 28) }), context())).toBeNull();
  });

  it("grows the score with the silence", () => {
    const score = (lastAge: number) => churnRiskFlag(account({ purchases: regularOrders(4, 50, lastAge) }), context())!.score;
    expect(score(101)).toBeLessThan(score(150));
    expect(score(150)).toBeLessThan(score(300));
    expect(score(300)).toBeLessThanOrEqual(1);
  });

  it("flags falling order frequency while the account still orders", () => {
    // Previous 90 days: 6 orders (ages 95…175), last 90 days: 2 orders (ages 5 and 45).
    const purchases = [purchase(5, 500), purchase(45, 500), ...regularOrders(6, 16, 95, 500)];
    const flag = churnRiskFlag(account({ purchases }), context());
    expect(flag).not.toBeNull();
    expect(flag!.reason).toBe("Orders fell to 2 (€1,000) in the last 90 days, from 6 (€3,000) in the 90 days before.");
    expect(flag!.action).toBe(CHURN_ACTION_MEDIUM);
    // trend severity 1 − 2/6; score = ½ × ⅔
    expect(flag!.score).toBeCloseTo(1 / 3, 10);
    expect(flag!.details).toMatchObject({ trendDown: true, overdue: false });
  });

  it("flags falling revenue at the same order count", () => {
    const purchases = [...regularOrders(4, 20, 10, 100), ...regularOrders(4, 20, 100, 250)];
    const flag = churnRiskFlag(account({ purchases }), context());
    expect(flag!.reason).toBe("Revenue fell to €400 in the last 90 days, from €1,000 in the 90 days before.");
  });

  it("does not call a drop a trend when the previous period was thin or the drop is small", () => {
    // 2 orders before, 1 now: ratio 0.5 but below trendMinPreviousOrders.
    expect(churnRiskFlag(account({ purchases: [purchase(10), purchase(100), purchase(130)] }), context())).toBeNull();
    // 3 orders before, 3 now at 80 % of the revenue: above 0.7.
    const steady = [...regularOrders(3, 30, 10, 80), ...regularOrders(3, 30, 100, 100)];
    expect(churnRiskFlag(account({ purchases: steady }), context())).toBeNull();
  });

  it("gives no churn flag to an account that never ordered", () => {
    expect(churnRiskFlag(account({ purchases: [], pAlive: 0.01, pNoOrder90: 0.99 }), context())).toBeNull();
    // Purchases dated after asOf do not exist yet.
    const future = { purchasedAt: daysAgo(-10), total: 100, lines: [] };
    expect(churnRiskFlag(account({ purchases: [future], pAlive: 0.01, pNoOrder90: 0.99 }), context())).toBeNull();
  });

  it("borrows the segment's median gap when the account has a single order", () => {
    const single = account({ purchases: [purchase(100)] });
    const ctx = context({ segments: { SMB: segmentGap(30) } });
    const flag = churnRiskFlag(single, ctx);
    expect(flag!.reason).toBe("No order for 100 days; similar accounts order every 30 days.");
    expect(flag!.details).toMatchObject({ gapSource: "segment", usualGapDays: 30 });
    expect(churnRiskFlag(account({ purchases: [purchase(50)] }), ctx)).toBeNull();
    // No segment stats: the portfolio's median applies; none at all: no overdue signal.
    expect(churnRiskFlag(single, context({ allAccounts: segmentGap(30) }))).not.toBeNull();
    expect(churnRiskFlag(single, context())).toBeNull();
  });

  it("uses the account's own gap once it has minOrdersForGap orders", () => {
    // Two orders 10 days apart, last 25 days ago: own gap 10 → overdue; segment says 60.
    const flag = churnRiskFlag(account({ purchases: [purchase(25), purchase(35)] }), context({ segments: { SMB: segmentGap(60) } }));
    expect(flag!.details).toMatchObject({ gapSource: "account", usualGapDays: 10 });
    const needThree = resolveFlagThresholds({ minOrdersForGap: 3 });
    expect(
      churnRiskFlag(account({ purchases: [purchase(25), purchase(35)] }), context({ segments: { SMB: segmentGap(60) } }), needThree),
    ).toBeNull();
  });

  it("counts several orders on one day as one buying occasion", () => {
    const purchases = [...regularOrders(5, 30, 70), purchase(70), purchase(100)];
    const flag = churnRiskFlag(account({ purchases }), context());
    // Gaps stay 30 (not 0), so 70 days of silence is overdue (ρ ≈ 2.33).
    expect(flag!.reason).toBe("No order for 70 days; usually orders every 30 days.");
  });

  it("puts the predicted CLV at stake, else the yearly run-rate while active", () => {
    const purchases = regularOrders(6, 31, 94, 1000);
    expect(churnRiskFlag(account({ purchases, predictedClv: 12_345 }), context())!.valueAtStake).toBe(12_345);
    // With P(active) 0.25 the CLV of €2 000 is a quarter of what the account is worth if it stays: €8 000.
    expect(churnRiskFlag(account({ purchases, predictedClv: 2_000, pAlive: 0.25, pNoOrder90: 0.8 }), context())!.valueAtStake).toBe(8_000);
    expect(churnRiskFlag(account({ purchases, predictedClv: -5 }), context())!.valueAtStake).toBe(0);
    // 6 000 over (249 − 94) + 31 = 186 days → 6 000 × 365 / 186
    expect(churnRiskFlag(account({ purchases }), context())!.valueAtStake).toBeCloseTo((6000 * 365) / 186, 6);
  });

  it("uses the defaults when no thresholds are given", () => {
    const input = account({ purchases: regularOrders(6, 31, 94), pAlive: 0.22, pNoOrder90: 0.7 });
    expect(churnRiskFlag(input, context())).toEqual(churnRiskFlag(input, context(), DEFAULT_FLAG_THRESHOLDS));
  });
});
