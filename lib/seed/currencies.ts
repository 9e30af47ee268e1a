// The demo's currencies (issue 20): most accounts in EUR, some in GBP, USD and CHF, and a
// deterministic, plausible history of ECB-style reference rates (units per 1 EUR, business days
// only, four decimals) covering the seed's whole order history. Each rate is a mean-reverting
// random walk from a realistic start (GBP 0.85, USD 1.08, CHF 0.95) with daily moves of a few
// tenths of a percent. JPY is quoted too (no account buys in it): its feed had a twelve-day outage
// five months back and stopped ten days before asOf, so the rates page has real gaps to show
// without leaving any account's order out of the totals.
// Everything draws from its own random streams: the accounts and orders of the EUR demo stay as
// they were; an account in another currency has the same orders, priced from a local price list.
import { Rng } from "@/lib/random";
import { convertHundredths, buildSeries, dayNumberOf, dayNumberOfIso, reportingRate, type FxTable } from "@/lib/fx/rates";
import { parseScaledRate } from "@/lib/fx/decimal";
import { centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import type { SeedAccountBundle } from "./shapes";

const TAG_CURRENCY = 11;
const TAG_RATES = 12;
const DAY = 86_400_000;

export const SEED_CURRENCY_SHARES = [
  ["EUR", 0.7],
  ["GBP", 0.12],
  ["USD", 0.1],
  ["CHF", 0.08],
] as const;

/** Per 1 EUR at the start of the history, the daily volatility, and the local price list's factor. */
const SERIES = {
  GBP: { start: 0.85, sd: 0.0035, decimals: 4 },
  USD: { start: 1.08, sd: 0.004, decimals: 4 },
  CHF: { start: 0.95, sd: 0.0035, decimals: 4 },
  JPY: { start: 160, sd: 0.005, decimals: 2 },
} as const;
export type SeedForeignCurrency = keyof typeof SERIES;

/** Days of history the rates cover before asOf: the orders' three years and a margin. */
export const SEED_RATE_DAYS = 3 * 365 + 45;
/** The JPY outage: quotes are missing from this many days before asOf, for OUTAGE_DAYS days; and for the last STOPPED days. */
export const JPY_OUTAGE_START = 160;
export const JPY_OUTAGE_DAYS = 12;
export const JPY_STOPPED_DAYS = 10;

export interface SeedRate {
  currency: SeedForeignCurrency;
  /** YYYY-MM-DD */
  day: string;
  /** Units per 1 EUR, four decimals (JPY two, as the ECB quotes it). */
  perEur: string;
}

/** The account's currency: its own stream, so the rest of the account is unchanged. */
export function seedCurrency(seed: number, index: number): string {
  const rng = Rng.stream(seed, TAG_CURRENCY, index);
  return rng.weighted(SEED_CURRENCY_SHARES.map(([code, share]) => [code, share] as const));
}

/** Business-day rates per 1 EUR up to asOf. */
export function seedRates(seed: number, asOf: Date): SeedRate[] {
  const last = dayNumberOf(asOf);
  const first = last - SEED_RATE_DAYS;
  const rates: SeedRate[] = [];
  (Object.keys(SERIES) as SeedForeignCurrency[]).forEach((currency, i) => {
    const { start, sd, decimals } = SERIES[currency];
    const rng = Rng.stream(seed, TAG_RATES, i);
    let level = start;
    for (let day = first; day <= last; day++) {
      const weekday = new Date(day * DAY).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      // Mean reversion keeps a three-year walk within a plausible band around the start.
      level *= Math.exp(rng.normal(0, sd) - 0.01 * Math.log(level / start));
      const outage =
        currency === "JPY" &&
        ((day > last - JPY_OUTAGE_START && day <= last - JPY_OUTAGE_START + JPY_OUTAGE_DAYS) || day > last - JPY_STOPPED_DAYS);
      if (outage) continue;
      rates.push({ currency, day: new Date(day * DAY).toISOString().slice(0, 10), perEur: level.toFixed(decimals) });
    }
  });
  return rates;
}

/** The seed's rates as the conversion reads them (EUR reporting, the default 7-day gap). */
export function seedFxTable(rates: readonly SeedRate[], version: number): FxTable {
  return {
    reportingCurrency: "EUR",
    maxGapDays: 7,
    version,
    series: buildSeries(rates.map((r) => ({ currency: r.currency, day: dayNumberOfIso(r.day), perEur: parseScaledRate(r.perEur) }))),
  };
}

/**
 * Prices the bundle in `currency` from a local price list (the EUR prices × the currency's starting
 * rate, to the cent) and stamps each order's reporting-currency amounts at its day's rate, as the
 * metrics recompute would (so the first recompute rewrites none of them).
 */
export function localizeBundle(bundle: SeedAccountBundle, currency: string, fx: FxTable): SeedAccountBundle {
  bundle.account.currency = currency;
  if (currency !== "EUR") {
    const factor = SERIES[currency as SeedForeignCurrency].start;
    const local = (text: string) => decimalStringFromCents(Math.round(centsFromDecimalString(text) * factor));
    for (const purchase of bundle.purchases) {
      let total = 0;
      let profit = 0;
      for (const line of purchase.lines) {
        const price = centsFromDecimalString(local(line.unitPrice));
        const cost = centsFromDecimalString(local(line.unitCost));
        line.unitPrice = decimalStringFromCents(price);
        line.unitCost = decimalStringFromCents(cost);
        line.lineTotal = decimalStringFromCents(price * line.quantity);
        total += price * line.quantity;
        profit += (price - cost) * line.quantity;
      }
      purchase.total = decimalStringFromCents(total);
      purchase.grossProfit = decimalStringFromCents(profit);
    }
    for (const deal of bundle.deals) {
      // A won deal's amount is its order's total, as in EUR.
      const order = bundle.purchases.find((purchase) => purchase.dealId === deal.id);
      deal.amount = order ? order.total : local(deal.amount);
    }
    if (bundle.account.acquisitionCostOverride) bundle.account.acquisitionCostOverride = local(bundle.account.acquisitionCostOverride);
  }
  for (const purchase of bundle.purchases) {
    const rate = reportingRate(fx, currency, dayNumberOf(purchase.purchasedAt));
    purchase.reportingTotal = rate.ok
      ? decimalStringFromCents(convertHundredths(centsFromDecimalString(purchase.total), rate, "EUR"))
      : null;
    purchase.reportingGrossProfit = rate.ok
      ? decimalStringFromCents(convertHundredths(centsFromDecimalString(purchase.grossProfit), rate, "EUR"))
      : null;
  }
  return bundle;
}
