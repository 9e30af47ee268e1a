// Which rate converts an amount of one currency into the reporting currency on a day (decision
// 0015). Rates are stored as the ECB quotes them, units of the currency per 1 EUR; the rate into
// the reporting currency R is derived: R per 1 C = perEur(R) / perEur(C), with perEur(EUR) = 1.
// A day without a rate takes the latest earlier one up to `maxGapDays` days back; past that
// there is no rate, and the caller must say so (never 1:1).
import { RATE_ONE, divideRounded, ratioToScaled } from "./decimal";
import { minorUnits } from "./minor-units";

export const ANCHOR_CURRENCY = "EUR";
const DAY_MS = 86_400_000;

/** One currency's rates per 1 EUR, sorted by day (days since 1970-01-01 UTC), values scaled by 10^10. */
export interface RateSeries {
  days: number[];
  perEur: bigint[];
}

export interface FxTable {
  reportingCurrency: string;
  maxGapDays: number;
  /** fx_settings.rates_version these rates were read at. */
  version: number;
  series: ReadonlyMap<string, RateSeries>;
}

/** R per 1 C as an exact ratio num/den, and the day each leg's rate is from. */
export interface FoundRate {
  ok: true;
  num: bigint;
  den: bigint;
  /** The oldest day a leg's rate was taken from (the day itself when both were quoted on it). */
  rateDay: number;
}

export interface MissingRate {
  ok: false;
  /** The currency whose rate is missing (the reporting currency's own leg when that is the one). */
  currency: string;
  /** The latest rate on or before the day that was too old, if any. */
  lastDay: number | null;
}

export type RateLookup = FoundRate | MissingRate;

export const dayNumberOf = (date: Date): number => Math.floor(date.getTime() / DAY_MS);
export const isoDayOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const dayNumberOfIso = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

/** Index of the last entry on or before `day` in sorted `days`, or -1. */
export function lastIndexOnOrBefore(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The per-EUR rate of one currency on `day`: that day's, or the latest earlier one no more than maxGapDays back. */
export function perEurOn(
  series: RateSeries | undefined,
  day: number,
  maxGapDays: number,
): { ok: true; perEur: bigint; day: number } | { ok: false; lastDay: number | null } {
  if (!series) return { ok: false, lastDay: null };
  const index = lastIndexOnOrBefore(series.days, day);
  if (index < 0) return { ok: false, lastDay: null };
  const from = series.days[index]!;
  if (day - from > maxGapDays) return { ok: false, lastDay: from };
  return { ok: true, perEur: series.perEur[index]!, day: from };
}

/** Reporting-currency units per 1 unit of `currency` on `day` (days since epoch). */
export function reportingRate(table: FxTable, currency: string, day: number): RateLookup {
  const reporting = table.reportingCurrency;
  if (currency === reporting) return { ok: true, num: 1n, den: 1n, rateDay: day };
  const leg = (code: string) =>
    code === ANCHOR_CURRENCY ? ({ ok: true, perEur: RATE_ONE, day } as const) : perEurOn(table.series.get(code), day, table.maxGapDays);
  const source = leg(currency);
  if (!source.ok) return { ok: false, currency, lastDay: source.lastDay };
  const target = leg(reporting);
  if (!target.ok) return { ok: false, currency: reporting, lastDay: target.lastDay };
  return { ok: true, num: target.perEur, den: source.perEur, rateDay: Math.min(source.day, target.day) };
}

/** The rate as a decimal string with up to 10 decimals (trailing zeros dropped), e.g. "1.2705882353". */
export function rateText(rate: Pick<FoundRate, "num" | "den">): string {
  const scaled = ratioToScaled(rate.num, rate.den);
  const whole = scaled / RATE_ONE;
  const fraction = (scaled % RATE_ONE).toString().padStart(10, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

/**
 * An amount in integer hundredths (numeric(14,2) of the source currency) converted at num/den and
 * rounded once, half away from zero, to the target currency's minor units; returned in hundredths
 * again (JPY: a whole number of yen × 100).
 */
export function convertHundredths(hundredths: number, rate: Pick<FoundRate, "num" | "den">, targetCurrency: string): number {
  const digits = minorUnits(targetCurrency);
  const units = divideRounded(BigInt(hundredths) * rate.num * 10n ** BigInt(digits), 100n * rate.den);
  return Number(units * 10n ** BigInt(2 - digits));
}

/** The inverse rate (C per 1 R), for cost inputs taken into an account's currency. */
export const invert = (rate: Pick<FoundRate, "num" | "den">): { num: bigint; den: bigint } => ({ num: rate.den, den: rate.num });

/** A series from unsorted rows (the loader's and the tests' way in). */
export function buildSeries(rows: ReadonlyArray<{ currency: string; day: number; perEur: bigint }>): Map<string, RateSeries> {
  const byCurrency = new Map<string, Array<{ day: number; perEur: bigint }>>();
  for (const row of rows) {
    let list = byCurrency.get(row.currency);
    if (!list) byCurrency.set(row.currency, (list = []));
    list.push({ day: row.day, perEur: row.perEur });
  }
  const series = new Map<string, RateSeries>();
  for (const [currency, list] of byCurrency) {
    list.sort((a, b) => a.day - b.day);
    series.set(currency, { days: list.map((e) => e.day), perEur: list.map((e) => e.perEur) });
  }
  return series;
}

/**
 * Gaps an admin should see: for each currency, the stretches of days in [from, to] on which no
 * rate applies (past the allowed gap), as [first, last] day numbers.
 */
export function missingStretches(table: FxTable, currency: string, from: number, to: number): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  let start: number | null = null;
  for (let day = from; day <= to; day++) {
    const missing = !reportingRate(table, currency, day).ok;
    if (missing && start === null) start = day;
    if (!missing && start !== null) {
      stretches.push([start, day - 1]);
      start = null;
    }
  }
  if (start !== null) stretches.push([start, to]);
  return stretches;
}
