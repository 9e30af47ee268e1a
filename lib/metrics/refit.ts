// Fits the predictive model (BG/NBD + Gamma-Gamma) over every customer and derives the
// portfolio context the flags need, then stores both as a new model_fits row (the newest
// row is current).
//
// It reads one summary row per account from account_metrics, which every live write keeps
// current (RefitSummary in ./compute), plus one aggregate over the last two years of
// purchases for the facts that move with the clock (last-year spend, churn windows). It never
// loads purchases or lines: at 100 000 accounts that load took 106 s, this read takes well
// under a second (decision 0006, docs/performance.md).
import { randomUUID } from "node:crypto";
import { fitBgNbd, isUsableFit, type BgNbdFit } from "@/lib/ltv/bgnbd";
import { fitGammaGamma, type GammaGammaParams } from "@/lib/ltv/gammaGamma";
import { DAYS_PER_UNIT, type TimeUnit } from "@/lib/ltv/rfm";
import { yearlyChurnRate } from "@/lib/ltv/formula";
import { annualizationFactorForAge, dayIndex, YEAR_DAYS } from "@/lib/flags/history";
import { buildSegmentStats, type AccountSummaryRow } from "@/lib/flags/context";
import { mineCategoryAssociations } from "@/lib/flags/crossSell";
import { DEFAULT_FLAG_THRESHOLDS } from "@/lib/flags/thresholds";
import { centsFromDecimalString } from "@/lib/money";
import type { PortfolioContext } from "./compute";
import type { Query } from "./store";

const UNIT: TimeUnit = "week";
const DAY_MS = 86_400_000;
// Below this many repeat customers the fit is noise; keep the previous model.
const MIN_CUSTOMERS = 20;

export interface PortfolioFit {
  id: string;
  customers: number;
  durationMs: number;
  /** Of durationMs, reading the account summaries (the model's RFM inputs). */
  readMs: number;
  /** Of durationMs, the BG/NBD + Gamma-Gamma fit alone. readMs + fitMs is the model refit. */
  fitMs: number;
  /**
   * Of durationMs, what the portfolio context adds after the fit: waiting for the purchase
   * windows (aggregated while the fit ran), peers, category rules, and storing the row.
   */
  portfolioMs: number;
}

/** What the refit knows of one buying account. */
export interface RefitAccount {
  accountId: string;
  segment: string;
  /** UTC day numbers of the first and last purchase. */
  firstDay: number;
  lastDay: number;
  purchaseDays: number;
  repeatRevenueCents: number;
  usualGapDays: number | null;
  categorySpend: Record<string, [number, number]>;
  /** Revenue of the 365 calendar days up to asOf, not yet annualised. */
  lastYearRevenueCents: number;
  boughtInYearBefore: boolean;
  boughtInLastYear: boolean;
}

/**
 * The buying accounts' summaries, completed with their purchase windows: one row per account
 * from account_metrics, then one GROUP BY over the last two years of purchases (summed in
 * integer cents, whose aggregate state stays within PostgreSQL's default work_mem).
 * `whileWindowsLoad` gets the summaries while the server aggregates the windows, so the model
 * fit (which needs no windows) overlaps that query.
 */
