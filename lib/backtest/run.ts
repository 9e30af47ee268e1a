// The backtest's computation (issue 16, "Do the flags work?"): cut the history at a date, compute
// every probability and flag as of that date, and compare with what happened in the window after.
//
// - The model: lib/ltv/backtest.ts runBacktest over the app's transaction log (one row per purchase:
//   account, UTC day, total) is exactly what `analytics backtest` computes from the same log as a CSV,
//   so the page and the CLI agree (run.db.test.ts checks it).
// - The flags: computeAccountMetrics, the function the live path stores, with that model, the
//   portfolio context built as of the cutoff (a PortfolioTally of the refit summaries of the cut
//   history, and the server's aggregates as of the cutoff), the cost inputs and thresholds in force.
// - Outcomes: outcomes.ts.
//
// Two passes over the accounts in batches (summaries for the portfolio context, then flags), with
// ctx.pace() between batches so the embedded database keeps serving requests.
import type { Query } from "@/lib/db/sql";
import { calibrationBinOf, runBacktest, type CalibrationBin } from "@/lib/ltv/backtest";
import type { Transaction } from "@/lib/ltv/rfm";
import { resolveFlagThresholds } from "@/lib/flags/thresholds";
import { DAY_MS, dayNumber, YEAR_WINDOW_DAYS } from "@/lib/days";
import { flagSubject } from "@/lib/flag-records/machine";
import { computeAccountMetrics, refitSummary, type MetricsAccount, type PredictiveModel } from "@/lib/metrics/compute";
import { loadMetricsContext } from "@/lib/metrics/context";
import { loadPortfolioAggregates, PortfolioTally, spendRatesOf } from "@/lib/metrics/refit";
import { accountFx, inAccountCurrency } from "@/lib/metrics/reporting";
import { accountIdBatches, prefetchedAccounts } from "@/lib/metrics/store";
import { centsFromDecimalString } from "@/lib/money";
import {
  NO_ACTIVITY,
  churnSummary,
  flagCameTrue,
  flagTypeSummaries,
  recordCameTrue,
  type BoughtBefore,
  type ChurnSummary,
  type FlagOutcome,
  type FlagTypeSummary,
  type OutcomeAccount,
  type WindowActivity,
} from "./outcomes";

const BATCH = 100;
const UNIT = "week" as const;
const FLAG_TYPES = ["churn_risk", "replenishment", "upsell", "cross_sell"] as const;

export interface BacktestInput {
  /** Last day of the history the predictions see (UTC calendar day, inclusive). */
  cutoff: string;
  windowDays: number;
}

export interface ActedComparison {
  type: string;
  acted: { flags: number; hits: number };
  notActed: { flags: number; hits: number };
}

export interface BacktestSummary {
  cutoff: string;
  windowDays: number;
  /** Accounts first seen on or before the cutoff: the backtest's customers. */
  customers: number;
  model: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean };
  brier: number;
  calibration: CalibrationBin[];
  churn: ChurnSummary & { threshold: number; highThreshold: number };
  flagTypes: FlagTypeSummary[];
  /** Flag records open at the cutoff (issue 15), acted on in the window or not, and how they turned out. */
  acted: ActedComparison[];
}

export interface BacktestProgress {
  progress(done: number, total: number): Promise<void>;
  pace(): Promise<void>;
}

interface Cut {
  cutoffEnd: Date;
  windowEnd: Date;
}

/** One row per purchase up to the window's end, in a fixed order: account, then time. */
export async function loadTransactionLog(query: Query, windowEnd: Date): Promise<Transaction[]> {
  const rows = await query(
    `SELECT account_id::text AS id, to_char(purchased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, total::text AS total
       FROM purchases WHERE purchased_at <= $1::timestamptz ORDER BY account_id, purchased_at, id`,
    [windowEnd.toISOString()],
  );
  return rows.map((row) => ({
    customerId: String(row.id),
    date: String(row.day),
    amount: centsFromDecimalString(String(row.total)) / 100,
  }));
}

