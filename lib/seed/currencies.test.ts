import { describe, expect, it } from "vitest";
import { CHF_OUTAGE_DAYS, CHF_OUTAGE_START, seedRates } from "./currencies";

const AS_OF = new Date("2026-11-02T00:00:00Z"); // a Monday

describe("seed exchange rates", () => {
  const rates = seedRates(42, AS_OF);

  it("are deterministic, ECB-shaped (business days, four decimals) and reach asOf", () => {
    expect(seedRates(42, AS_OF)).toEqual(rates);
    expect(seedRates(43, AS_OF)).not.toEqual(rates);
    for (const rate of rates) {
      expect([0, 6]).not.toContain(new Date(`${rate.day}T00:00:00Z`).getUTCDay());
      expect(rate.perEur).toMatch(/^\d+\.\d{4}$/);
    }
    expect(rates.filter((r) => r.currency === "GBP").at(-1)?.day).toBe("2026-11-02");
  });

  it("stay in a plausible band around their starting values", () => {
    const band = { GBP: [0.75, 0.97], USD: [0.92, 1.26], CHF: [0.82, 1.1] } as const;
    for (const rate of rates) {
      const [low, high] = band[rate.currency];
      expect(Number(rate.perEur)).toBeGreaterThan(low);
      expect(Number(rate.perEur)).toBeLessThan(high);
    }
  });

  it("leave CHF a twelve-day outage five months back, and no other gap longer than a weekend", () => {
    const days = (currency: string) => rates.filter((r) => r.currency === currency).map((r) => Date.parse(r.day) / 86_400_000);
    const longestGap = (list: number[]) => Math.max(...list.slice(1).map((d, i) => d - list[i]!));
    expect(longestGap(days("GBP"))).toBe(3);
    expect(longestGap(days("USD"))).toBe(3);
    // Outage: no quotes on the 12 days after asOf − 160; gap from the last quote before to the first after ≥ 13.
    expect(longestGap(days("CHF"))).toBeGreaterThanOrEqual(CHF_OUTAGE_DAYS + 1);
    const asOf = Date.parse("2026-11-02") / 86_400_000;
    expect(days("CHF").some((d) => d > asOf - CHF_OUTAGE_START && d <= asOf - CHF_OUTAGE_START + CHF_OUTAGE_DAYS)).toBe(false);
  });
});
