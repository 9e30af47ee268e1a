import { describe, expect, it } from "vitest";
import { formatMoney, formatPrice } from "./format";

describe("money formats", () => {
  it("prices and order lines show both cent digits", () => {
    expect(formatPrice(47.8)).toBe("€47.80");
    expect(formatPrice(1234.5)).toBe("€1,234.50");
    expect(formatPrice(0)).toBe("€0.00");
    expect(formatPrice(19.999)).toBe("€20.00");
  });

  it("headline figures are whole units, rounded half away from zero at every size", () => {
    expect(formatMoney(1234.5)).toBe("€1,235");
    expect(formatMoney(47.8)).toBe("€48");
    expect(formatMoney(99.5)).toBe("€100");
    expect(formatMoney(2.5)).toBe("€3");
    expect(formatMoney(-2.5)).toBe("-€3");
    expect(formatMoney(-0.4)).toBe("€0");
    expect(formatMoney(344_311.5)).toBe("€344,312");
  });
});
