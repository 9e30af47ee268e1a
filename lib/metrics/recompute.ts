// Keeping account_metrics live.
// - recomputeAccountMetrics(tx, accountId): inside the transaction that changed a
//   purchase or visit; locks the account row so concurrent writers for the same
//   account serialise, then recomputes that account from all its purchases
//   (exact at READ COMMITTED, docs/reference/field-notes.md, "Live rollups").
// - recomputeAllMetrics(db): refits the predictive model and the portfolio
//   context from the stored per-account summaries, then recomputes every account
//   in batches into a shadow table swapped in at once (seed, admin request,
//   background refit, the daily as-of job). Never one long transaction: requests
//   keep flowing.
import { vacuumTalliesWhenDue } from "./tallies";
import { runnerQuery, transactionQuery } from "@/lib/db/sql";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import { computeAccountMetrics, type ComputedMetrics } from "./compute";
import { accountFx, inAccountCurrency, reportingValues } from "./reporting";
import { loadMetricsContext, type MetricsContext } from "./context";
import {
  countAccounts,
  loadMetricsAccounts,
  prefetchedAccounts,
  vacuumMetrics,
  writeMetrics,
  writeMetricsOfExistingAccounts,
  type LoadedAccount,
  type MetricsRow,
  type PurchaseReportingUpdate,
} from "./store";
import { fitPortfolio } from "./refit";
import { foldPortfolioRollups, lockAndRefreshRevenueMonths, refreshRevenueMonths } from "./revenue-months";
import { syncFlagsOfBatch } from "@/lib/flag-records/sync";
import { findMetricsMismatches } from "./reconcile";
import { METRICS_INPUTS_LOCK_ID } from "@/lib/db/advisory-locks";
import { syncAccountFlags, syncStoredFlags } from "@/lib/flag-records/sync";
import { runShadowPass, withMetricsPassLock, type ShadowPassFigures, type ShadowPassHooks } from "./shadow-pass";

/**
 * The metrics row of one loaded account under a context, as every writer of account_metrics stores it:
 * the measures in the account's currency (cost inputs converted at the as-of rate) and in the
 * reporting currency, and the purchases whose stored conversion changed (decision 0015).
 */
export function metricsRowOf(account: LoadedAccount, context: MetricsContext, asOf: Date): MetricsRow {
  const fx = accountFx(account, context.fx, asOf);
  const costs = context.costsFor(account.segment);
  const inputs = inAccountCurrency({ costs, model: context.model, portfolio: context.portfolio }, account.currency, fx, context.fx);
  const metrics = computeAccountMetrics(account, inputs.costs, inputs.model, inputs.portfolio, context.catalog, asOf);
  const purchaseUpdates: PurchaseReportingUpdate[] = [];
  for (const converted of fx.purchases) {
    const purchase = account.purchases[converted.index]!;
    const stored = purchase.stored;
    if (!stored) continue;
    if (stored.reportingTotalCents === converted.totalCents && stored.reportingGrossProfitCents === converted.grossProfitCents) continue;
    purchaseUpdates.push({
      id: stored.id,
      purchasedAt: purchase.purchasedAt,
      totalCents: purchase.totalCents,
      currency: account.currency,
      reportingTotalCents: converted.totalCents,
      reportingGrossProfitCents: converted.grossProfitCents,
    });
  }
  return {
    accountId: account.accountId,
    ownerId: account.ownerId,
    ...(account.metricsVersion !== undefined ? { readVersion: account.metricsVersion } : {}),
    metrics,
    modelFitId: context.model?.id ?? null,
    computedAt: asOf,
    reporting: {
      currency: context.fx.reportingCurrency,
      values: reportingValues(account, metrics, costs, fx, context.fx.reportingCurrency, asOf),
      gap: fx.gap,
      ratesVersion: context.fx.version,
      purchaseUpdates,
    },
  };
}

/**
 * Takes the cost-inputs lock shared for the rest of the caller's transaction (re-entrant).
 * recomputeAccountMetrics takes it itself; a transaction that writes account_metrics BEFORE
 * recomputing (an account edit whose trigger or reassignment updates the metrics row) takes it
 * first, so it never holds the table while waiting for a cost swap that waits for the table.
 */
export async function shareMetricsInputs(tx: Prisma.TransactionClient): Promise<void> {
  await transactionQuery(tx)(`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${METRICS_INPUTS_LOCK_ID})`, []);
}