function windowActivity(account: MetricsAccount, cut: Cut): { activity: WindowActivity; active: boolean; before: BoughtBefore } {
  const days = new Set<number>();
  const productIds = new Set<string>();
  const categories = new Set<string>();
  const before = { productIds: new Set<string>(), categories: new Set<string>() };
  let revenueCents = 0;
  let active = false;
  const yearBefore = cut.cutoffEnd.getTime() - YEAR_WINDOW_DAYS * DAY_MS;
  for (const purchase of account.purchases) {
    const t = purchase.purchasedAt.getTime();
    if (t <= cut.cutoffEnd.getTime()) {
      if (t > yearBefore) active = true;
      for (const line of purchase.lines) {
        before.productIds.add(line.productId);
        before.categories.add(line.category);
      }
      continue;
    }
    if (t > cut.windowEnd.getTime()) continue;
    days.add(dayNumber(purchase.purchasedAt));
    revenueCents += purchase.totalCents;
    for (const line of purchase.lines) {
      productIds.add(line.productId);
      categories.add(line.category);
    }
  }
  const activity = days.size === 0 ? NO_ACTIVITY : { orderDays: days.size, revenue: revenueCents / 100, productIds, categories };
  return { activity, active, before };
}

/**
 * Runs the backtest and stores its per-account rows under `jobId`; returns the summary. Throws
 * RangeError when the history cannot be fitted at that cutoff.
 */
export async function computeBacktest(
  query: Query,
  jobId: string,
  input: BacktestInput,
  ctx: BacktestProgress,
  /** Where the history is read from (the read replica when one is configured); writes use `query`. */
  read: Query = query,
): Promise<BacktestSummary> {
  const cutoffEnd = new Date(`${input.cutoff}T23:59:59.999Z`);
  const cut: Cut = { cutoffEnd, windowEnd: new Date(cutoffEnd.getTime() + input.windowDays * DAY_MS) };

  const log = await loadTransactionLog(read, cut.windowEnd);
  const result = runBacktest(log, { cutoff: input.cutoff, windowDays: input.windowDays, unit: UNIT });
  const predictions = new Map(result.perCustomer.map((c) => [c.customerId, c]));
  await ctx.pace();

  const context = await loadMetricsContext(read, cutoffEnd);
  const defaults = resolveFlagThresholds(context.costDefaults.flagThresholds);
  const total = predictions.size;

  // Pass 1: the refit summaries of the cut history (the portfolio context) and each account's window.
  // Batches come in account-id order, the refit's summation order. The rates and thresholds are the cutoff's.
  const peerPercentile = defaults.upsellPeerPercentile;
  const rates = spendRatesOf(context.fx, cutoffEnd);
  const tally = new PortfolioTally(rates);
  const outcomes = new Map<string, { segment: string; active: boolean; activity: WindowActivity; before: BoughtBefore }>();
  let done = 0;
  for await (const batch of prefetchedAccounts(read, accountIdBatches(read, BATCH), { ahead: false })) {
    for (const accountId of batch.ids) {
      const account = batch.accounts.get(accountId);
      if (!account || !predictions.has(accountId)) continue;
      const cutPurchases = account.purchases.filter((p) => p.purchasedAt.getTime() <= cutoffEnd.getTime());
      const summary = refitSummary(cutPurchases, cutoffEnd);
      tally.add({ segment: account.segment, currency: account.currency, usualGapDays: summary.usualGapDays }, summary.categorySpend);
      outcomes.set(accountId, { segment: account.segment, ...windowActivity(account, cut) });
    }
    done += batch.ids.length;
    await ctx.progress(Math.min(done, total) / 2, total);
    await ctx.pace();
  }
  const portfolio = tally.context(await loadPortfolioAggregates(read, cutoffEnd, peerPercentile, rates), peerPercentile);
  const model: PredictiveModel = { id: "backtest", unit: UNIT, bgnbd: result.fit.params, gammaGamma: null };

  // Pass 2: the flags as of the cutoff, with the live code, and whether each came true.
  const accounts: OutcomeAccount[] = [];
  done = 0;
  for await (const batch of prefetchedAccounts(read, accountIdBatches(read, BATCH), { ahead: false })) {
    const rows: unknown[][] = [];
    for (const [accountId, account] of batch.accounts) {
      const prediction = predictions.get(accountId);
      const outcome = outcomes.get(accountId);
      if (!prediction || !outcome) continue;
      // The cost inputs and the pooled portfolio money into the account's currency, as the live path does.
      const fx = accountFx(account, context.fx, cutoffEnd);
      const inputs = inAccountCurrency({ costs: context.costsFor(account.segment), model, portfolio }, account.currency, fx, context.fx);
      const metrics = computeAccountMetrics(account, inputs.costs, inputs.model, inputs.portfolio, context.catalog, cutoffEnd);
      const flags = metrics.flags.map((flag) => ({
        type: flag.type,
        subject: flagSubject(flag),
        hit: flagCameTrue(flag, outcome.activity, input.windowDays),
        flag: { type: flag.type, details: flag.details },
      }));
      accounts.push({
        accountId,
        segment: outcome.segment,
        active: outcome.active,
        flags,
        activity: outcome.activity,
        before: outcome.before,
      });
      const stored: FlagOutcome[] = flags.map(({ type, subject, hit }) => ({ type, subject, hit }));
      rows.push([
        jobId,
        accountId,
        prediction.pNoOrder,
        prediction.observedOrders,
        calibrationBinOf(prediction.pNoOrder),
        outcome.active,
        JSON.stringify(stored),
      ]);
    }
    if (rows.length > 0) {
      const placeholders = rows.map(
        (_, i) =>
          `($${i * 7 + 1}::uuid, $${i * 7 + 2}::uuid, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7}::jsonb)`,
      );
      await query(
        `INSERT INTO backtest_accounts (job_id, account_id, p_no_order, observed_orders, bin, active, flags) VALUES ${placeholders.join(", ")}
         ON CONFLICT (job_id, account_id) DO UPDATE SET p_no_order = EXCLUDED.p_no_order, observed_orders = EXCLUDED.observed_orders,
           bin = EXCLUDED.bin, active = EXCLUDED.active, flags = EXCLUDED.flags`,
        rows.flat(),
      );
    }
    done += batch.ids.length;
    await ctx.progress(Math.min(total, total / 2 + Math.min(done, total) / 2), total);
    await ctx.pace();
  }

  const { r, alpha, a, b } = result.fit.params;
  return {
    cutoff: result.cutoff,
    windowDays: input.windowDays,
    customers: result.customers,
    model: { r, alpha, a, b, logLikelihood: result.fit.logLikelihood, converged: result.fit.converged },
    brier: result.brier,
    calibration: result.calibration,
    churn: {
      ...churnSummary(accounts),
      threshold: defaults.churnProbabilityThreshold,
      highThreshold: defaults.churnProbabilityHighThreshold,
    },
    flagTypes: flagTypeSummaries(accounts, input.windowDays, FLAG_TYPES),
    acted: await actedComparison(read, cut, outcomes),
  };
}