export async function loadRefitAccounts(
  query: Query,
  asOf: Date,
  whileWindowsLoad?: (accounts: readonly RefitAccount[]) => void,
): Promise<RefitAccount[]> {
  const asOfDay = dayIndex(asOf);
  const yearAgo = new Date(asOf.getTime() - YEAR_DAYS * DAY_MS);
  const twoYearsAgo = new Date(asOf.getTime() - 2 * YEAR_DAYS * DAY_MS);
  // yearlySpend counts purchases less than 365 calendar days old (lib/flags/history.ts).
  const lastYearStart = new Date((asOfDay - (YEAR_DAYS - 1)) * DAY_MS);
  const rows = await query(
    `SELECT account_id::text AS account_id, segment, purchase_days,
            -- Day numbers here: 200 000 timestamps parsed in JavaScript cost ~300 ms at 100 000 accounts.
            floor(extract(epoch FROM first_purchase_at) / 86400)::int AS first_day,
            floor(extract(epoch FROM last_purchase_at) / 86400)::int AS last_day,
            repeat_revenue::text AS repeat_revenue, usual_gap_days, category_spend::text AS category_spend
       FROM account_metrics
      WHERE purchase_days > 0 AND first_purchase_at <= $1::timestamptz`,
    [asOf.toISOString()],
  );
  const accounts: RefitAccount[] = rows.map((row) => ({
    accountId: String(row.account_id),
    segment: String(row.segment),
    firstDay: Number(row.first_day),
    lastDay: Number(row.last_day),
    purchaseDays: Number(row.purchase_days),
    repeatRevenueCents: centsFromDecimalString(String(row.repeat_revenue)),
    usualGapDays: row.usual_gap_days === null ? null : Number(row.usual_gap_days),
    categorySpend: JSON.parse(String(row.category_spend)) as Record<string, [number, number]>,
    lastYearRevenueCents: 0,
    boughtInYearBefore: false,
    boughtInLastYear: false,
  }));
  // In account-id order, so the same data give the same fit to the last bit (summation order
  // moves the optimiser's path). Sorted here: on the server a sort of 100 000 wide rows spills
  // to disk at the default work_mem.
  accounts.sort((x, y) => (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0));
  // Started once the summaries are in, so it overlaps the fit rather than the summaries' read.
  const windows = query(
    `SELECT account_id::text AS account_id,
            coalesce(sum((total * 100)::bigint) FILTER (WHERE purchased_at >= $3::timestamptz), 0)::text AS last_year_cents,
            bool_or(purchased_at < $2::timestamptz) AS bought_year_before,
            bool_or(purchased_at >= $2::timestamptz) AS bought_last_year
       FROM purchases
      WHERE purchased_at >= $1::timestamptz AND purchased_at <= $4::timestamptz
      GROUP BY account_id`,
    [twoYearsAgo.toISOString(), yearAgo.toISOString(), lastYearStart.toISOString(), asOf.toISOString()],
  );
  // Awaited below; if anything throws first, its rejection must not go unhandled.
  windows.catch(() => {});
  whileWindowsLoad?.(accounts);
  const windowRows = await windows;
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  for (const row of windowRows) {
    const account = byId.get(String(row.account_id));
    if (!account) continue;
    account.lastYearRevenueCents = Number(row.last_year_cents);
    account.boughtInYearBefore = row.bought_year_before === true;
    account.boughtInLastYear = row.bought_last_year === true;
  }
  return accounts;
}

/** The portfolio context (segment peers, category rules, churn rate) from the refit summaries. */
export function portfolioContextOf(accounts: readonly RefitAccount[], asOf: Date): PortfolioContext {
  const asOfDay = dayIndex(asOf);
  const summaries: AccountSummaryRow[] = [];
  const baskets: Array<{ accountId: string; categories: string[] }> = [];
  const categoryValue = new Map<string, { sum: number; orders: number }>();
  let activeAtStart = 0;
  let churned = 0;
  for (const account of accounts) {
    summaries.push({
      segment: account.segment,
      yearlySpend: (account.lastYearRevenueCents / 100) * annualizationFactorForAge(asOfDay - account.firstDay),
      usualGapDays: account.usualGapDays,
    });
    baskets.push({ accountId: account.accountId, categories: Object.keys(account.categorySpend).sort() });
    for (const [category, [value, orders]] of Object.entries(account.categorySpend)) {
      const entry = categoryValue.get(category) ?? { sum: 0, orders: 0 };
      entry.sum += value;
      entry.orders += orders;
      categoryValue.set(category, entry);
    }
    // Yearly churn: customers who bought in the year before last and not in the last year.
    if (account.boughtInYearBefore) {
      activeAtStart += 1;
      if (!account.boughtInLastYear) churned += 1;
    }
  }
  const segmentStats = buildSegmentStats(summaries, DEFAULT_FLAG_THRESHOLDS.upsellPeerPercentile);
  return {
    yearlyChurnRate: activeAtStart > 0 && churned > 0 ? yearlyChurnRate({ activeAtStart, churned, periodYears: 1 }).value : null,
    segments: segmentStats.segments,
    allAccounts: segmentStats.allAccounts,
    categoryRules: mineCategoryAssociations(baskets),
    categoryAverageOrderValue: Object.fromEntries([...categoryValue].map(([category, { sum, orders }]) => [category, sum / orders])),
  };
}

