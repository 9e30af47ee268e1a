import { describe, expect, it } from "vitest";
import { JPY_OUTAGE_DAYS, JPY_OUTAGE_START, JPY_STOPPED_DAYS, seedRates } from "./currencies";

const AS_OF = new Date("2026-11-02T00:00:00Z"); // a Monday

describe("seed exchange rates", () => {
  const rates = seedRates(42, AS_OF);

  it("are deterministic, ECB-shaped (business days, four decimals) and reach asOf", () => {
    expect(seedRates(42, AS_OF)).toEqual(rates);
    expect(seedRates(43, AS_OF)).not.toEqual(rates);
    for (const rate of rates) {
      expect([0, 6]).not.toContain(new Date(`${rate.day}T00:00:00Z`).getUTCDay());
      expect(rate.perEur).toMatch(rate.currency === "JPY" ? /^\d+\.\d{2}$/ : /^\d+\.\d{4}$/);
    }
    expect(rates.filter((r) => r.currency === "GBP").at(-1)?.day).toBe("2026-11-02");
  });

  it("stay in a plausible band around their starting values", () => {
    const band = { GBP: [0.75, 0.97], USD: [0.92, 1.26], CHF: [0.82, 1.1], JPY: [130, 195] } as const;
    for (const rate of rates) {
      const [low, high] = band[rate.currency];
      expect(Number(rate.perEur)).toBeGreaterThan(low);
      expect(Number(rate.perEur)).toBeLessThan(high);
    }
  });

  it("leave JPY (no account's currency) an outage five months back and a stopped feed; GBP, USD and CHF no gap past a weekend", () => {
    const days = (currency: string) => rates.filter((r) => r.currency === currency).map((r) => Date.parse(r.day) / 86_400_000);
    const longestGap = (list: number[]) => Math.max(...list.slice(1).map((d, i) => d - list[i]!));
    expect(longestGap(days("GBP"))).toBe(3);
    expect(longestGap(days("USD"))).toBe(3);
    expect(longestGap(days("CHF"))).toBe(3);
    const asOf = Date.parse("2026-11-02") / 86_400_000;
    const jpy = days("JPY");
    expect(longestGap(jpy)).toBeGreaterThanOrEqual(JPY_OUTAGE_DAYS + 1);
    expect(jpy.some((d) => d > asOf - JPY_OUTAGE_START && d <= asOf - JPY_OUTAGE_START + JPY_OUTAGE_DAYS)).toBe(false);
    expect(Math.max(...jpy)).toBeLessThanOrEqual(asOf - JPY_STOPPED_DAYS);
  });
});
