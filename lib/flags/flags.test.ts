import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at } from "@/lib/ltv/arrays";
import { mineCategoryAssociations } from "./cross-sell";
import { attentionScore, computeAccountFlags } from "./flags";
import { account, context, line, product, purchase, regularOrders } from "./test-fixtures";
import { DEFAULT_FLAG_THRESHOLDS, resolveFlagThresholds } from "./thresholds";
import type { Flag, FlagContext, PurchaseInput } from "./types";

const catalog = [
  product("toner-std", {
    name: "Toner Standard",
    category: "toner",
    tierRank: 1,
    tierName: "Standard",
    listPrice: 40,
    replenishmentDays: 30,
  }),
  product("toner-prem", {
    name: "Toner Premium",
    category: "toner",
    tierRank: 2,
    tierName: "Premium",
    listPrice: 55,
    replenishmentDays: 30,
  }),
  product("plan", { name: "Service plan", category: "service", listPrice: 300 }),
  product("printer", { name: "Printer", category: "printers", listPrice: 900 }),
];

const baskets = [
  ...Array.from({ length: 8 }, (_, i) => ({ accountId: `t${i}`, categories: ["toner", "service"] })),
  ...Array.from({ length: 2 }, (_, i) => ({ accountId: `u${i}`, categories: ["toner"] })),
  ...Array.from({ length: 10 }, (_, i) => ({ accountId: `p${i}`, categories: ["printers"] })),
];

const fullContext: FlagContext = context({
  catalog,
  segments: { SMB: { accountCount: 40, medianOrderGapDays: 30, peerSpend: 20_000, peerSpendPercentile: 0.75 } },
  categoryRules: mineCategoryAssociations(baskets),
  categoryAverageOrderValue: { service: 600 },
  categoryNames: { toner: "Toner", service: "Service plans", printers: "Printers" },
});

const tonerLine = line("toner-std", { category: "toner", tier: 1, quantity: 2, unitPrice: 40 });
/** Monthly toner buyer for a year and a half, silent for 94 days: every flag type applies. */
const silentTonerBuyer: PurchaseInput[] = regularOrders(17, 31, 94, 400, [tonerLine]);

