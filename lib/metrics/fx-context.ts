// The exchange rates every metrics write converts with (decision 0015): fx_settings and every row
// of fx_rates, as the pure lib/fx table. Rates change rarely and every change bumps
// fx_settings.rates_version, so a process keeps the last table it read and reloads the rows only
// when the version moved: a live write reads one small row, not the whole history.
import type { Query } from "@/lib/db/sql";
import { RATE_ONE } from "@/lib/fx/decimal";
import { buildSeries, type FxTable } from "@/lib/fx/rates";

export const DEFAULT_REPORTING_CURRENCY = "EUR";
export const DEFAULT_MAX_GAP_DAYS = 7;

const cached = ((globalThis as unknown as { __ltvFxTable?: { table: FxTable | null; key: string } }).__ltvFxTable ??= {
  table: null,
  key: "",
});

export interface FxSettingsRow {
  reportingCurrency: string;
  maxGapDays: number;
  ratesVersion: number;
  settingsVersion: number;
  /** fx_settings.updated_at in ms: with the version, the cache key (two databases never share both). */
  updatedAt: number;
}

/** fx_settings' columns as readFxSettings reads them (also read with other version ids in one statement). */
export const FX_SETTINGS_COLUMNS = `trim(reporting_currency) AS reporting_currency, max_gap_days, rates_version, settings_version, updated_at`;

export async function readFxSettings(query: Query): Promise<FxSettingsRow> {
  const [row] = await query(`SELECT ${FX_SETTINGS_COLUMNS} FROM fx_settings WHERE id = 1`, []);
  return fxSettingsOf(row);
}

/** A row with FX_SETTINGS_COLUMNS (all null or missing: no settings row yet) as FxSettingsRow. */
export function fxSettingsOf(row: Record<string, unknown> | undefined): FxSettingsRow {
  return row && row.rates_version != null
    ? {
        reportingCurrency: String(row.reporting_currency),
        maxGapDays: Number(row.max_gap_days),
        ratesVersion: Number(row.rates_version),
        settingsVersion: Number(row.settings_version),
        updatedAt: new Date(row.updated_at as string).getTime(),
      }
    : {
        reportingCurrency: DEFAULT_REPORTING_CURRENCY,
        maxGapDays: DEFAULT_MAX_GAP_DAYS,
        ratesVersion: 0,
        settingsVersion: 0,
        updatedAt: 0,
      };
}

/**
 * The rates in force. The version is read before the rows: a table labelled older than its rows only
 * reloads once more. A transaction that writes rates passes `cache: false`: it has bumped the version
 * before its rows are written, and must neither take nor leave a table under that version.
 */
export async function loadFxTable(query: Query, opts: { cache?: boolean } = {}): Promise<FxTable> {
  return fxTableFor(query, await readFxSettings(query), opts);
}

/** The rates table for settings just read (loadFxTable): the cached one when its version still stands. */
export async function fxTableFor(query: Query, settings: FxSettingsRow, opts: { cache?: boolean } = {}): Promise<FxTable> {
  const useCache = opts.cache ?? true;
  const key = `${settings.ratesVersion}@${settings.updatedAt}`;
  const hit = cached.table;
  if (useCache && hit && cached.key === key && settings.ratesVersion > 0) {
    return { ...hit, reportingCurrency: settings.reportingCurrency, maxGapDays: settings.maxGapDays };
  }
  const rows = await query(
    `SELECT trim(currency) AS currency, (day - DATE '1970-01-01') AS day, per_eur::text AS per_eur FROM fx_rates`,
    [],
  );
  const table: FxTable = {
    reportingCurrency: settings.reportingCurrency,
    maxGapDays: settings.maxGapDays,
    version: settings.ratesVersion,
    series: buildSeries(rows.map((row) => ({ currency: String(row.currency), day: Number(row.day), perEur: scaled(String(row.per_eur)) }))),
  };
  if (useCache) {
    cached.table = table;
    cached.key = key;
  }
  return table;
}

// numeric(20,10) text always carries ten decimals: the digits without the point are the scaled value.
function scaled(text: string): bigint {
  const [whole, fraction = ""] = text.split(".");
  return BigInt(whole!) * RATE_ONE + BigInt((fraction + "0000000000").slice(0, 10));
}
