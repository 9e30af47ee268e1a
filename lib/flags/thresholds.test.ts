import { describe, expect, it } from "vitest";
import { DEFAULT_FLAG_THRESHOLDS, resolveFlagThresholds } from "./thresholds";

describe("flag thresholds", () => {
  it("merges admin overrides over the defaults", () => {
    const t = resolveFlagThresholds({ overdueRatio: 2.5, overdueRatioHigh: undefined });
    expect(t.overdueRatio).toBe(2.5);
    expect(t.overdueRatioHigh).toBe(DEFAULT_FLAG_THRESHOLDS.overdueRatioHigh);
    expect(resolveFlagThresholds()).toEqual(DEFAULT_FLAG_THRESHOLDS);
    // A version saved before the P(alive) thresholds were retired still holds them: they are ignored.
    expect(resolveFlagThresholds({ pAliveChurnThreshold: 0.9 } as Partial<typeof DEFAULT_FLAG_THRESHOLDS>)).toEqual(
      DEFAULT_FLAG_THRESHOLDS,
    );
  });

  it("rejects settings that make a flag meaningless", () => {
    expect(() => resolveFlagThresholds({ crossSellMinLift: 1 })).toThrow(/crossSellMinLift/);
    expect(() => resolveFlagThresholds({ overdueRatioHigh: 1.5 })).toThrow(/overdueRatioHigh/);
    expect(() => resolveFlagThresholds({ trendDropRatio: 1.2 })).toThrow(/trendDropRatio/);
    expect(() => resolveFlagThresholds({ churnProbabilityThreshold: Number.NaN })).toThrow(/finite/);
    expect(() => resolveFlagThresholds({ churnProbabilityThreshold: 0.7, churnProbabilityHighThreshold: 0.65 })).toThrow(
      /churnProbabilityHighThreshold/,
    );
  });

  it("keeps the documented defaults", () => {
    expect(DEFAULT_FLAG_THRESHOLDS).toMatchObject({
      churnProbabilityThreshold: 0.6,
      churnProbabilityHighThreshold: 0.66,
      overdueRatio: 2,
      overdueRatioHigh: 3,
      trendDropRatio: 0.7,
      trendPeriodDays: 90,
      crossSellMinLift: 1.2,
      crossSellMinSupport: 0.02,
      crossSellMinAccounts: 5,
      upsellPeerPercentile: 0.75,
      minOrdersForGap: 2,
    });
    expect(Object.isFrozen(DEFAULT_FLAG_THRESHOLDS)).toBe(true);
  });
});
