// The per-account conversion (decision 0015) with hand-worked figures: GBP per EUR 0.85 on 2 March,
// 0.80 on 9 March, 0.84 on the as-of day; EUR reporting; cost inputs €900 and €150 a year.
import { describe, expect, it } from "vitest";
import { parseScaledRate } from "@/lib/fx/decimal";
import { buildSeries, dayNumberOfIso, type FxTable } from "@/lib/fx/rates";
import { accountFx, costsInAccountCurrency, reportingValues } from "./reporting";
import type { MetricsCosts } from "./compute";

const d = dayNumberOfIso;
const fx: FxTable = {
  reportingCurrency: "EUR",
  maxGapDays: 7,
  version: 1,
  series: buildSeries(
    [
      ["2026-03-02", "0.85"],
      ["2026-03-09", "0.80"],
      ["2026-06-01", "0.84"],
    ].map(([day, perEur]) => ({ currency: "GBP", day: d(day!), perEur: parseScaledRate(perEur!) })),
  ),
};
const costs: MetricsCosts = {
  acquisitionCost: 900,
  retentionCostPerYear: 150,
  grossMargin: 0.38,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: {},
};
const asOf = new Date("2026-06-03T12:00:00Z");
const order = (day: string, totalCents: number, grossProfitCents: number) => ({
  purchasedAt: new Date(`${day}T00:00:00Z`),
  totalCents,
  grossProfitCents,
  lines: [],
});
const account = {
  accountId: "a",
  segment: "SMB",
  currency: "GBP",
  acquiredAt: new Date("2026-01-01T00:00:00Z"),
  acquisitionCostOverride: null,
  purchases: [order("2026-03-02", 10_000, 4_400), order("2026-03-09", 20_000, 8_800)],
};

describe("an account's money in two currencies", () => {
  it("converts each order at its own day's rate and the cost inputs at the as-of rate", () => {
    const converted = accountFx(account, fx, asOf);
    expect(converted.gap).toBeNull();
    // £100 / 0.85 = €117.65, gross profit £44 / 0.85 = €51.76; £200 / 0.80 = €250.00, £88 / 0.80 = €110.00
    expect(converted.purchases).toEqual([
      { index: 0, totalCents: 11_765, grossProfitCents: 5_176 },
      { index: 1, totalCents: 25_000, grossProfitCents: 11_000 },
    ]);
    // €900 × 0.84 = £756, €150 × 0.84 = £126 (the as-of day, 3 June, takes 1 June's rate)
    expect(costsInAccountCurrency(costs, "GBP", converted)).toMatchObject({ acquisitionCost: 756, retentionCostPerYear: 126 });
  });

  it("reports in EUR: revenue at the orders' rates, historical LTV against the EUR cost inputs, predicted CLV at the as-of rate", () => {
    const converted = accountFx(account, fx, asOf);
    const values = reportingValues(
      account,
      { revenueCents: 30_000, historicalLtv: 0, formulaLtv: 0, predictedClv: 84, lifespanYears: 3, revenueLtv: 0 },
      costs,
      converted,
      "EUR",
      asOf,
    )!;
    expect(values.revenueCents).toBe(36_765);
    // 153 days from 1 Jan to 3 Jun: 161.76 − 900 − 150 × 153 / 365.25 = −801.07
    expect(values.historicalLtv).toBe(-801.07);
    // £84 / 0.84 = €100.00
    expect(values.predictedClv).toBe(100);
  });

  it("leaves an order on a day past the gap out, says so, and gives no EUR figures (never 1:1)", () => {
    const late = { ...account, purchases: [...account.purchases, order("2026-03-20", 5_000, 2_200)] };
    const converted = accountFx(late, fx, asOf);
    expect(converted.purchases[2]).toEqual({ index: 2, totalCents: null, grossProfitCents: null });
    expect(converted.gap).toEqual({ currency: "GBP", orders: 1, firstDay: "2026-03-20", lastDay: "2026-03-20", asOf: false });
    expect(
      reportingValues(
        late,
        { revenueCents: 35_000, historicalLtv: 0, formulaLtv: 0, predictedClv: 0, lifespanYears: 3, revenueLtv: 0 },
        costs,
        converted,
        "EUR",
        asOf,
      ),
    ).toBeNull();
  });

  it("without an as-of rate the cost inputs are left out of the account's figures, and the gap says so", () => {
    const later = new Date("2026-06-20T00:00:00Z"); // 19 days after the last quote
    const converted = accountFx(account, fx, later);
    expect(converted.gap).toMatchObject({ currency: "GBP", orders: 0, asOf: true });
    expect(costsInAccountCurrency(costs, "GBP", converted)).toMatchObject({ acquisitionCost: 0, retentionCostPerYear: 0 });
  });

  it("changes nothing for an account in the reporting currency", () => {
    const eur = { ...account, currency: "EUR" };
    const converted = accountFx(eur, fx, asOf);
    expect(converted.gap).toBeNull();
    expect(converted.purchases.map((p) => p.totalCents)).toEqual([10_000, 20_000]);
    expect(costsInAccountCurrency(costs, "EUR", converted)).toBe(costs);
  });
});