/**
 * Flag records (issue 15) open at the cutoff: those acted on by the window's end against those not,
 * each with how often the flag came true in the window (recordCameTrue: the record keeps its type
 * and subject, not the flag's details).
 */
async function actedComparison(
  query: Query,
  cut: Cut,
  outcomes: ReadonlyMap<string, { activity: WindowActivity }>,
): Promise<ActedComparison[]> {
  const rows = await query(
    `SELECT account_id::text AS account_id, type, subject, acted_at
       FROM account_flags
      WHERE raised_at <= $1::timestamptz AND (closed_at IS NULL OR closed_at > $1::timestamptz)
        AND state <> 'dismissed'`,
    [cut.cutoffEnd.toISOString()],
  );
  const byType = new Map<string, ActedComparison>();
  for (const row of rows) {
    const outcome = outcomes.get(String(row.account_id));
    if (!outcome) continue;
    const type = String(row.type);
    const hit = recordCameTrue(type, String(row.subject), outcome.activity);
    if (hit === null) continue;
    let entry = byType.get(type);
    if (!entry) byType.set(type, (entry = { type, acted: { flags: 0, hits: 0 }, notActed: { flags: 0, hits: 0 } }));
    const acted = row.acted_at !== null && new Date(row.acted_at as string | Date).getTime() <= cut.windowEnd.getTime();
    const bucket = acted ? entry.acted : entry.notActed;
    bucket.flags++;
    if (hit) bucket.hits++;
  }
  return [...byType.values()].sort((x, y) => x.type.localeCompare(y.type));
}
