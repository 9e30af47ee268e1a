// Exchange rates and the reporting currency (issue 20, decision 0015): reading one rate, admins
// entering rates by hand or importing the ECB's file, and the settings. Rates are stored per
// 1 EUR as the ECB quotes them; what the API takes and answers is the rate into the reporting
// currency (reporting units per 1 unit), converted on the way in and out. Every change bumps
// fx_settings.rates_version and is in the audit log with before and after; the re-conversion
// job (reconvert-job.ts) then brings the converted figures in line.
import { database, getPrisma } from "@/lib/db/client";
import { runnerQuery, transactionQuery, unnest, type Query } from "@/lib/db/sql";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { recordAudit, recordAudits, type AuditEntry } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { RATE_ONE, divideRounded, formatScaled, parseScaledRate } from "@/lib/fx/decimal";
import { ANCHOR_CURRENCY, buildSeries, dayNumberOfIso, isoDayOf, perEurOn, rateText, reportingRate, type FxTable } from "@/lib/fx/rates";
import { parseEcbCsv } from "@/lib/fx/ecb-csv";
import { isKnownCurrency } from "@/lib/fx/minor-units";
import { loadFxTable, readFxSettings } from "@/lib/metrics/fx-context";
import type { FxRateQuery, FxSettingsInput, PutRatesInput } from "./schema";
import { requestReconvert } from "./reconvert-job";

type Tx = Prisma.TransactionClient;

export interface FxRateAnswer {
  currency: string;
  on: string;
  /** Reporting-currency units per 1 unit of `currency`, up to 10 decimals. */
  rate: string;
  reportingCurrency: string;
  /** Where the rate came from: "manual", "import", "seed" (two legs: "import+manual"), or "reporting currency". */
  source: string;
  /** The day of the quote used (earlier than `on` when a day without a rate took the latest earlier one). */
  rateDay: string;
}

function assertAdmin(actor: Actor, what: string): void {
  if (!can(actor, "write", "settings")) throw new Forbidden(`Only admins ${what}.`);
}

async function sourcesOn(query: Query, currencies: string[], day: string, maxGapDays: number): Promise<Map<string, string>> {
  const rows = await query(
    `SELECT DISTINCT ON (currency) trim(currency) AS currency, source FROM fx_rates
      WHERE currency = ANY($1::text[]) AND day <= $2::date AND day >= $2::date - $3::int
      ORDER BY currency, day DESC`,
    [currencies, day, maxGapDays],
  );
  return new Map(rows.map((row) => [String(row.currency), String(row.source)]));
}

/** GET /api/fx-rates: the rate into the reporting currency on a day, or NotFound (never 1:1). Any signed-in user. */
export async function getFxRate(_actor: Actor, input: FxRateQuery): Promise<FxRateAnswer> {
  const query = runnerQuery(await database());
  const table = await loadFxTable(query);
  const on = input.on.toISOString().slice(0, 10);
  const found = reportingRate(table, input.currency, dayNumberOfIso(on));
  if (!found.ok) {
    const last = found.lastDay === null ? "none" : `the last is from ${isoDayOf(found.lastDay)}`;
    throw new NotFound(
      `No ${found.currency} rate on ${on} or in the ${table.maxGapDays} days before (${last}); amounts in ${input.currency} on that day are not converted.`,
    );
  }
  // The stored quotes behind the rate: the currency's own and, outside EUR reporting, the reporting currency's.
  const reporting = table.reportingCurrency;
  const legs = [input.currency, reporting].filter(
    (code, i) => code !== ANCHOR_CURRENCY && input.currency !== reporting && (i === 0 || code !== input.currency),
  );
  const sources = await sourcesOn(query, legs, on, table.maxGapDays);
  const source = input.currency === reporting ? "reporting currency" : [...new Set(legs.map((code) => sources.get(code) ?? "?"))].join("+");
  return {
    currency: input.currency,
    on,
    rate: rateText(found),
    reportingCurrency: table.reportingCurrency,
    source,
    rateDay: isoDayOf(found.rateDay),
  };
}