/** Recomputes one account inside the caller's transaction; returns what it stored. */
export async function recomputeAccountMetrics(
  tx: Prisma.TransactionClient,
  accountId: string,
  opts: { asOf?: Date; context?: MetricsContext; /** The caller already holds the account's row lock. */ accountLocked?: boolean } = {},
): Promise<ComputedMetrics | null> {
  const query = transactionQuery(tx);
  // Shared with every other live writer; a cost-settings swap holds it exclusively
  // (lib/settings/cost-recompute-job.ts), so this write sees all-old or all-new inputs.
  await shareMetricsInputs(tx);
  // Taken after the lock: a write that waited for a swap is stamped after it.
  const asOf = opts.asOf ?? new Date();
  // Serialise writers of this account: the second waits here and then sees the first's rows.
  if (!opts.accountLocked) {
    const locked = await query(`SELECT id FROM accounts WHERE id = $1::uuid FOR UPDATE`, [accountId]);
    if (locked.length === 0) return null;
  }
  const context = opts.context ?? (await loadMetricsContext(query, asOf));
  const account = (await loadMetricsAccounts(query, [accountId])).get(accountId);
  if (!account) return null;
  const row = metricsRowOf(account, context, asOf);
  const { metrics } = row;
  await writeMetrics(query, [row]);
  // The dashboard's monthly rollups follow the orders (and their conversion just written), under the lock.
  await refreshRevenueMonths(query, [accountId]);
  // Flag records (raised, resolved, reopened after a snooze) follow the flags just written.
  await syncAccountFlags(query, accountId, metrics.flags, asOf, null);
  return metrics;
}

export interface RecomputeAllOptions {
  asOf?: Date;
  /** Fit the model and portfolio context first (default true). */
  refit?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
  /** After each batch is written; a job stores its progress here (and may throw to stop). */
  onProgress?: (done: number, total: number) => Promise<void> | void;
  /** Awaited between batches: a job yields the database to live requests (lib/jobs/queue.ts). */
  pace?: () => Promise<void>;
  /**
   * The dashboard's monthly rollups (decision 0016): "rebuild" rewrites every account's months
   * from its orders (the seed, after a bulk load); "converted" only those of accounts whose orders'
   * reporting amounts this pass changed. Orders themselves never change in a recompute and every
   * writer of orders refreshes its months, so the daily as-of pass needs only "converted": the
   * rebuild read every order again (at 1 000 000 accounts 0.5–1.1 s per batch of 1 000, most of
   * the pass). Default "rebuild".
   */
  revenueMonths?: RevenueMonthsMode;
  /** Shutdown: ends a wait for another pass (the metrics pass lock). */
  signal?: AbortSignal;
  /** Test seams of the shadow pass. */
  hooks?: ShadowPassHooks;
}

export type RevenueMonthsMode = "rebuild" | "converted";

/** The accounts of a written batch whose monthly rollups must be refreshed. */
export function accountsWithMonthsToRefresh(rows: readonly MetricsRow[], mode: RevenueMonthsMode): string[] {
  return rows.filter((row) => mode === "rebuild" || row.reporting.purchaseUpdates.length > 0).map((row) => row.accountId);
}

export interface RecomputeAllResult {
  accounts: number;
  modelFitId: string | null;
  fitMs: number;
  recomputeMs: number;
  /** How the shadow table's fill, index build and swap went. */
  swap: ShadowPassFigures;
}

export async function recomputeAllMetrics(db: Database, opts: RecomputeAllOptions = {}): Promise<RecomputeAllResult> {
  // One pass over every account at a time (there is one shadow table): a cost change under way finishes first.
  return withMetricsPassLock(db, () => recomputeAllUnderLock(db, opts), opts.signal);
}

async function recomputeAllUnderLock(db: Database, opts: RecomputeAllOptions): Promise<RecomputeAllResult> {
  const query = runnerQuery(db);
  const asOf = opts.asOf ?? new Date();
  const batchSize = opts.batchSize ?? 1000;
  const log = opts.log ?? (() => {});
  let fitMs = 0;
  if (opts.refit ?? true) {
    // The refit reads the summaries every metrics row carries. Rows that do not match their
    // purchases (a bulk load such as the seed, or rows written around the live path) are
    // recomputed first, on the current model, so the fit never sees a stale summary.
    const stale = (await findMetricsMismatches(query)).map((mismatch) => mismatch.accountId);
    if (stale.length > 0) {
      await recomputeBatches(db, { asOf, batches: chunks(stale, batchSize), pace: opts.pace });
      log(`metrics brought up to date for ${stale.length} accounts before the refit`);
    }
    const started = performance.now();
    const fit = await fitPortfolio(db, { asOf, log });
    fitMs = performance.now() - started;
    log(fit ? `model fitted on ${fit.customers} customers in ${Math.round(fitMs)} ms` : "too few customers to fit the model yet");
  }
  const started = performance.now();
  const revenueMonths = opts.revenueMonths ?? "rebuild";
  const context = await loadMetricsContext(query, asOf);
  // Every account into a shadow table swapped in at once (shadow-pass.ts), rather than updated
  // in place: at 1 000 000 accounts the in-place upsert (25 indexes) was most of the daily pass.
  const { figures, recomputed } = await runShadowPass(db, {
    asOf,
    context,
    swapContext: (swapQuery, at) => loadMetricsContext(swapQuery, at),
    batchSize,
    progress: opts.onProgress,
    pace: opts.pace,
    hooks: opts.hooks,
    // The batch's flag records lead the rows swapped in at the end by the rest of the pass.
    afterBatch: (rows) => followBatch(db, rows, asOf, revenueMonths, { byReadVersion: true }),
  });
  // The accounts the swap recomputed (written live during the pass): their records follow the rows now in place.
  const syncedAt = new Date(Math.max(Date.now(), asOf.getTime()));
  for (const ids of chunks(recomputed, batchSize)) {
    await db.prisma.$transaction((tx) => syncStoredFlags(transactionQuery(tx), ids, syncedAt), { timeout: 60_000 });
  }
  await opts.onProgress?.(figures.accounts, figures.accounts);
  const recomputeMs = performance.now() - started;
  log(
    `metrics recomputed for ${figures.accounts} accounts in ${Math.round(recomputeMs)} ms ` +
      `(indexes ${figures.indexesMs} ms, swap ${figures.swapMs} ms, ${figures.recomputedInSwap} recomputed in the swap)`,
  );
  // The months rewritten a batch at a time (and the live writes' since the last fold): one row per key.
  await foldPortfolioRollups(db);
  await vacuumMetrics(query);
  return { accounts: figures.accounts, modelFitId: context.model?.id ?? null, fitMs, recomputeMs, swap: figures };
}

