// Admin-tunable thresholds of the flags. The defaults follow docs/reference/product.md ("Flags") and
// docs/reference/clv-reference.md ("Heuristics when an account has little data"); where those docs
// give no number, the choice is explained next to the field.

import { CHURN_BAND_HIGH_FROM } from "@/lib/ltv/churn-probability";

export interface FlagThresholds {
  // --- churn risk -----------------------------------------------------------
  /**
   * With a fitted model: flag when the probability of no order in the next 90 days is at least
   * this (issue 16). 0.6 flags about one active demo account in six, at a precision near 90 % in
   * the backtest (README, "Do the flags work?"): a list a team can work through.
   */
  churnProbabilityThreshold: number;
  /** … and the churn risk is high (act this week) from this probability: the High band's edge. */
  churnProbabilityHighThreshold: number;
  /** Without a fitted model: flag when days since last order > overdueRatio × usual gap (clv-reference: "flag above 2"). */
  overdueRatio: number;
  /** … and high above this ratio (clv-reference: "high above 3"). */
  overdueRatioHigh: number;
  /** Orders (distinct days) needed to trust the account's own gap; below it the segment median is used. */
  minOrdersForGap: number;
  /** Length N of the trend periods in days: last N days vs the N before (docs/reference/product.md: "quarter on quarter"). */
  trendPeriodDays: number;
  /** Flag when orders or revenue of the last period < this × the previous period (clv-reference: 0.7). */
  trendDropRatio: number;
  /** Orders needed in the previous period before a drop means anything (1 → 0 is noise, not a trend). */
  trendMinPreviousOrders: number;

  // --- upsell ---------------------------------------------------------------
  /** Purchases (distinct days) of a category in the last year before a tier step is suggested. */
  tierLadderMinPurchases: number;
  /** At most this many tier-ladder suggestions per account (one per category, best value first). */
  upsellMaxTierFlags: number;
  /** Peers' spend percentile the account is compared with (clv-reference: P75). */
  upsellPeerPercentile: number;
  /** Flag when the gap to the peer percentile is at least this share of it ("well below peers"). */
  upsellMinGapShare: number;
  /** "Ordering often": at least this many orders a year (annualised) for a peer-gap upsell. */
  upsellMinOrdersPerYear: number;
  /** A percentile over fewer peer accounts than this is not a benchmark. */
  upsellMinPeers: number;

  // --- cross-sell -----------------------------------------------------------
  /** Keep rules with lift above this; must be > 1 (clv-reference: "lift > 1"). */
  crossSellMinLift: number;
  /** Keep rules with support(A ∪ C) at least this (clv-reference: "support clears a floor"). */
  crossSellMinSupport: number;
  /** Keep rules whose antecedent is bought by at least this many accounts. */
  crossSellMinAccounts: number;
  /** A rule must convince a rep: "12 % of accounts buying A also buy C" does not. */
  crossSellMinConfidence: number;
  /** At most this many cross-sell flags per account (best rule per target category). */
  crossSellMaxFlags: number;

  // --- replenishment --------------------------------------------------------
  /** Due when days since last purchase >= replenishmentDays + grace; negative = remind early. */
  replenishmentGraceDays: number;
  /** Not due any more after this many cycles: the account switched or left (churn risk covers it). */
  replenishmentMaxCycles: number;
}

export const DEFAULT_FLAG_THRESHOLDS: Readonly<FlagThresholds> = Object.freeze({
  churnProbabilityThreshold: 0.6,
  churnProbabilityHighThreshold: CHURN_BAND_HIGH_FROM,
  overdueRatio: 2,
  overdueRatioHigh: 3,
  minOrdersForGap: 2,
  trendPeriodDays: 90,
  trendDropRatio: 0.7,
  trendMinPreviousOrders: 3,

  tierLadderMinPurchases: 2,
  upsellMaxTierFlags: 3,
  upsellPeerPercentile: 0.75,
  upsellMinGapShare: 0.25,
  upsellMinOrdersPerYear: 6,
  upsellMinPeers: 5,

  crossSellMinLift: 1.2,
  crossSellMinSupport: 0.02,
  crossSellMinAccounts: 5,
  crossSellMinConfidence: 0.25,
  crossSellMaxFlags: 3,

  replenishmentGraceDays: 0,
  replenishmentMaxCycles: 4,
});