interface RateRow {
  currency: string;
  day: string;
  perEur: bigint;
}

/** Upserts per-EUR rows; returns the audit entries of the rows that changed (inserted or corrected). */
async function upsertRates(tx: Tx, actor: Actor, rows: RateRow[], source: string, version: number) {
  const query = transactionQuery(tx);
  const existing = new Map<string, { perEur: string; source: string }>();
  for (let start = 0; start < rows.length; start += 5000) {
    const batch = rows.slice(start, start + 5000);
    const params: unknown[] = [];
    const keys = unnest(params, [
      ["currency", "text", batch.map((r) => r.currency)],
      ["day", "date", batch.map((r) => r.day)],
    ]);
    const found = await query(
      `SELECT trim(r.currency) AS currency, to_char(r.day, 'YYYY-MM-DD') AS day, r.per_eur::text AS per_eur, r.source
         FROM fx_rates r JOIN ${keys} ON r.currency = u.currency AND r.day = u.day`,
      params,
    );
    for (const row of found)
      existing.set(`${String(row.currency)}:${String(row.day)}`, { perEur: String(row.per_eur), source: String(row.source) });
  }
  const changed = rows.filter((row) => {
    const before = existing.get(`${row.currency}:${row.day}`);
    return !before || parseScaledRate(before.perEur) !== row.perEur;
  });
  for (let start = 0; start < changed.length; start += 5000) {
    const batch = changed.slice(start, start + 5000);
    const params: unknown[] = [];
    const source_ = unnest(params, [
      ["currency", "text", batch.map((r) => r.currency)],
      ["day", "date", batch.map((r) => r.day)],
      ["per_eur", "numeric", batch.map((r) => formatScaled(r.perEur))],
    ]);
    params.push(source, version, actor.id);
    const n = params.length;
    await query(
      `INSERT INTO fx_rates (currency, day, per_eur, source, version, updated_by_id, updated_at)
       SELECT u.currency, u.day, u.per_eur, $${n - 2}::text, $${n - 1}::int, $${n}::uuid, now() FROM ${source_}
       ON CONFLICT (currency, day) DO UPDATE
         SET per_eur = EXCLUDED.per_eur, source = EXCLUDED.source, version = EXCLUDED.version,
             updated_by_id = EXCLUDED.updated_by_id, updated_at = EXCLUDED.updated_at`,
      params,
    );
  }
  const audits: AuditEntry[] = changed.map((row) => {
    const before = existing.get(`${row.currency}:${row.day}`);
    return {
      actorId: actor.id,
      action: "fx_rate.set",
      entityType: "fx_rate",
      entityId: `${row.currency}:${row.day}`,
      before: before ? { perEur: formatScaled(parseScaledRate(before.perEur)), source: before.source } : undefined,
      after: { perEur: formatScaled(row.perEur), source, version },
    };
  });
  return { changed, corrected: changed.filter((row) => existing.has(`${row.currency}:${row.day}`)), audits };
}

/** Takes the settings row for the rest of the transaction and the next rates_version (rate writers queue here). */
async function nextVersion(tx: Tx): Promise<number> {
  const [row] = await transactionQuery(tx)(
    `INSERT INTO fx_settings (id, rates_version, updated_at) VALUES (1, 1, now())
     ON CONFLICT (id) DO UPDATE SET rates_version = fx_settings.rates_version + 1, updated_at = now() RETURNING rates_version`,
    [],
  );
  return Number(row!.rates_version);
}

export interface PutRatesResult {
  saved: number;
  changed: number;
  corrected: number;
  reportingCurrency: string;
}

/**
 * PUT /api/fx-rates (admins): rates into the reporting currency by day. Each is stored per 1 EUR:
 * in EUR reporting 1 / rate; in another reporting currency R, {currency: "EUR"} is R's own quote
 * and any other currency's is derived through R's quote on that day (send EUR first when it is
 * missing). All or nothing: one bad rate refuses the request, naming it.
 */