/**
 * What follows a written batch, in one short transaction: its flag records follow its flags
 * (raised, resolved, snoozes expired), and its monthly rollups are rewritten from the orders as
 * they are now (every account's, or those whose conversion changed). Locks the batch's accounts in
 * id order. Accounts written live since the batch read them keep what their own write synced.
 */
async function followBatch(
  db: Database,
  rows: readonly MetricsRow[],
  asOf: Date,
  revenueMonths: RevenueMonthsMode,
  /** The rows went to the shadow table: the live rows are still the versions the batch read, unless written since. */
  opts: { byReadVersion: boolean },
): Promise<void> {
  const read = opts.byReadVersion && rows.every((row) => row.readVersion !== undefined);
  await db.prisma.$transaction(
    async (tx) => {
      const batchQuery = transactionQuery(tx);
      await syncFlagsOfBatch(
        batchQuery,
        rows.map((row) => ({ accountId: row.accountId, flags: row.metrics.flags })),
        asOf,
        read ? { readVersions: new Map(rows.map((row) => [row.accountId, row.readVersion ?? null])) } : {},
      );
      await lockAndRefreshRevenueMonths(batchQuery, accountsWithMonthsToRefresh(rows, revenueMonths));
    },
    // A batch of 1 000 on a busy machine can pass Prisma's 5 s default; a background pass must not die of it.
    { timeout: 60_000 },
  );
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * Recomputes the given accounts as of now (or `asOf`) a batch at a time, on the current model and
 * inputs: what the re-conversion after a rate correction runs (lib/fx-rates/reconvert-job.ts).
 */
export async function recomputeAccounts(
  db: Database,
  opts: { batches: AsyncIterable<string[]> | Iterable<string[]>; asOf?: Date; pace?: () => Promise<void> },
): Promise<{ accounts: number; modelFitId: string | null }> {
  return recomputeBatches(db, { asOf: opts.asOf ?? new Date(), batches: opts.batches, pace: opts.pace });
}

/** Recomputes accounts a batch at a time (one upsert per batch); returns how many, and the model fit used. */
async function recomputeBatches(
  db: Database,
  opts: {
    asOf: Date;
    batches: AsyncIterable<string[]> | Iterable<string[]>;
    onProgress?: (done: number, total: number) => Promise<void> | void;
    pace?: () => Promise<void>;
    revenueMonths?: RevenueMonthsMode;
  },
): Promise<{ accounts: number; modelFitId: string | null }> {
  const query = runnerQuery(db);
  const revenueMonths = opts.revenueMonths ?? "rebuild";
  const { asOf } = opts;
  const context = await loadMetricsContext(query, asOf);
  const total = opts.onProgress ? await countAccounts(query) : 0;
  let done = 0;
  // On a server the next batch loads and the previous one is written while this one is
  // computed. On PGlite's one connection that only makes live requests wait: one thing at a time.
  const overlap = db.kind === "postgres";
  let writing: Promise<void> = Promise.resolve();
  try {
    for await (const { ids, accounts } of prefetchedAccounts(query, opts.batches, { ahead: overlap, versions: true })) {
      const rows = [...accounts.values()].map((account) => metricsRowOf(account, context, asOf));
      await writing;
      writing = writeMetricsOfExistingAccounts(query, rows, { keepNewer: true }).then(async () => {
        // Not by version: this batch's own write moved its rows' versions.
        await followBatch(db, rows, asOf, revenueMonths, { byReadVersion: false });
        done += ids.length;
        // The tallies' log churns with every batch: vacuumed as it goes (tallies.ts).
        await vacuumTalliesWhenDue(query, rows.length);
        await opts.onProgress?.(done, total);
      });
      if (!overlap) await writing;
      await opts.pace?.();
    }
    await writing;
  } finally {
    writing.catch(() => {});
  }
  return { accounts: done, modelFitId: context.model?.id ?? null };
}
