import { describe, expect, it } from "vitest";
import { orderAmounts } from "./order-amounts";

// numeric(14,2) holds up to 999,999,999,999.99 = 99,999,999,999,999 cents.
describe("orderAmounts", () => {
  it("adds up lines in cents", () => {
    // 3 × 12.50 + 2 × 0.99 = 37.50 + 1.98 = 39.48; profit 3 × (12.50 − 10.00) + 2 × (0.99 − 1.20) = 7.50 − 0.42 = 7.08
    expect(
      orderAmounts([
        { quantity: 3, unitPriceCents: 1250, unitCostCents: 1000 },
        { quantity: 2, unitPriceCents: 99, unitCostCents: 120 },
      ]),
    ).toEqual({
      lineTotals: [3750, 198],
      totalCents: 3948,
      grossProfitCents: 708,
      problems: [],
    });
  });

  it("refuses a line past 999,999,999,999.99 and accepts one just inside", () => {
    // 100,000 × 10,000,000.00 = 1,000,000,000,000.00: one cent too many.
    expect(orderAmounts([{ quantity: 100_000, unitPriceCents: 1_000_000_000, unitCostCents: 0 }]).problems).toEqual([
      { line: 0, amount: "lineTotal", reason: "quantity × unit price must be at most 999,999,999,999.99" },
    ]);
    // 99,999 × 10,000,000.00 = 999,990,000,000.00 fits; so does exactly 999,999,999,999.99 (1 × …).
    expect(orderAmounts([{ quantity: 99_999, unitPriceCents: 1_000_000_000, unitCostCents: 0 }]).problems).toEqual([]);
    expect(orderAmounts([{ quantity: 1, unitPriceCents: 99_999_999_999_999, unitCostCents: 0 }]).problems).toEqual([]);
  });

  it("refuses an order whose total or gross profit does not fit, though each line does", () => {
    // 2 × 600,000,000,000.00 = 1,200,000,000,000.00
    const big = { quantity: 60_000, unitPriceCents: 1_000_000_000, unitCostCents: 0 };
    expect(orderAmounts([big, big]).problems).toEqual([
      { line: null, amount: "total", reason: "the order total must be at most 999,999,999,999.99" },
    ]);
    // Sold at 0.00 with a unit cost of 10,000,000.00: profit −100,000 × 10,000,000.00 = −1,000,000,000,000.00
    expect(orderAmounts([{ quantity: 100_000, unitPriceCents: 0, unitCostCents: 1_000_000_000 }]).problems).toMatchObject([
      { line: null, amount: "grossProfit" },
    ]);
  });
});