export async function putRates(actor: Actor, input: PutRatesInput): Promise<PutRatesResult> {
  assertAdmin(actor, "enter exchange rates");
  const prisma = await getPrisma();
  const result = await prisma.$transaction(async (tx) => {
    const version = await nextVersion(tx);
    const table = await loadFxTable(transactionQuery(tx), { cache: false });
    const reporting = table.reportingCurrency;
    const issues: Array<{ field: string; reason: string }> = [];
    const seen = new Set<string>();
    const rows: RateRow[] = [];
    // The reporting currency's own quotes first: other rates in the same request may need them.
    const ownQuotes = new Map<number, bigint>();
    input.rates.forEach((rate, i) => {
      const day = rate.on.toISOString().slice(0, 10);
      const key = `${rate.currency}:${day}`;
      if (seen.has(key)) issues.push({ field: `rates.${i}`, reason: `${rate.currency} on ${day} appears twice` });
      seen.add(key);
      if (rate.currency === reporting)
        issues.push({ field: `rates.${i}.currency`, reason: `${reporting} is the reporting currency (its rate is 1)` });
      if (rate.currency === ANCHOR_CURRENCY && reporting !== ANCHOR_CURRENCY) {
        const perEur = parseScaledRate(rate.rate);
        ownQuotes.set(dayNumberOfIso(day), perEur);
        rows.push({ currency: reporting, day, perEur });
      }
    });
    const reportingSeries = buildSeries([
      ...(table.series
        .get(reporting)
        ?.days.map((day, i) => ({ currency: reporting, day, perEur: table.series.get(reporting)!.perEur[i]! })) ?? []),
      ...[...ownQuotes].map(([day, perEur]) => ({ currency: reporting, day, perEur })),
    ]).get(reporting);
    input.rates.forEach((rate, i) => {
      if (rate.currency === reporting || (rate.currency === ANCHOR_CURRENCY && reporting !== ANCHOR_CURRENCY)) return;
      const day = rate.on.toISOString().slice(0, 10);
      const scaled = parseScaledRate(rate.rate);
      let reportingPerEur = RATE_ONE;
      if (reporting !== ANCHOR_CURRENCY) {
        const leg = perEurOn(reportingSeries, dayNumberOfIso(day), table.maxGapDays);
        if (!leg.ok) {
          issues.push({
            field: `rates.${i}.on`,
            reason: `no EUR rate for ${reporting} on ${day} or in the ${table.maxGapDays} days before, to derive the ${rate.currency} quote from; send { currency: "EUR", on: "${day}", rate } first`,
          });
          return;
        }
        reportingPerEur = leg.perEur;
      }
      // perEur(C) = perEur(R) / rate, rounded to the column's 10 decimals.
      const perEur = divideRounded(reportingPerEur * RATE_ONE, scaled);
      if (perEur <= 0n) {
        issues.push({ field: `rates.${i}.rate`, reason: "is too large to store (below 0.0000000001 per EUR)" });
        return;
      }
      rows.push({ currency: rate.currency, day, perEur });
    });
    if (issues.length > 0) throw new Invalid(`Invalid body: ${issues.map((x) => `${x.field}: ${x.reason}`).join("; ")}`, issues);
    const { changed, corrected, audits } = await upsertRates(tx, actor, rows, "manual", version);
    await recordAudits(tx, audits);
    if (changed.length > 0) await requestReconvert(tx);
    return { saved: rows.length, changed: changed.length, corrected: corrected.length, reportingCurrency: reporting };
  });
  return result;
}

export interface ImportRatesResult {
  rates: number;
  days: number;
  currencies: string[];
  inserted: number;
  corrected: number;
  unchanged: number;
  from: string | null;
  to: string | null;
}

