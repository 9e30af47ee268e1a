// Properties of the pure per-account computation.
// - refitSummary is what the model refit reads instead of the purchases (decision 0006): it
//   must agree with the definitions the fit and the flags use on the raw purchases.
// - computeAccountValues (the cost-change preview's measures, read without purchase lines)
//   must give exactly the measures computeAccountMetrics stores.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeTransactions } from "@/lib/ltv/rfm";
import { accountCategories, usualOrderGapDays } from "@/lib/flags/history";
import {
  EMPTY_PORTFOLIO,
  computeAccountMetrics,
  computeAccountValues,
  refitSummary,
  type MetricsCosts,
  type MetricsPurchase,
  type PredictiveModel,
} from "./compute";

const DAY = 86_400_000;
const asOf = new Date("2026-11-23T12:00:00Z");
const categories = ["Paper", "Toner & ink", "Printers", "Service"];

const purchase = fc.record({
  // Up to three years back, at any hour: same-day orders are common.
  ageHours: fc.integer({ min: 0, max: 3 * 365 * 24 }),
  lines: fc.array(
    fc.record({
      category: fc.constantFrom(...categories),
      quantity: fc.integer({ min: 1, max: 20 }),
      unitCents: fc.integer({ min: 1, max: 500_000 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

function toPurchases(
  drawn: Array<{ ageHours: number; lines: Array<{ category: string; quantity: number; unitCents: number }> }>,
): MetricsPurchase[] {
  return drawn.map(({ ageHours, lines }) => {
    const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitCents, 0);
    return {
      purchasedAt: new Date(asOf.getTime() - ageHours * 3_600_000),
      totalCents,
      grossProfitCents: Math.round(totalCents * 0.3),
      lines: lines.map((line, i) => ({
        productId: `p${i}`,
        category: line.category,
        tier: null,
        quantity: line.quantity,
        unitPrice: line.unitCents / 100,
      })),
    };
  });
}

describe("refitSummary", () => {
  it("agrees with the RFM summary, the usual gap and the basket computed from the purchases", () => {
    fc.assert(
      fc.property(fc.array(purchase, { minLength: 1, maxLength: 30 }), (drawn) => {
        const purchases = toPurchases(drawn);
        const summary = refitSummary(purchases, asOf);
        const [rfm] = summarizeTransactions(
          purchases.map((p) => ({ customerId: "a", date: p.purchasedAt, amount: p.totalCents / 100 })),
          { asOf, unit: "day" },
        );
        expect(summary.purchaseDays).toBe(rfm!.frequency + 1);
        expect(summary.repeatRevenueCents / 100).toBeCloseTo(rfm!.monetaryValue! * rfm!.frequency, 6);
        const asFlagInput = purchases.map((p) => ({ purchasedAt: p.purchasedAt, total: p.totalCents / 100, lines: p.lines }));
        expect(summary.usualGapDays).toBe(usualOrderGapDays(asFlagInput, asOf));
        expect(Object.keys(summary.categorySpend).sort()).toEqual(accountCategories(asFlagInput, asOf));
        for (const category of Object.keys(summary.categorySpend)) {
          const containing = purchases.filter((p) => p.lines.some((line) => line.category === category));
          const value = containing
            .flatMap((p) => p.lines.filter((line) => line.category === category))
            .reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          expect(summary.categorySpend[category]![1]).toBe(containing.length);
          expect(summary.categorySpend[category]![0]).toBeCloseTo(value, 2);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("counts two orders on one UTC day as one purchase day, and only later days as repeat revenue", () => {
    const day = Math.floor(asOf.getTime() / DAY) * DAY - 10 * DAY;
    const purchases = toPurchases([]).concat(
      [
        { at: day + 1 * 3_600_000, cents: 10_000 },
        { at: day + 23 * 3_600_000, cents: 5_000 },
        { at: day + 5 * DAY, cents: 2_500 },
      ].map(({ at, cents }) => ({ purchasedAt: new Date(at), totalCents: cents, grossProfitCents: 0, lines: [] })),
    );
    const summary = refitSummary(purchases, asOf);
    expect(summary.purchaseDays).toBe(2);
    expect(summary.repeatRevenueCents).toBe(2_500);
    expect(summary.usualGapDays).toBe(5);
  });
});

describe("computeAccountValues", () => {
  const model: PredictiveModel = {
    id: "fit",
    unit: "day",
    bgnbd: { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 },
    gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
  };
  const costs = (grossMargin: number, acquisitionCost: number): MetricsCosts => ({
    acquisitionCost,
    retentionCostPerYear: 120,
    grossMargin,
    discountRateYearly: 0.1,
    horizonMonths: 36,
    lifespanCapYears: 10,
    defaultLifespanYears: 3,
    flagThresholds: {},
  });

  it("gives the measures computeAccountMetrics stores, with or without the purchase lines", () => {
    fc.assert(
      fc.property(
        fc.array(purchase, { minLength: 0, maxLength: 25 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.option(fc.integer({ min: 0, max: 3_000 }), { nil: null }),
        fc.boolean(),
        (drawn, margin, cac, override, withModel) => {
          const purchases = toPurchases(drawn);
          const account = {
            accountId: "a",
            segment: "SMB",
            currency: "EUR",
            acquiredAt: new Date(asOf.getTime() - 4 * 365 * DAY),
            acquisitionCostOverride: override,
            purchases,
            lastVisitAt: null,
          };
          const portfolio = { ...EMPTY_PORTFOLIO, yearlyChurnRate: 0.2 };
          const fit = withModel ? model : null;
          const full = computeAccountMetrics(account, costs(margin, cac), fit, portfolio, [], asOf);
          const { flags, attentionScore, churnRisk, refitSummary: summary, lastVisitAt, ...stored } = full;
          void [flags, attentionScore, churnRisk, summary, lastVisitAt];
          expect(computeAccountValues(account, costs(margin, cac), fit, portfolio, asOf)).toEqual(stored);
          const withoutLines = { ...account, purchases: purchases.map((p) => ({ ...p, lines: [] })) };
          expect(computeAccountValues(withoutLines, costs(margin, cac), fit, portfolio, asOf)).toEqual(stored);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("the churn probability stored with the measures (issue 16)", () => {
  // Weekly model; one account with orders 30 weeks, 20 weeks and 8 weeks before the as-of date
  // (whole days, noon UTC like asOf): x = 2 repeat purchases, t_x = 22 weeks, T = 30 weeks.
  const params = { r: 0.5, alpha: 6, a: 0.6, b: 2.5 };
  const weekly: PredictiveModel = { id: "m", unit: "week", bgnbd: params, gammaGamma: null };
  const costs: MetricsCosts = {
    acquisitionCost: 0,
    retentionCostPerYear: 0,
    grossMargin: 0.3,
    discountRateYearly: 0.1,
    horizonMonths: 36,
    lifespanCapYears: 10,
    defaultLifespanYears: 3,
    flagThresholds: {},
  };
  const at = (weeksAgo: number): MetricsPurchase => ({
    purchasedAt: new Date(asOf.getTime() - weeksAgo * 7 * DAY),
    totalCents: 10_000,
    grossProfitCents: 3_000,
    lines: [{ productId: "p", category: "Paper", tier: null, quantity: 1, unitPrice: 100 }],
  });
  const account = {
    accountId: "a",
    segment: "SMB",
    currency: "EUR",
    acquiredAt: new Date(asOf.getTime() - 400 * DAY),
    acquisitionCostOverride: null,
    purchases: [at(30), at(20), at(8)],
    lastVisitAt: null,
  };

  it("is 1 − P(alive)·(1 − ((α+T)/(α+T+τ))^(r+x)) with τ = 90/7 weeks, worked by hand", () => {
    // P(alive) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 0.6/3.5 · (36/28)^2.5)
    const pAlive = 1 / (1 + (0.6 / 3.5) * (36 / 28) ** 2.5); // 1/(1 + 0.1714 × 1.874) = 0.7569
    const tau = 90 / 7;
    const expected = 1 - pAlive * (1 - (36 / (36 + tau)) ** 2.5); // 1 − 0.7569 × (1 − 0.7368^2.5) = 0.5959
    const m = computeAccountMetrics(account, costs, weekly, EMPTY_PORTFOLIO, [], asOf);
    expect(m.pAlive).toBeCloseTo(pAlive, 10);
    expect(m.pNoOrder90).toBeCloseTo(expected, 10);
    expect(m.pNoOrder90).toBeCloseTo(0.5959, 3);
    // 59.6 % is just below the default 60 %: no churn flag.
    expect(m.churnRisk).toBe(false);
    // Next order: the first day d with P(alive)(1 − (36/(36 + d/7))^2.5) ≥ ½, i.e.
    // (36/(36 + d/7))^2.5 ≤ 1 − ½/P(alive) → d = ⌈7·36·((1 − ½/P(alive))^(−1/2.5) − 1)⌉.
    const dayExact = 7 * 36 * ((1 - 0.5 / pAlive) ** (-1 / 2.5) - 1);
    expect(m.nextOrderDays).toBe(Math.ceil(dayExact));
  });

  it("raises the churn flag from the admin's threshold, and is null without a model", () => {
    const strict = { ...costs, flagThresholds: { churnProbabilityThreshold: 0.4, churnProbabilityHighThreshold: 0.9 } };
    const flagged = computeAccountMetrics(account, strict, weekly, EMPTY_PORTFOLIO, [], asOf);
    expect(flagged.churnRisk).toBe(true);
    expect(flagged.flags.find((f) => f.type === "churn_risk")!.reason).toMatch(/60 % chance of no order in the next 90 days\.$/);
    const unmodelled = computeAccountMetrics(account, costs, null, EMPTY_PORTFOLIO, [], asOf);
    expect(unmodelled.pNoOrder90).toBeNull();
    expect(unmodelled.nextOrderDays).toBeNull();
  });
});
