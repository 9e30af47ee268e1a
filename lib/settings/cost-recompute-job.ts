// The background job that applies a saved cost-settings version. It computes
// every account with the pending inputs in batches (progress in the jobs row) into a
// shadow copy of account_metrics (lib/metrics/shadow-table.ts), builds its indexes,
// then swaps it in with ONE transaction that also marks the version applied: readers
// see all-old or all-new, never a mix. Under the lock the swap only recomputes the
// accounts written since the fence and renames the tables, so live writers wait
// well under a second instead of for a rewrite of every row.
//
// Live writers (recomputeAccountMetrics) hold METRICS_INPUTS_LOCK_ID shared; the
// fence at the start and the swap take it exclusively. So every live write either
// committed before the fence (the batches read it), or stamps computed_at after the
// fence (the swap recomputes that account), or waits for the swap to commit (and
// then reads the new inputs).
import { runnerQuery, transactionQuery, type Query } from "@/lib/db/sql";
import { METRICS_INPUTS_LOCK_ID } from "@/lib/db/advisory-locks";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadMetricsContext, type MetricsContext } from "@/lib/metrics/context";
import { metricsRowOf } from "@/lib/metrics/recompute";
import { lockAndRefreshRevenueMonths } from "@/lib/metrics/revenue-months";
import {
  accountIdBatches,
  countAccounts,
  loadMetricsAccounts,
  prefetchedAccounts,
  writeMetrics,
  writeMetricsOfExistingAccounts,
  type MetricsRow,
} from "@/lib/metrics/store";
import {
  SHADOW_TABLE,
  buildShadowIndexes,
  createShadowTable,
  dropShadowTable,
  finishSwap,
  swapInShadow,
  type ShadowPlan,
} from "@/lib/metrics/shadow-table";
import { recordAudit } from "@/lib/audit/record-audit";
import { JobCancelled, wakeWorker, type JobContext, type JobKind } from "@/lib/jobs/queue";
import { findJobRow, finishJobRow, holdRunningJobRow } from "@/lib/jobs/job-rows";
import { contextWithCosts, groupVersions, type CostVersion } from "./versions";
import { FLAG_RECORDS_SYNC_JOB, requestFlagRecordsSync } from "@/lib/flag-records/sync-job";

const BATCH_SIZE = 500;

/** What the jobs row remembers about the version it applies. */
export interface CostJobDetail {
  settingIds: string[];
  effectiveFrom: string;
}

/** Test seams: pause before the swap, or act while the swap holds the lock. */
export interface CostRecomputeHooks {
  /** After a batch of accounts was read, before its rows are written to the shadow table. */
  afterBatchRead?: (accountIds: string[]) => Promise<void>;
  beforeSwap?: () => Promise<void>;
  insideSwap?: () => Promise<void>;
}

export const COST_RECOMPUTE_JOB = "cost-recompute";

// Test seams, set by a test in this process (they cannot travel through the queue).
const testHooks = ((globalThis as unknown as { __ltvCostRecomputeHooks?: { current: CostRecomputeHooks } }).__ltvCostRecomputeHooks ??= {
  current: {},
});

/** Tests: pause or act at the job's seams; applies to the jobs this process runs. */
export function setCostRecomputeHooks(hooks: CostRecomputeHooks): void {
  testHooks.current = hooks;
}

export const costRecomputeJob: JobKind<CostJobDetail> = {
  name: COST_RECOMPUTE_JOB,
  tracked: true,
  // Retried when its worker dies: every run starts from a fresh shadow table, and only the
  // swap (one transaction) changes what anyone reads.
  retryLimit: 2,
  expireInSeconds: 3600,
  run: (ctx) => runCostRecompute(ctx, testHooks.current),
  // Failed for good: the pending version is discarded, so nothing of it ever applies.
  onFailed: async ({ jobId, data, db, error }) => {
    await dropShadowTable(runnerQuery(db)).catch(() => {});
    await discardPendingVersion(db.prisma, jobId, data, error);
  },
};

const lockInputs = (query: Query) => query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${METRICS_INPUTS_LOCK_ID})`, []);

function isRetryable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ""}` : String(error);
  // 55P03: the swap gave up waiting for its table lock (lock_timeout); the next attempt waits again.
  return /deadlock|40P01|40001|P2034|55P03|lock timeout|could not serialize/i.test(text);
}

