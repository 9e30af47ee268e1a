// What the admin rates page shows (decision 0015): the settings, for each currency in use its
// recent rates into the reporting currency day by day (quoted that day, carried from an earlier
// day within the gap, or missing), the stretches without a rate over the last year, and the
// accounts whose figures leave orders out for lack of a rate.
import { database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { ANCHOR_CURRENCY, dayNumberOf, isoDayOf, lastIndexOnOrBefore, missingStretches, rateText, reportingRate } from "@/lib/fx/rates";
import { loadFxTable } from "@/lib/metrics/fx-context";
import { countStaleAccounts } from "./reconvert-job";

export interface RateCell {
  day: string;
  /** Into the reporting currency; null = no rate (past the gap). */
  rate: string | null;
  /** quoted: a quote of that day; carried: an earlier day's within the gap; missing. */
  kind: "quoted" | "carried" | "missing";
}

export interface CurrencyRates {
  currency: string;
  accounts: number;
  /** The latest stored quote of this currency (or of the reporting currency's leg for EUR). */
  lastQuoteDay: string | null;
  cells: RateCell[];
  /** Stretches of the last year without a rate, [first, last] days. */
  gaps: Array<[string, string]>;
  /** Accounts in this currency whose reporting figures are missing, and the orders left out. */
  accountsWithoutFigures: number;
  ordersWithoutRate: number;
}

export interface RatesOverview {
  reportingCurrency: string;
  maxGapDays: number;
  today: string;
  days: string[];
  currencies: CurrencyRates[];
  /** Accounts waiting for the re-conversion job. */
  waiting: number;
}

export async function ratesOverview(actor: Actor, opts: { days?: number; now?: Date } = {}): Promise<RatesOverview> {
  if (!can(actor, "read", "settings")) throw new Forbidden("Only admins see the exchange rates page.");
  const query = runnerQuery(await database());
  const table = await loadFxTable(query);
  const reporting = table.reportingCurrency;
  const today = dayNumberOf(opts.now ?? new Date());
  const span = Math.min(Math.max(opts.days ?? 14, 1), 62);
  const [inUse, missing, waiting] = await Promise.all([
    query(`SELECT trim(currency) AS currency, count(*)::int AS accounts FROM accounts GROUP BY 1`, []),
    query(
      `SELECT m.reporting_gap->>'currency' AS currency, count(*)::int AS accounts, coalesce(sum((m.reporting_gap->>'orders')::int), 0)::int AS orders
         FROM account_metrics m WHERE m.reporting_historical_ltv IS NULL GROUP BY 1`,
      [],
    ),
    countStaleAccounts(query),
  ]);
  const accounts = new Map(inUse.map((row) => [String(row.currency), Number(row.accounts)]));
  const gaps = new Map(missing.map((row) => [String(row.currency), { accounts: Number(row.accounts), orders: Number(row.orders) }]));
  const codes = new Set<string>([...accounts.keys(), ...table.series.keys()]);
  if (reporting !== ANCHOR_CURRENCY) codes.add(ANCHOR_CURRENCY);
  codes.delete(reporting);
  const days = Array.from({ length: span }, (_, i) => today - (span - 1 - i));
  const currencies = [...codes].sort().map((currency): CurrencyRates => {
    const quoteSeries = table.series.get(currency === ANCHOR_CURRENCY ? reporting : currency);
    const quoted = new Set(quoteSeries?.days ?? []);
    const lastIndex = quoteSeries ? lastIndexOnOrBefore(quoteSeries.days, Number.MAX_SAFE_INTEGER) : -1;
    return {
      currency,
      accounts: accounts.get(currency) ?? 0,
      lastQuoteDay: lastIndex >= 0 ? isoDayOf(quoteSeries!.days[lastIndex]!) : null,
      cells: days.map((day) => {
        const found = reportingRate(table, currency, day);
        if (!found.ok) return { day: isoDayOf(day), rate: null, kind: "missing" };
        return { day: isoDayOf(day), rate: rateText(found), kind: quoted.has(day) && found.rateDay === day ? "quoted" : "carried" };
      }),
      gaps: missingStretches(table, currency, today - 365, today).map(([a, b]) => [isoDayOf(a), isoDayOf(b)]),
      accountsWithoutFigures: gaps.get(currency)?.accounts ?? 0,
      ordersWithoutRate: gaps.get(currency)?.orders ?? 0,
    };
  });
  return {
    reportingCurrency: reporting,
    maxGapDays: table.maxGapDays,
    today: isoDayOf(today),
    days: days.map(isoDayOf),
    currencies,
    waiting,
  };
}
