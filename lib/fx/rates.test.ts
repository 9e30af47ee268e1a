// Expected values worked out by hand (the arithmetic is in each comment), never by the code under test.
import { describe, expect, it } from "vitest";
import { parseScaledRate, formatScaled, divideRounded } from "./decimal";
import { minorUnits, roundToMinorUnits } from "./minor-units";
import {
  buildSeries,
  convertHundredths,
  dayNumberOfIso,
  invert,
  isoDayOf,
  missingStretches,
  rateText,
  reportingRate,
  type FxTable,
} from "./rates";
import { parseEcbCsv } from "./ecb-csv";

const d = dayNumberOfIso;

function table(reportingCurrency: string, rows: Array<[string, string, string]>, maxGapDays = 7): FxTable {
  return {
    reportingCurrency,
    maxGapDays,
    version: 1,
    series: buildSeries(rows.map(([currency, day, perEur]) => ({ currency, day: d(day), perEur: parseScaledRate(perEur) }))),
  };
}

describe("decimal rates", () => {
  it("parses and prints rates scaled by 10^10 exactly", () => {
    expect(parseScaledRate("0.85")).toBe(8_500_000_000n);
    expect(parseScaledRate("1.0800")).toBe(10_800_000_000n);
    expect(parseScaledRate("160.5")).toBe(1_605_000_000_000n);
    expect(parseScaledRate("1.00000000000")).toBe(10_000_000_000n);
    expect(() => parseScaledRate("0.12345678901")).toThrow(RangeError);
    expect(() => parseScaledRate("-1")).toThrow(RangeError);
    expect(formatScaled(8_500_000_000n)).toBe("0.85");
    expect(formatScaled(20_000_000_000n)).toBe("2");
  });

  it("rounds half away from zero", () => {
    expect(divideRounded(5n, 2n)).toBe(3n); // 2.5 → 3
    expect(divideRounded(-5n, 2n)).toBe(-3n); // −2.5 → −3
    expect(divideRounded(7n, 3n)).toBe(2n); // 2.33 → 2
  });
});

describe("minor units", () => {
  it("follows ISO 4217 (JPY none), never finer than the numeric(14,2) column", () => {
    expect(minorUnits("EUR")).toBe(2);
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KWD")).toBe(2); // three in ISO 4217, two in the column
    expect(roundToMinorUnits(1234.5, "JPY")).toBe(1235);
    expect(roundToMinorUnits(-1234.5, "JPY")).toBe(-1235);
    expect(roundToMinorUnits(12.345, "EUR")).toBe(12.35); // 1234.5 cents → 1235
  });
});

describe("reportingRate", () => {
  // ECB quotes on Monday 2 March 2026: USD 1.0800 and GBP 0.8500 per EUR.
  const ecb = table("EUR", [
    ["USD", "2026-03-02", "1.0800"],
    ["GBP", "2026-03-02", "0.8500"],
    ["GBP", "2026-03-06", "0.8600"],
  ]);

  it("derives the rate into EUR as 1 / per-EUR quote", () => {
    const rate = reportingRate(ecb, "GBP", d("2026-03-02"));
    expect(rate.ok).toBe(true);
    // 1 / 0.85 = 1.17647058823529… → 10 decimals 1.1764705882
    expect(rateText(rate as Extract<typeof rate, { ok: true }>)).toBe("1.1764705882");
    expect(reportingRate(ecb, "EUR", d("2026-03-02"))).toMatchObject({ ok: true, num: 1n, den: 1n });
  });

  it("derives cross rates for another reporting currency: GBP in USD = 1.08 / 0.85", () => {
    const usd = { ...ecb, reportingCurrency: "USD" };
    const rate = reportingRate(usd, "GBP", d("2026-03-02"));
    // 1.08 / 0.85 = 1.270588235294117… → 1.2705882353
    expect(rate.ok && rateText(rate)).toBe("1.2705882353");
    // EUR in USD reporting is the USD quote itself.
    const eur = reportingRate(usd, "EUR", d("2026-03-02"));
    expect(eur.ok && rateText(eur)).toBe("1.08");
  });

  it("takes the latest earlier rate up to the gap, and none past it", () => {
    // Saturday 7 March: Friday's 0.86 → 1 / 0.86 = 1.16279069767… → 1.1627906977
    const saturday = reportingRate(ecb, "GBP", d("2026-03-07"));
    expect(saturday.ok && rateText(saturday)).toBe("1.1627906977");
    expect(saturday.ok && isoDayOf(saturday.rateDay)).toBe("2026-03-06");
    // 13 March is 7 days after the 6th: still within a 7-day gap; the 14th is 8 days: no rate.
    expect(reportingRate(ecb, "GBP", d("2026-03-13")).ok).toBe(true);
    expect(reportingRate(ecb, "GBP", d("2026-03-14"))).toEqual({ ok: false, currency: "GBP", lastDay: d("2026-03-06") });
    // Before the first quote there is nothing to fall back on.
    expect(reportingRate(ecb, "GBP", d("2026-03-01"))).toEqual({ ok: false, currency: "GBP", lastDay: null });
    // A currency never quoted has no rate (never 1:1).
    expect(reportingRate(ecb, "CHF", d("2026-03-02"))).toEqual({ ok: false, currency: "CHF", lastDay: null });
    // A gap setting of 0 accepts the day's own rate only.
    expect(reportingRate({ ...ecb, maxGapDays: 0 }, "GBP", d("2026-03-03")).ok).toBe(false);
  });

  it("names the reporting currency's own leg when that one is missing", () => {
    const usd = { ...ecb, reportingCurrency: "USD" };
    // USD last quoted on 2 March; 10 March is 8 days later, GBP (6 March) still fine.
    expect(reportingRate(usd, "GBP", d("2026-03-10"))).toEqual({ ok: false, currency: "USD", lastDay: d("2026-03-02") });
  });

  it("lists the stretches without a rate", () => {
    // GBP from 2 March; gap 2 days: 2–4 covered by the 2nd, 6–8 by the 6th; the 5th and 9th–10th missing.
    const short = { ...ecb, maxGapDays: 2 };
    expect(missingStretches(short, "GBP", d("2026-03-01"), d("2026-03-10")).map(([a, b]) => [isoDayOf(a), isoDayOf(b)])).toEqual([
      ["2026-03-01", "2026-03-01"],
      ["2026-03-05", "2026-03-05"],
      ["2026-03-09", "2026-03-10"],
    ]);
  });
});