async function runCostRecompute(ctx: JobContext<CostJobDetail>, hooks: CostRecomputeHooks): Promise<void> {
  const { db, jobId, data: detail } = ctx;
  const prisma = db.prisma;
  const query = runnerQuery(db);
  try {
    // Fence: every live write that began before this point has committed once we hold the lock.
    const fence = await prisma.$transaction(async (tx) => {
      await lockInputs(transactionQuery(tx));
      return new Date();
    });
    const asOf = new Date(Math.max(Date.now(), fence.getTime()));
    const pending = await pendingVersion(prisma, detail);
    const base = await loadMetricsContext(query, asOf);
    const context = contextWithCosts(base, pending.default, pending.segments);

    const computeStarted = performance.now();
    const plan = await createShadowTable(query);
    const createMs = Math.round(performance.now() - computeStarted);
    const total = await countAccounts(query);
    await ctx.progress(0, total);
    const computed = new Set<string>();
    const batchSize = db.kind === "pglite" ? 50 : BATCH_SIZE;
    for await (const { ids, accounts } of prefetchedAccounts(query, accountIdBatches(query, batchSize), {
      ahead: db.kind === "postgres",
    })) {
      await hooks.afterBatchRead?.(ids);
      const rows: MetricsRow[] = [];
      for (const account of accounts.values()) {
        computed.add(account.accountId);
        rows.push(metricsRowOf(account, context, asOf));
      }
      await writeMetricsOfExistingAccounts(query, rows, { table: SHADOW_TABLE });
      // writeMetrics also rewrote the live orders' conversions that were out of date: their monthly rollups follow.
      await refreshReconverted(db, reconvertedIn(rows));
      // Progress stays below the total until the swap commits.
      await ctx.progress(Math.min(computed.size, Math.max(total - 1, 0)), total);
      await ctx.pace();
    }

    const indexesStarted = performance.now();
    await buildShadowIndexes(query, plan, ctx.pace);
    const timing = {
      createMs,
      indexesMs: Math.round(performance.now() - indexesStarted),
      computeMs: Math.round(performance.now() - computeStarted),
    };
    await hooks.beforeSwap?.();
    const reconverted = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      try {
        reconverted.clear();
        await swap(prisma, jobId, detail, pending, computed, context, fence, plan, hooks, timing, reconverted);
        break;
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw error;
      }
    }
    // The job has succeeded; a row that failed its foreign key would be a bug, reported here.
    await finishSwap(query, plan).catch((error: unknown) => console.error("after the cost swap:", error));
    // Not inside the swap: locking accounts there would wait for live writers that wait for the swap.
    await refreshReconverted(db, [...reconverted]);
    // The flag records follow in their own job, which the swap's transaction enqueued.
    wakeWorker(FLAG_RECORDS_SYNC_JOB);
  } catch (error) {
    // Interrupted by shutdown, cancelled or failed: the half-built shadow table goes. The queue
    // then retries the job (shutdown) or ends it FAILED and discards the version (onFailed).
    await dropShadowTable(query).catch(() => {});
    throw error;
  }
}

async function pendingVersion(prisma: PrismaClient, detail: CostJobDetail): Promise<CostVersion> {
  const rows = await prisma.costSettings.findMany({
    where: { id: { in: detail.settingIds } },
    include: { createdBy: { select: { id: true, name: true } } },
  });
  const [version] = groupVersions(rows);
  if (!version || rows.length !== detail.settingIds.length) throw new Error("the saved cost settings of this job are gone");
  return version;
}