/**
 * Stored overrides without the keys of retired thresholds: settings saved before churn risk came
 * from the 90-day probability (issue 16) still hold P(alive) thresholds.
 */
export function currentThresholdKeys(stored: Partial<FlagThresholds>): Partial<FlagThresholds> {
  return Object.fromEntries(Object.entries(stored).filter(([key]) => Object.hasOwn(DEFAULT_FLAG_THRESHOLDS, key)));
}

/**
 * Merges admin overrides (e.g. per segment) over the defaults and rejects values that
 * would make a flag meaningless. The route validates input with zod first; this guards
 * the invariants the formulas rely on (e.g. lift > 1, high ≥ normal).
 */
export function resolveFlagThresholds(overrides: Partial<FlagThresholds> = {}): FlagThresholds {
  const t: FlagThresholds = { ...DEFAULT_FLAG_THRESHOLDS };
  for (const [key, value] of Object.entries(currentThresholdKeys(overrides)) as Array<[keyof FlagThresholds, number | undefined]>) {
    if (value !== undefined) t[key] = value;
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(t)) {
    if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`${key} must be a finite number`);
  }
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  check(t.churnProbabilityThreshold > 0 && t.churnProbabilityThreshold <= 1, "churnProbabilityThreshold must be in (0, 1]");
  check(
    t.churnProbabilityHighThreshold >= t.churnProbabilityThreshold && t.churnProbabilityHighThreshold <= 1,
    "churnProbabilityHighThreshold must be in [churnProbabilityThreshold, 1]",
  );
  check(t.overdueRatio > 1, "overdueRatio must be > 1");
  check(t.overdueRatioHigh >= t.overdueRatio, "overdueRatioHigh must be >= overdueRatio");
  check(Number.isInteger(t.minOrdersForGap) && t.minOrdersForGap >= 2, "minOrdersForGap must be an integer >= 2");
  check(Number.isInteger(t.trendPeriodDays) && t.trendPeriodDays >= 1, "trendPeriodDays must be an integer >= 1");
  check(t.trendDropRatio > 0 && t.trendDropRatio < 1, "trendDropRatio must be in (0, 1)");
  check(t.trendMinPreviousOrders >= 1, "trendMinPreviousOrders must be >= 1");
  check(t.tierLadderMinPurchases >= 1, "tierLadderMinPurchases must be >= 1");
  check(t.upsellMaxTierFlags >= 0, "upsellMaxTierFlags must be >= 0");
  check(t.upsellPeerPercentile > 0 && t.upsellPeerPercentile < 1, "upsellPeerPercentile must be in (0, 1)");
  check(t.upsellMinGapShare > 0 && t.upsellMinGapShare < 1, "upsellMinGapShare must be in (0, 1)");
  check(t.upsellMinOrdersPerYear >= 0, "upsellMinOrdersPerYear must be >= 0");
  check(t.upsellMinPeers >= 1, "upsellMinPeers must be >= 1");
  check(t.crossSellMinLift > 1, "crossSellMinLift must be > 1");
  check(t.crossSellMinSupport >= 0 && t.crossSellMinSupport <= 1, "crossSellMinSupport must be in [0, 1]");
  check(t.crossSellMinAccounts >= 1, "crossSellMinAccounts must be >= 1");
  check(t.crossSellMinConfidence >= 0 && t.crossSellMinConfidence <= 1, "crossSellMinConfidence must be in [0, 1]");
  check(t.crossSellMaxFlags >= 0, "crossSellMaxFlags must be >= 0");
  check(t.replenishmentMaxCycles > 1, "replenishmentMaxCycles must be > 1");
  if (problems.length > 0) throw new RangeError(`Invalid flag thresholds: ${problems.join("; ")}`);
  return t;
}
