import { describe, expect, it } from "vitest";
import { formatCadence, formatDays, formatDaysAgo, formatEveryDays, formatLift, formatMoney, formatPercent } from "./format";

describe("sentence formatting", () => {
  it("formats money in the account's currency, without cents from 100 up", () => {
    expect(formatMoney(1234.5, "EUR")).toBe("€1,235");
    expect(formatMoney(100, "USD")).toBe("$100");
    expect(formatMoney(99.5, "EUR")).toBe("€99.50");
    expect(formatMoney(45, "GBP")).toBe("£45.00");
    expect(formatMoney(2500, "EUR", "de-DE")).toBe("2.500\u00a0€");
  });

  it("never throws on a bad currency code or amount: flags run inside the purchase transaction", () => {
    expect(formatMoney(150, "EURO")).toBe("150 EURO");
    expect(formatMoney(Number.NaN, "EUR")).toBe("€0.00");
  });

  it("rounds days, probabilities, percentages and lift as a rep reads them", () => {
    expect(formatDays(94.4)).toBe("94 days");
    expect(formatDays(1)).toBe("1 day");
    expect(formatDaysAgo(0)).toBe("today");
    expect(formatDaysAgo(47)).toBe("47 days ago");
    expect(formatEveryDays(31)).toBe("every 31 days");
    expect(formatEveryDays(1)).toBe("every day");
    expect(formatPercent(0.8412)).toBe("84 %");
    expect(formatLift(2.349)).toBe("2.3");
  });

  it("names common buying rhythms", () => {
    expect(formatCadence(30)).toBe("monthly");
    expect(formatCadence(7)).toBe("weekly");
    expect(formatCadence(14)).toBe("every two weeks");
    expect(formatCadence(91)).toBe("quarterly");
    expect(formatCadence(45)).toBe("every 45 days");
  });
});
