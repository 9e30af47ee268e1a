// The background job that applies a saved cost-settings version: every account computed with
// the pending inputs into a shadow copy of account_metrics, then swapped in by ONE transaction
// that also marks the version applied (lib/metrics/shadow-pass.ts): readers see all-old or
// all-new, never a mix, and live writers wait well under a second instead of for a rewrite of
// every row. Live writers (recomputeAccountMetrics) hold METRICS_INPUTS_LOCK_ID shared and the
// swap holds it exclusively, so a live write either lands before the swap (which recomputes that
// account with the new inputs) or waits for it (and then reads the new inputs).
import { runnerQuery, transactionQuery } from "@/lib/db/sql";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadMetricsContext, type MetricsContext } from "@/lib/metrics/context";
import { lockAndRefreshRevenueMonths } from "@/lib/metrics/revenue-months";
import { dropShadowTable } from "@/lib/metrics/shadow-table";
import { reconvertedIn, runShadowPass, withMetricsPassLock, type ShadowPassHooks } from "@/lib/metrics/shadow-pass";
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
export type CostRecomputeHooks = ShadowPassHooks;

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
    // Its shadow table, if a dead worker left one; under the pass lock, so never another pass's.
    await withMetricsPassLock(db, () => dropShadowTable(runnerQuery(db))).catch(() => {});
    await discardPendingVersion(db.prisma, jobId, data, error);
  },
};

async function runCostRecompute(ctx: JobContext<CostJobDetail>, hooks: CostRecomputeHooks): Promise<void> {
  const { db, jobId, data: detail } = ctx;
  // One pass over every account at a time: a daily recompute or refit under way finishes first.
  await withMetricsPassLock(
    db,
    async () => {
      const asOf = new Date();
      const pending = await pendingVersion(db.prisma, detail);
      const withPending = (context: MetricsContext) => contextWithCosts(context, pending.default, pending.segments);
      await runShadowPass(db, {
        asOf,
        context: withPending(await loadMetricsContext(runnerQuery(db), asOf)),
        swapContext: async (query, at) => withPending(await loadMetricsContext(query, at)),
        batchSize: db.kind === "pglite" ? 50 : BATCH_SIZE,
        progress: (done, total) => ctx.progress(done, total),
        pace: ctx.pace,
        hooks,
        // writeMetrics also rewrote the live orders' conversions that were out of date: their monthly rollups follow.
        afterBatch: (rows) => refreshReconverted(db, reconvertedIn(rows)),
        inSwap: async (tx, figures) => {
          // Holds the job row, so the job cannot be ended FAILED while its results commit.
          if (!(await holdRunningJobRow(transactionQuery(tx), jobId))) {
            throw new JobCancelled("the job was marked failed before its results were saved");
          }
          // The flags swapped in (thresholds are cost inputs) get their records in a job enqueued
          // here: it exists exactly when the swap commits, and runs even if this process stops next.
          // Not in this transaction: syncing every account would hold the table's lock meanwhile.
          await requestFlagRecordsSync(tx);
          await tx.costSettings.updateMany({ where: { id: { in: detail.settingIds }, appliedAt: null }, data: { appliedAt: new Date() } });
          await finishJobRow(tx, jobId, {
            done: figures.accounts,
            total: figures.accounts,
            detail: { ...figures },
            result: { ...figures },
          });
        },
      });
    },
    ctx.signal,
  );
  wakeWorker(FLAG_RECORDS_SYNC_JOB);
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

/** Their monthly rollups rewritten from the orders, under their row locks, in one short transaction. */
async function refreshReconverted(db: JobContext<CostJobDetail>["db"], accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await db.prisma.$transaction((tx) => lockAndRefreshRevenueMonths(transactionQuery(tx), accountIds));
}