async function swap(
  prisma: PrismaClient,
  jobId: string,
  detail: CostJobDetail,
  pending: CostVersion,
  computed: ReadonlySet<string>,
  jobContext: MetricsContext,
  fence: Date,
  plan: ShadowPlan,
  hooks: CostRecomputeHooks,
  timing: Record<string, number>,
  /** Filled with the accounts whose orders' conversion the swap rewrote. */
  reconverted: Set<string>,
): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      const query = transactionQuery(tx);
      await lockInputs(query);
      const swapStarted = performance.now();
      // No write to the live table from here on (readers go on): the stale set below is final.
      // Writers that skip the inputs lock (a reassignment, an import chunk) finish first or wait.
      await query(`SET LOCAL lock_timeout = '10s'`, []);
      await query(`LOCK TABLE account_metrics IN SHARE MODE`, []);
      // Also holds the job row, so the job cannot be ended FAILED while its results commit.
      if (!(await holdRunningJobRow(query, jobId))) throw new JobCancelled("the job was marked failed before its results were saved");

      const swapAt = new Date();
      // The model may have been refitted meanwhile: then recompute every account here, with the newest fit.
      const fresh = contextWithCosts(await loadMetricsContext(query, swapAt), pending.default, pending.segments);
      const modelChanged = (fresh.model?.id ?? null) !== (jobContext.model?.id ?? null);
      // Stale = written live since the fence, or new.
      const accounts = await query(
        `SELECT a.id, (m.account_id IS NULL OR m.computed_at >= $1::timestamptz) AS stale
           FROM accounts a LEFT JOIN account_metrics m ON m.account_id = a.id`,
        [fence.toISOString()],
      );
      const redo: string[] = [];
      for (const account of accounts) {
        const id = String(account.id);
        if (!computed.has(id) || account.stale === true || modelChanged) redo.push(id);
      }
      for (let start = 0; start < redo.length; start += BATCH_SIZE) {
        const rows: MetricsRow[] = [];
        for (const account of (await loadMetricsAccounts(query, redo.slice(start, start + BATCH_SIZE))).values()) {
          rows.push(metricsRowOf(account, fresh, swapAt));
        }
        await writeMetrics(query, rows, { table: SHADOW_TABLE });
        for (const id of reconvertedIn(rows)) reconverted.add(id);
      }
      // The copies follow the account (a reassignment, a rename or a segment change during the
      // job wins). Accounts deleted during the job left through the shadow's foreign key.
      await query(
        `UPDATE ${SHADOW_TABLE} n SET owner_id = a.owner_id, segment = a.segment, search_name = lower(a.name)
           FROM accounts a
          WHERE a.id = n.account_id AND (n.owner_id, n.segment, n.search_name) IS DISTINCT FROM (a.owner_id, a.segment, lower(a.name))`,
        [],
      );
      await hooks.insideSwap?.();
      await swapInShadow(query, plan);
      // The flags swapped in (thresholds are cost inputs) get their records in a job enqueued
      // here: it exists exactly when the swap commits, and runs even if this process stops next.
      // Not in this transaction: syncing every account would hold the table's lock meanwhile.
      await requestFlagRecordsSync(tx);
      await tx.costSettings.updateMany({ where: { id: { in: detail.settingIds }, appliedAt: null }, data: { appliedAt: new Date() } });
      // How long live writers waited at most (the exclusive lock) is what swapMs measures.
      const figures = { recomputedInSwap: redo.length, ...timing, swapMs: Math.round(performance.now() - swapStarted) };
      await finishJobRow(tx, jobId, { done: accounts.length, total: accounts.length, detail: figures, result: figures });
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

/** The job failed for good: its pending version is discarded, so nothing of it ever applies. */
async function discardPendingVersion(prisma: PrismaClient, jobId: string, detail: CostJobDetail, message: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const discarded = await tx.costSettings.deleteMany({ where: { id: { in: detail.settingIds ?? [] }, appliedAt: null } });
    const job = await findJobRow(tx, jobId);
    if (discarded.count > 0 && job?.createdById) {
      await recordAudit(tx, {
        actorId: job.createdById,
        action: "settings.recompute_failed",
        entityType: "job",
        entityId: jobId,
        after: { error: message, discardedSettingIds: detail.settingIds },
      });
    }
  });
}

/** The accounts among `rows` whose orders' stored conversion the write changed (decision 0015). */
function reconvertedIn(rows: readonly MetricsRow[]): string[] {
  return rows.filter((row) => row.reporting.purchaseUpdates.length > 0).map((row) => row.accountId);
}

/** Their monthly rollups rewritten from the orders, under their row locks, in one short transaction. */
async function refreshReconverted(db: JobContext<CostJobDetail>["db"], accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.prisma.$transaction((tx) => lockAndRefreshRevenueMonths(transactionQuery(tx), accountIds));
}