describe("computeAccountFlags", () => {
  it("returns every applicable flag, most urgent first", () => {
    const flags = computeAccountFlags(
      account({ purchases: silentTonerBuyer, pAlive: 0.22, pNoOrder90: 0.85, predictedClv: 8000 }),
      fullContext,
    );
    expect(new Set(flags.map((f) => f.type))).toEqual(new Set(["churn_risk", "replenishment", "upsell", "cross_sell"]));
    expect(flags[0]?.type).toBe("churn_risk");
    for (let i = 1; i < flags.length; i++) expect(at(flags, i - 1).score).toBeGreaterThanOrEqual(at(flags, i).score);
    for (const flag of flags) {
      expect(flag.score).toBeGreaterThanOrEqual(0);
      expect(flag.score).toBeLessThanOrEqual(1);
      expect(flag.valueAtStake).toBeGreaterThanOrEqual(0);
      expect(flag.reason).not.toMatch(/NaN|undefined|null/);
    }
  });

  it("gives nothing to an account that never ordered", () => {
    expect(computeAccountFlags(account({ pAlive: 0.1 }), fullContext)).toEqual([]);
  });

  it("is deterministic: same input, same output, whatever the order of the purchases", () => {
    const input = account({ purchases: silentTonerBuyer, pAlive: 0.22, pNoOrder90: 0.85, predictedClv: 8000 });
    const expected = computeAccountFlags(input, fullContext);
    expect(computeAccountFlags(input, fullContext)).toEqual(expected);
    fc.assert(
      fc.property(fc.shuffledSubarray(silentTonerBuyer, { minLength: silentTonerBuyer.length }), (shuffled) => {
        expect(computeAccountFlags({ ...input, purchases: shuffled }, fullContext)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it("depends on asOf, not on the clock", () => {
    const input = account({ purchases: silentTonerBuyer });
    const laterAsOf = { ...input, asOf: new Date(input.asOf.getTime() + 30 * 86_400_000) };
    const churnNow = computeAccountFlags(input, fullContext).find((f) => f.type === "churn_risk")!;
    const churnLater = computeAccountFlags(laterAsOf, fullContext).find((f) => f.type === "churn_risk")!;
    expect(churnNow.details!.daysSinceLastOrder).toBe(94);
    expect(churnLater.details!.daysSinceLastOrder).toBe(124);
  });

  it("applies the thresholds it is given", () => {
    const input = account({ purchases: silentTonerBuyer });
    const kinds = (flags: Flag[]) => flags.map((f) => (f.type === "upsell" ? `upsell:${f.details!.kind}` : f.type));
    const quiet = resolveFlagThresholds({ crossSellMaxFlags: 0, upsellMaxTierFlags: 0 });
    expect(kinds(computeAccountFlags(input, fullContext, quiet)).sort()).toEqual(["churn_risk", "replenishment", "upsell:peer_gap"]);
    expect(kinds(computeAccountFlags(input, fullContext, DEFAULT_FLAG_THRESHOLDS)).sort()).toEqual([
      "churn_risk",
      "cross_sell",
      "replenishment",
      "upsell:peer_gap",
      "upsell:tier_ladder",
    ]);
  });
});

describe("attentionScore", () => {
  const flag = (score: number, valueAtStake: number): Flag => ({ type: "upsell", score, valueAtStake, reason: "r", action: "a" });

  it("is the sum of score × value at stake", () => {
    expect(attentionScore([flag(0.5, 1000), flag(0.25, 400)])).toBe(600);
    expect(attentionScore([])).toBe(0);
    expect(attentionScore([flag(0.5, Number.NaN)])).toBe(0);
  });

  it("puts a high-value churn risk above a low-value one with the same pattern", () => {
    const churnOf = (predictedClv: number) =>
      computeAccountFlags(account({ purchases: regularOrders(6, 31, 94, 100), pAlive: 0.22, pNoOrder90: 0.85, predictedClv }), context());
    const big = churnOf(50_000);
    const small = churnOf(500);
    expect(big.map((f) => f.type)).toEqual(["churn_risk"]);
    expect(attentionScore(big)).toBeGreaterThan(attentionScore(small));
    // score = the churn probability 0.85; value at stake = CLV / P(active) = 50 000 / 0.22
    expect(attentionScore(big)).toBeCloseTo((0.85 * 50_000) / 0.22, 6);
  });

  it("puts an urgent risk above a calm account of the same value", () => {
    const urgent = computeAccountFlags(
      account({ purchases: regularOrders(6, 31, 94), pAlive: 0.22, pNoOrder90: 0.85, predictedClv: 5000 }),
      context(),
    );
    const calm = computeAccountFlags(
      account({ purchases: regularOrders(6, 31, 10), pAlive: 0.95, pNoOrder90: 0.1, predictedClv: 5000 }),
      context(),
    );
    expect(calm).toEqual([]);
    expect(attentionScore(urgent)).toBeGreaterThan(attentionScore(calm));
  });
});

describe("a busy account with one purchase on the as-of day", () => {
  it("computes without error for a few hundred purchases and a large catalog", () => {
    const bigCatalog = [
      ...catalog,
      ...Array.from({ length: 3000 }, (_, i) =>
        product(`p${i}`, { category: `c${i % 40}`, tierRank: (i % 3) + 1, listPrice: 10 + (i % 50) }),
      ),
    ];
    const purchases = Array.from({ length: 300 }, (_, i) =>
      purchase(i * 2, 250, [line(`p${i % 3000}`, { category: `c${i % 40}`, tier: (i % 3) + 1 }), tonerLine]),
    );
    const flags = computeAccountFlags(account({ purchases }), { ...fullContext, catalog: bigCatalog });
    expect(flags.every((f) => Number.isFinite(f.score) && Number.isFinite(f.valueAtStake))).toBe(true);
  });
});
