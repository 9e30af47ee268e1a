// Cost inputs an admin sets: validated once, here. Fractions are stored as
// fractions (0.38 = 38 % margin); the form shows percent and converts.
import { z } from "zod";
import { DEFAULT_FLAG_THRESHOLDS, resolveFlagThresholds, type FlagThresholds } from "@/lib/flags/thresholds";
import { recordId } from "@/lib/http/ids";

/** Money ≥ 0 with at most two decimals (numeric(14,2)); a number or a decimal string. Kept as integer cents. */
const money = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/, "must be a non-negative amount like 900 or 900.50"),
  ])
  .transform((value) => Number(value))
  .refine((value) => Number.isFinite(value), "must be a finite number")
  .refine((value) => value >= 0, "must not be negative")
  .refine((value) => value <= 1_000_000_000, "must be at most 1,000,000,000")
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "must have at most two decimals")
  .transform((value) => Math.round(value * 100));

/** A number with at most `places` decimals (the column's scale), so what is saved is what was previewed. */
const decimals = (places: number) => (value: number) => {
  const scaled = value * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
};

const finite = () => z.number({ error: "must be a number" }).refine(Number.isFinite, "must be a finite number");
const integer = (min: number, max: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const range = (min: number, max: number, opts: { minExclusive?: boolean; maxExclusive?: boolean } = {}) =>
  finite()
    .refine((v) => (opts.minExclusive ? v > min : v >= min), opts.minExclusive ? `must be more than ${min}` : `must be at least ${min}`)
    .refine((v) => (opts.maxExclusive ? v < max : v <= max), opts.maxExclusive ? `must be less than ${max}` : `must be at most ${max}`);
const share = (opts: { minExclusive?: boolean; maxExclusive?: boolean } = {}) => range(0, 1, opts);

/** Each flag threshold with the range that keeps its flag meaningful (lib/flags/thresholds.ts). */
export const flagThresholdsInput = z
  .object({
    churnProbabilityThreshold: share({ minExclusive: true }),
    churnProbabilityHighThreshold: share({ minExclusive: true }),
    overdueRatio: range(1, 20, { minExclusive: true }),
    overdueRatioHigh: range(1, 50, { minExclusive: true }),
    minOrdersForGap: integer(2, 50),
    trendPeriodDays: integer(1, 730),
    trendDropRatio: share({ minExclusive: true, maxExclusive: true }),
    trendMinPreviousOrders: integer(1, 1000),
    tierLadderMinPurchases: integer(1, 100),
    upsellMaxTierFlags: integer(0, 10),
    upsellPeerPercentile: share({ minExclusive: true, maxExclusive: true }),
    upsellMinGapShare: share({ minExclusive: true, maxExclusive: true }),
    upsellMinOrdersPerYear: range(0, 365),
    upsellMinPeers: integer(1, 1000),
    crossSellMinLift: range(1, 100, { minExclusive: true }),
    crossSellMinSupport: share(),
    crossSellMinAccounts: integer(1, 100_000),
    crossSellMinConfidence: share(),
    crossSellMaxFlags: integer(0, 10),
    replenishmentGraceDays: integer(-365, 365),
    replenishmentMaxCycles: range(1, 100, { minExclusive: true }),
  } satisfies Record<keyof FlagThresholds, z.ZodType>)
  .partial()
  .strict()
  .superRefine((value, ctx) => {
    // Cross-field rules (high ≥ normal and the like) live in resolveFlagThresholds.
    try {
      resolveFlagThresholds(value);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: error instanceof Error ? error.message.replace(/^Invalid flag thresholds: /, "") : String(error),
      });
    }
  })
  // Only what differs from the built-in defaults is stored: later changes to a default still reach it.
  .transform(
    (value) =>
      Object.fromEntries(
        Object.entries(value).filter(([key, v]) => v !== undefined && v !== DEFAULT_FLAG_THRESHOLDS[key as keyof FlagThresholds]),
      ) as Partial<FlagThresholds>,
  );

export const costInputs = z
  .object({
    acquisitionCost: money,
    retentionCostPerYear: money,
    grossMargin: range(0, 1, { minExclusive: true }).refine(
      decimals(4),
      "has too many decimals: a fraction with at most 4 (0.3825 = 38.25 %)",
    ),
    discountRateYearly: range(0, 1, { maxExclusive: true }).refine(
      decimals(4),
      "has too many decimals: a fraction with at most 4 (0.1025 = 10.25 %)",
    ),
    horizonMonths: integer(1, 120),
    lifespanCapYears: range(0, 50, { minExclusive: true }).refine(decimals(2), "must have at most 2 decimals"),
    defaultLifespanYears: range(0, 50, { minExclusive: true }).refine(decimals(2), "must have at most 2 decimals"),
    flagThresholds: flagThresholdsInput.default({}),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.defaultLifespanYears > value.lifespanCapYears) {
      ctx.addIssue({ code: "custom", path: ["defaultLifespanYears"], message: "must not be more than the lifespan cap" });
    }
  });
/** One set of cost inputs after validation: money in integer cents, fractions as fractions. */
export type CostInputs = z.output<typeof costInputs>;

const segmentName = z.string().min(1, "must not be empty").max(50, "must be at most 50 characters");

export const costChangeInput = z
  .object({
    default: costInputs,
    // Per segment: inputs to set (or replace) an override, null to remove it; a segment not named keeps its override.
    segments: z.record(segmentName, costInputs.nullable()).default({}),
    note: z.string().trim().max(500, "must be at most 500 characters").optional(),
    // The default version the admin edited: a newer one saved meanwhile answers 409.
    basedOn: recordId("the id of the cost-settings version you edited"),
  })
  .strict();
export type CostChangeInput = z.output<typeof costChangeInput>;