describe("convertHundredths", () => {
  const ecb = table("EUR", [
    ["GBP", "2026-03-02", "0.85"],
    ["USD", "2026-03-02", "1.085"],
    ["JPY", "2026-03-02", "160.5"],
  ]);
  const rate = (t: FxTable, c: string) => {
    const r = reportingRate(t, c, d("2026-03-02"));
    if (!r.ok) throw new Error("no rate");
    return r;
  };

  it("converts once and rounds to the reporting currency's cents", () => {
    // £100.00 / 0.85 = €117.6470… → €117.65
    expect(convertHundredths(10_000, rate(ecb, "GBP"), "EUR")).toBe(11_765);
    // £0.01 / 0.85 = €0.01176… → €0.01
    expect(convertHundredths(1, rate(ecb, "GBP"), "EUR")).toBe(1);
  });

  it("rounds an exact half away from zero", () => {
    // €1.00 in USD reporting: 1.085 → $1.085 → $1.09; a refund of −€1.00 → −$1.09
    const usd = { ...ecb, reportingCurrency: "USD" };
    expect(convertHundredths(100, rate(usd, "EUR"), "USD")).toBe(109);
    expect(convertHundredths(-100, rate(usd, "EUR"), "USD")).toBe(-109);
  });

  it("rounds to whole yen in JPY reporting", () => {
    const jpy = { ...ecb, reportingCurrency: "JPY" };
    // €10.01 × 160.5 = ¥1,606.605 → ¥1,607 (stored as 160 700 hundredths)
    expect(convertHundredths(1001, rate(jpy, "EUR"), "JPY")).toBe(160_700);
    // £1.00 × 160.5 / 0.85 = ¥188.8235… → ¥189
    expect(convertHundredths(100, rate(jpy, "GBP"), "JPY")).toBe(18_900);
  });

  it("takes cost inputs the other way: €2,000 into GBP at 0.85 per EUR = £1,700", () => {
    expect(convertHundredths(200_000, invert(rate(ecb, "GBP")), "GBP")).toBe(170_000);
  });
});

describe("parseEcbCsv", () => {
  it("reads the ECB layout, trailing commas and N/A included", () => {
    const file = "Date,USD,JPY,GBP,CYP,\n2026-03-03,1.0812,160.5,0.8493,N/A,\n2026-03-02,1.0800,159.87,0.8500,,\n";
    const result = parseEcbCsv(file);
    expect(result.problems).toEqual([]);
    expect(result.currencies).toEqual(["USD", "JPY", "GBP", "CYP"]);
    expect(result.days).toBe(2);
    expect(result.rates).toHaveLength(6);
    expect(result.rates).toContainEqual({ currency: "GBP", day: "2026-03-02", perEur: 8_500_000_000n });
    expect(result.rates).toContainEqual({ currency: "JPY", day: "2026-03-02", perEur: 1_598_700_000_000n });
  });

  it("names the line and column of every bad figure", () => {
    const file = "Date,USD,EUR,XX1\n2026-02-30,1.08,1,1\n2026-03-02,abc,1,1\n2026-03-03,0,1,1\n";
    const result = parseEcbCsv(file);
    expect(result.problems).toEqual([
      { line: 1, field: "EUR", reason: "EUR is the base of the quotes (always 1)" },
      { line: 1, field: "XX1", reason: "is not an ISO 4217 currency code" },
      { line: 2, field: "Date", reason: '"2026-02-30" is not a date (YYYY-MM-DD)' },
      { line: 3, field: "USD", reason: '"abc" is not a positive number with at most 10 decimals' },
      { line: 4, field: "USD", reason: '"0" must be above 0 and below 10,000,000,000' },
    ]);
  });

  it("refuses a file that is not in the layout", () => {
    expect(parseEcbCsv("Currency,Rate\nUSD,1.08\n").problems[0]).toMatchObject({ line: 1, field: "Date" });
  });
});
