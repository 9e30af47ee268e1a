// The deal conversion rule, worked by hand: GBP quoted at 0.80 per EUR on day 100 and 0.90 on day 110.
import { describe, expect, it } from "vitest";
import { buildSeries, type FxTable } from "@/lib/fx/rates";
import { RATE_ONE } from "@/lib/fx/decimal";
import { dealAmountInReporting } from "./deal-money";

const perEur = (value: number) => (BigInt(Math.round(value * 100)) * RATE_ONE) / 100n;
const fx: FxTable = {
  reportingCurrency: "EUR",
  maxGapDays: 7,
  version: 1,
  series: buildSeries([
    { currency: "GBP", day: 100, perEur: perEur(0.8) },
    { currency: "GBP", day: 110, perEur: perEur(0.9) },
  ]),
};

describe("a deal's amount in the reporting currency", () => {
  it("converts an open deal at today's rate: £900.00 / 0.90 = €1,000.00", () => {
    expect(dealAmountInReporting(fx, "GBP", 90_000, null, 112)).toBe(100_000);
  });
  it("converts a closed deal at its closing day's rate (day 105 takes day 100's 0.80): £800.00 → €1,000.00", () => {
    expect(dealAmountInReporting(fx, "GBP", 80_000, 105, 112)).toBe(100_000);
  });
  it("has no figure for a deal closed before any rate, or past the 7-day gap (day 108 is 8 days after day 100)", () => {
    expect(dealAmountInReporting(fx, "GBP", 80_000, 95, 112)).toBeNull();
    expect(dealAmountInReporting(fx, "GBP", 80_000, 108, 112)).toBeNull();
  });
  it("leaves an amount already in the reporting currency as it is", () => {
    expect(dealAmountInReporting(fx, "EUR", 12_345, 50, 112)).toBe(12_345);
  });
});