/** POST /api/fx-rates/import (admins): a CSV in the ECB layout, all or nothing; corrections of stored rates are audited one by one. */
export async function importRates(actor: Actor, input: { fileName: string; content: string }): Promise<ImportRatesResult> {
  assertAdmin(actor, "import exchange rates");
  const parsed = parseEcbCsv(input.content, { isCurrency: isKnownCurrency });
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, 50);
    const issues = shown.map((p) => ({ field: "file", reason: `line ${p.line}, ${p.field}: ${p.reason}` }));
    throw new Invalid(
      `Invalid file: ${issues.map((i) => i.reason).join("; ")}${parsed.problems.length > 50 ? ` (and ${parsed.problems.length - 50} more)` : ""}`,
      issues,
    );
  }
  if (parsed.rates.length === 0) throw new Invalid("Invalid file: no rates in it", [{ field: "file", reason: "holds no rates" }]);
  const prisma = await getPrisma();
  return prisma.$transaction(
    async (tx) => {
      const version = await nextVersion(tx);
      const { changed, corrected, audits } = await upsertRates(tx, actor, parsed.rates, "import", version);
      const days = parsed.rates.map((r) => r.day).sort();
      const summary = {
        fileName: input.fileName,
        currencies: parsed.currencies,
        from: days[0] ?? null,
        to: days.at(-1) ?? null,
        rates: parsed.rates.length,
        inserted: changed.length - corrected.length,
        corrected: corrected.length,
        version,
      };
      // New rates are summed up in one entry; a correction of a stored rate gets its own, with before and after.
      await recordAudit(tx, {
        actorId: actor.id,
        action: "fx_rate.import",
        entityType: "fx_rate",
        entityId: `import:${version}`,
        after: summary,
      });
      await recordAudits(
        tx,
        audits.filter((entry) => entry.before !== undefined),
      );
      if (changed.length > 0) await requestReconvert(tx);
      return {
        rates: parsed.rates.length,
        days: parsed.days,
        currencies: parsed.currencies,
        inserted: summary.inserted,
        corrected: corrected.length,
        unchanged: parsed.rates.length - changed.length,
        from: summary.from,
        to: summary.to,
      };
    },
    { timeout: 120_000 },
  );
}

export interface FxSettingsView {
  reportingCurrency: string;
  maxGapDays: number;
  ratesVersion: number;
}

export async function getFxSettings(actor: Actor): Promise<FxSettingsView> {
  if (!can(actor, "read", "settings")) throw new Forbidden("Only admins see the currency settings.");
  const { reportingCurrency, maxGapDays, ratesVersion } = await readFxSettings(runnerQuery(await database()));
  return { reportingCurrency, maxGapDays, ratesVersion };
}

/** Admins: the reporting currency and the gap; a change re-converts every account (in the background) and is audited. */
export async function putFxSettings(actor: Actor, input: FxSettingsInput): Promise<FxSettingsView> {
  assertAdmin(actor, "change the currency settings");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const query = transactionQuery(tx);
    const before = await readFxSettings(query);
    if (before.reportingCurrency === input.reportingCurrency && before.maxGapDays === input.maxGapDays) {
      return { reportingCurrency: before.reportingCurrency, maxGapDays: before.maxGapDays, ratesVersion: before.ratesVersion };
    }
    const [row] = await query(
      `INSERT INTO fx_settings (id, reporting_currency, max_gap_days, rates_version, settings_version, updated_by_id, updated_at)
       VALUES (1, $1, $2, 1, 1, $3::uuid, now())
       ON CONFLICT (id) DO UPDATE SET reporting_currency = $1, max_gap_days = $2, rates_version = fx_settings.rates_version + 1,
              settings_version = fx_settings.rates_version + 1, updated_by_id = $3::uuid, updated_at = now()
       RETURNING rates_version`,
      [input.reportingCurrency, input.maxGapDays, actor.id],
    );
    await recordAudit(tx, {
      actorId: actor.id,
      action: "settings.fx",
      entityType: "settings",
      entityId: "fx",
      before: { reportingCurrency: before.reportingCurrency, maxGapDays: before.maxGapDays },
      after: { reportingCurrency: input.reportingCurrency, maxGapDays: input.maxGapDays },
    });
    await requestReconvert(tx);
    return { reportingCurrency: input.reportingCurrency, maxGapDays: input.maxGapDays, ratesVersion: Number(row!.rates_version) };
  });
}

export type { FxTable };
