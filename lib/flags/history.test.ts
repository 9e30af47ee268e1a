import { describe, expect, it } from "vitest";
import { buildSegmentStats, peerStatsFor } from "./context";
import { dayNumber as dayIndex } from "@/lib/days";
import { accountCategories, percentile, usualOrderGapDays, yearlySpend } from "./history";
import { AS_OF, line, purchase, regularOrders } from "./test-fixtures";

describe("account summaries", () => {
  it("counts calendar days in UTC", () => {
    expect(dayIndex(new Date("2025-06-30T23:59:59Z")) - dayIndex(new Date("2025-06-30T00:00:00Z"))).toBe(0);
    expect(dayIndex(new Date("2025-07-01T00:00:00Z")) - dayIndex(new Date("2025-06-30T23:59:59Z"))).toBe(1);
  });

  it("takes the median gap between distinct order days, null below minOrdersForGap", () => {
    // Gaps 10, 10, 100: the one long break does not set the rhythm.
    const purchases = [purchase(5), purchase(15), purchase(25), purchase(125), purchase(125)];
    expect(usualOrderGapDays(purchases, AS_OF)).toBe(10);
    expect(usualOrderGapDays([purchase(5)], AS_OF)).toBeNull();
    expect(usualOrderGapDays([purchase(5), purchase(5)], AS_OF)).toBeNull();
    expect(usualOrderGapDays([purchase(5), purchase(15)], AS_OF, 3)).toBeNull();
  });

  it("measures yearly spend over the last 365 days, annualised for young accounts", () => {
    // Customer for two years: only the last year counts.
    expect(yearlySpend([...regularOrders(12, 30, 5, 100), purchase(500, 9999)], AS_OF)).toBe(1200);
    // 45 days old: extrapolated from at least 90 days, not 46.
    expect(yearlySpend([purchase(45, 900)], AS_OF)).toBeCloseTo((900 * 365) / 90, 9);
    // 180 days old: 365 / 181 of what it bought.
    expect(yearlySpend([purchase(180, 1810)], AS_OF)).toBeCloseTo((1810 * 365) / 181, 9);
    expect(yearlySpend([], AS_OF)).toBe(0);
  });

  it("builds the mining basket from every category bought", () => {
    const purchases = [
      purchase(5, 1, [line("a", { category: "toner" })]),
      purchase(50, 1, [line("b", { category: "paper" }), line("c", { category: "toner" })]),
    ];
    expect(accountCategories(purchases, AS_OF)).toEqual(["paper", "toner"]);
  });
});

describe("buildSegmentStats", () => {
  it("takes the peer percentile over accounts that spent in the last year, and the median gap", () => {
    const rows = [
      ...[100, 200, 300, 400, 500].map((yearlySpend, i) => ({ segment: "SMB", yearlySpend, usualGapDays: 10 * (i + 1) })),
      { segment: "SMB", yearlySpend: 0, usualGapDays: null },
      { segment: null, yearlySpend: 1000, usualGapDays: 5 },
    ];
    const { segments, allAccounts } = buildSegmentStats(rows, 0.75);
    // P75 of 100…500 with linear interpolation: rank 0.75 × 4 = 3 → 400.
    expect(segments.SMB).toEqual({ accountCount: 5, medianOrderGapDays: 30, peerSpend: 400, peerSpendPercentile: 0.75 });
    expect(allAccounts!.accountCount).toBe(6);
    // 100…500 and 1000: rank 0.75 × 5 = 3.75 → 400 + 0.75 × 100
    expect(allAccounts!.peerSpend).toBe(475);
    expect(peerStatsFor("SMB", segments, allAccounts)).toBe(segments.SMB);
    expect(peerStatsFor(null, segments, allAccounts)).toBe(allAccounts);
    expect(peerStatsFor("constructor", segments, allAccounts)).toBeNull();
  });

  it("interpolates percentiles like numpy", () => {
    expect(percentile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25, 12);
    expect(percentile([], 0.5)).toBeNull();
  });
});