/** RFM columns (lib/ltv/rfm.ts conventions: UTC days, weeks = days / 7) of the refit summaries. */
export function rfmColumnsOf(accounts: readonly RefitAccount[], asOf: Date) {
  const asOfDay = dayIndex(asOf);
  const perUnit = DAYS_PER_UNIT[UNIT];
  const n = accounts.length;
  const columns = { frequency: new Float64Array(n), recency: new Float64Array(n), T: new Float64Array(n), monetaryValue: new Float64Array(n) };
  accounts.forEach((account, i) => {
    const frequency = account.purchaseDays - 1;
    columns.frequency[i] = frequency;
    columns.recency[i] = (account.lastDay - account.firstDay) / perUnit;
    columns.T[i] = (asOfDay - account.firstDay) / perUnit;
    columns.monetaryValue[i] = frequency > 0 ? account.repeatRevenueCents / 100 / frequency : 0;
  });
  return columns;
}

export async function fitPortfolio(
  query: Query,
  opts: { asOf: Date; log?: (line: string) => void },
): Promise<PortfolioFit | null> {
  const started = performance.now();
  const { asOf } = opts;
  let readMs = 0;
  let fitMs = 0;
  let model: ModelParams | null = null;
  const accounts = await loadRefitAccounts(query, asOf, (summaries) => {
    readMs = Math.round(performance.now() - started);
    const fitStarted = performance.now();
    model = fitModel(summaries, asOf, opts.log);
    fitMs = Math.round(performance.now() - fitStarted);
  });
  if (!model) return null;
  const { bgnbd, gammaGamma } = model as ModelParams;
  opts.log?.(`BG/NBD + Gamma-Gamma fitted in ${fitMs} ms (summaries read in ${readMs} ms)`);
  const portfolio = portfolioContextOf(accounts, asOf);
  const id = randomUUID();
  await query(
    `INSERT INTO model_fits (id, as_of, unit, customers, bgnbd, gamma_gamma, log_likelihood, duration_ms, portfolio)
     VALUES ($1::uuid, $2::timestamptz, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9::jsonb)`,
    [id, asOf.toISOString(), UNIT, accounts.length, JSON.stringify(bgnbd.params), gammaGamma ? JSON.stringify(gammaGamma) : null, bgnbd.logLikelihood, Math.round(performance.now() - started), JSON.stringify(portfolio)],
  );
  const durationMs = Math.round(performance.now() - started);
  return { id, customers: accounts.length, durationMs, readMs, fitMs, portfolioMs: durationMs - readMs - fitMs };
}

interface ModelParams {
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaParams | null;
}

/** BG/NBD + Gamma-Gamma over the summaries; null below MIN_CUSTOMERS repeat customers. */
function fitModel(accounts: readonly RefitAccount[], asOf: Date, log?: (line: string) => void): ModelParams | null {
  const columns = rfmColumnsOf(accounts, asOf);
  const repeatCustomers = columns.frequency.filter((x) => x > 0).length;
  if (accounts.length < MIN_CUSTOMERS || repeatCustomers < MIN_CUSTOMERS) return null;
  const data = { frequency: columns.frequency, recency: columns.recency, T: columns.T };
  let bgnbd = fitBgNbd(data, { skipStandardErrors: true, stopWhenDivergent: true });
  // Data with little dropout signal drive a and b to infinity; lifetimes' advice is a small L2
  // penalizer, which keeps them finite at some cost in likelihood (0.06 per customer on the
  // 100 000-account demo data). The first run stops as soon as it heads off to a bound.
  if (!isUsableFit(bgnbd)) {
    // r and α are well identified even when a and b run off; starting there halves the
    // evaluations and makes the penalised fit's path independent of row order.
    const start = { r: bgnbd.params.r, alpha: bgnbd.params.alpha, a: 1, b: 1 };
    const usableStart = Object.values(start).every((p) => Number.isFinite(p) && p > 0);
    const penalized = fitBgNbd(data, { skipStandardErrors: true, penalizer: 0.001, initialParams: usableStart ? start : undefined });
    log?.(`BG/NBD fit diverged (a ${bgnbd.params.a.toPrecision(3)}, b ${bgnbd.params.b.toPrecision(3)}); refitted with penalizer 0.001`);
    bgnbd = penalized;
  }
  let gammaGamma: GammaGammaParams | null = null;
  try {
    gammaGamma = fitGammaGamma({ frequency: columns.frequency, monetaryValue: columns.monetaryValue }, { skipStandardErrors: true }).params;
  } catch (error) {
    log?.(`Gamma-Gamma fit skipped: ${(error as Error).message}`);
  }
  return { bgnbd, gammaGamma };
}
