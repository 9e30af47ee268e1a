import { describe, expect, it } from "vitest";
import {
  accountLtv,
  expectedLifespan,
  formulaLtv,
  historicalLtv,
  paretoCurve,
  paretoShare,
  portfolioAverageLtv,
  revenueLtv,
  summarizePurchases,
  upperLimitAcquisitionCost,
  yearlyChurnRate,
} from "./formula";

const inputs = {
  averageOrderValue: 412,
  purchasesPerYear: 6.1,
  lifespanYears: 3.2,
  grossMargin: 0.38,
  acquisitionCost: 900,
  retentionCostPerYear: 150,
};

describe("formula LTV", () => {
  it("is AOV × f × L × m − (CAC + R × L), with its parts and an arithmetic string", () => {
    const result = formulaLtv(inputs);
    expect(result.revenue).toBeCloseTo(412 * 6.1 * 3.2, 9);
    expect(result.grossProfit).toBeCloseTo(412 * 6.1 * 3.2 * 0.38, 9);
    expect(result.retentionCost).toBeCloseTo(480, 9);
    expect(result.value).toBeCloseTo(412 * 6.1 * 3.2 * 0.38 - 900 - 150 * 3.2, 9);
    expect(result.inputs).toEqual(inputs);
    expect(result.explanation).toBe("€412 avg order × 6.1/yr × 3.2 yrs × 38% − €900 − €150 × 3.2 = €1,676");
  });

  it("formats with the given currency and locale", () => {
    expect(formulaLtv(inputs, { currency: "USD", locale: "en-US" }).explanation).toBe(
      "$412 avg order × 6.1/yr × 3.2 yrs × 38% − $900 − $150 × 3.2 = $1,676",
    );
    // French puts the symbol after the amount and uses a narrow no-break space as group separator.
    expect(formulaLtv(inputs, { locale: "fr-FR" }).explanation).toMatch(/^412\s€ avg order × 6,1\/yr × 3,2 yrs × 38\s% − 900\s€/);
  });

  it("shows cents below 100 so small amounts stay readable", () => {
    expect(revenueLtv({ averageOrderValue: 8.4, purchasesPerYear: 2, lifespanYears: 1 }).explanation).toBe(
      "€8.40 avg order × 2/yr × 1 yrs = €16.80",
    );
  });

  it("revenue-only LTV is AOV × f × L", () => {
    const result = revenueLtv(inputs);
    expect(result.value).toBeCloseTo(8042.24, 9);
    expect(result.explanation).toBe("€412 avg order × 6.1/yr × 3.2 yrs = €8,042");
  });

  it("upper-limit acquisition cost is the formula LTV before CAC", () => {
    const { acquisitionCost, ...rest } = inputs;
    const result = upperLimitAcquisitionCost(rest);
    expect(result.value).toBeCloseTo(formulaLtv(inputs).value + acquisitionCost, 9);
    expect(result.explanation).toContain("= €2,576");
  });

  it("rejects nonsense inputs", () => {
    expect(() => formulaLtv({ ...inputs, purchasesPerYear: -1 })).toThrow(RangeError);
    expect(() => formulaLtv({ ...inputs, averageOrderValue: Number.NaN })).toThrow(RangeError);
  });
});

describe("historical LTV", () => {
  it("net = gross profit − CAC − R × years as a customer", () => {
    const result = historicalLtv({
      revenueToDate: 12_400,
      grossProfitToDate: 4712,
      acquisitionCost: 900,
      retentionCostPerYear: 150,
      yearsAsCustomer: 2.5,
    });
    expect(result.net).toBe(4712 - 900 - 375);
    expect(result.value).toBe(result.net);
    expect(result.explanation).toBe("€12,400 revenue, €4,712 gross profit − €900 − €150 × 2.5 yrs = €3,437");
  });
});

describe("expected lifespan", () => {
  it("is 1 / yearly churn, capped by the horizon, or the default without churn", () => {
    expect(expectedLifespan({ yearlyChurnRate: 0.25, capYears: 10, defaultYears: 3 })).toMatchObject({ value: 4, source: "churn" });
    expect(expectedLifespan({ yearlyChurnRate: 0.05, capYears: 10, defaultYears: 3 })).toMatchObject({
      value: 10,
      source: "cap",
      explanation: "1 / 5% churn per yr = 20 yrs, capped at 10 yrs",
    });
    expect(expectedLifespan({ yearlyChurnRate: null, capYears: 10, defaultYears: 3 })).toMatchObject({ value: 3, source: "default" });
    expect(expectedLifespan({ yearlyChurnRate: 0, capYears: 2, defaultYears: 3 }).value).toBe(2);
    expect(() => expectedLifespan({ yearlyChurnRate: 1.5, capYears: 10, defaultYears: 3 })).toThrow(RangeError);
  });

  it("derives a yearly churn rate from a cohort observed over several years", () => {
    // 38 of 200 lost in 2 years: retention 0.81 = 0.9², so 10 % a year.
    const churn = yearlyChurnRate({ activeAtStart: 200, churned: 38, periodYears: 2 });
    expect(churn.value).toBeCloseTo(0.1, 12);
    expect(churn.explanation).toBe("38 of 200 lost in 2 yrs = 10% churn per yr");
  });
});

