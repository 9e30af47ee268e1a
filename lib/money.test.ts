import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { centsFromDecimalString, decimalStringFromCents, moneyString } from "./money";

describe("money conversion", () => {
  it("reads numeric text into exact cents", () => {
    expect(centsFromDecimalString("1234.5")).toBe(123450);
    expect(centsFromDecimalString("0.07")).toBe(7);
    expect(centsFromDecimalString("-12.34")).toBe(-1234);
    expect(centsFromDecimalString("19")).toBe(1900);
    expect(centsFromDecimalString("0.105")).toBe(11);
  });
  it("rejects text that is not an amount", () => {
    expect(() => centsFromDecimalString("12,50")).toThrow(RangeError);
    expect(() => centsFromDecimalString("1e3")).toThrow(RangeError);
  });
  it("round-trips every cent amount exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(centsFromDecimalString(decimalStringFromCents(cents))).toBe(cents);
      }),
    );
  });
  it("rounds computed values to the cent", () => {
    expect(moneyString(10.005)).toBe("10.01");
    expect(moneyString(-3.3333)).toBe("-3.33");
  });
});