describe("portfolio", () => {
  it("averages LTV across accounts", () => {
    expect(portfolioAverageLtv([1000, 2000, -300]).value).toBe(900);
    expect(portfolioAverageLtv([]).value).toBe(0);
  });

  it("draws the Pareto curve: cumulative share of accounts (largest first) vs cumulative share of revenue", () => {
    expect(paretoCurve([10, 30, 60])).toEqual([
      { accountShare: 0, revenueShare: 0 },
      { accountShare: 1 / 3, revenueShare: 0.6 },
      { accountShare: 2 / 3, revenueShare: 0.9 },
      { accountShare: 1, revenueShare: 1 },
    ]);
  });

  it("gives the share of revenue from the top 20 % of accounts", () => {
    // 10 accounts: the top 2 bring 80 + 10 of 100.
    const revenues = [80, 10, 2, 2, 1, 1, 1, 1, 1, 1];
    const result = paretoShare(revenues);
    expect(result.value).toBeCloseTo(0.9, 12);
    expect(result.explanation).toBe("top 20% of 10 accounts (2) bring €90.00 of €100 revenue = 90%");
  });

  it("interpolates when 20 % is not a whole number of accounts and counts refunds as 0", () => {
    // 7 accounts: top 1.4 = the first (100) plus 40 % of the second (50) = 120 of 200.
    expect(paretoShare([100, 50, 30, 10, 5, 3, 2]).value).toBeCloseTo(0.6, 12);
    expect(paretoShare([100, -50, 100], 1 / 3).value).toBeCloseTo(0.5, 12);
    expect(paretoShare([]).value).toBe(0);
    expect(paretoShare([0, 0]).value).toBe(0);
  });
});

describe("purchase metrics and the account's live LTV", () => {
  const purchases = [
    { date: "2023-01-10", amount: 400, grossProfit: 150 },
    { date: "2023-06-10", amount: 500 },
    { date: "2024-01-10", amount: 300 },
    { date: "2024-05-01", amount: 999 }, // after as-of: ignored
  ];

  it("derives AOV, purchases per year, first and last order", () => {
    const summary = summarizePurchases(purchases, { asOf: "2024-03-01", grossMargin: 0.35 });
    expect(summary).toMatchObject({
      orders: 3,
      revenue: 1200,
      averageOrderValue: 400,
      firstOrderDate: "2023-01-10",
      lastOrderDate: "2024-01-10",
      daysSinceLastOrder: 51,
    });
    expect(summary.grossProfit).toBeCloseTo(150 + 0.35 * 800, 9);
    expect(summary.yearsObserved).toBeCloseTo(416 / 365.25, 12);
    expect(summary.purchasesPerYear).toBeCloseTo(3 / (416 / 365.25), 12);
  });

  it("leaves gross profit unknown without margin, and floors the window for young accounts", () => {
    expect(summarizePurchases(purchases, { asOf: "2024-03-01" }).grossProfit).toBeNull();
    const young = summarizePurchases(
      [
        { date: "2024-02-20", amount: 10 },
        { date: "2024-02-27", amount: 10 },
      ],
      { asOf: "2024-03-01" },
    );
    expect(young.purchasesPerYear).toBe(2 / 0.25);
    expect(summarizePurchases([], { asOf: "2024-03-01" })).toMatchObject({ orders: 0, purchasesPerYear: 0, lastOrderDate: null });
  });

  it("puts historical, formula, revenue and upper-limit CAC together from purchases", () => {
    const costs = { grossMargin: 0.35, acquisitionCost: 900, retentionCostPerYear: 150, lifespanYears: 4 };
    const ltv = accountLtv({ purchases, asOf: "2024-03-01", costs, acquisitionDate: "2022-12-01" });
    const years = (Date.UTC(2024, 2, 1) - Date.UTC(2022, 11, 1)) / 86_400_000 / 365.25;
    expect(ltv.historical.net).toBeCloseTo(430 - 900 - 150 * years, 9);
    const f = ltv.purchases.purchasesPerYear;
    expect(ltv.formula.value).toBeCloseTo(400 * f * 4 * 0.35 - 900 - 150 * 4, 9);
    expect(ltv.revenue.value).toBeCloseTo(400 * f * 4, 9);
    expect(ltv.upperLimitAcquisitionCost.value).toBeCloseTo(ltv.formula.value + 900, 9);
    expect(ltv.formula.explanation).toBe("€400 avg order × 2.63/yr × 4 yrs × 35% − €900 − €150 × 4 = -€24.95");
  });
});
