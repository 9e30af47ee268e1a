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
import { database, type Database } from "@/lib/db/client";
import { METRICS_INPUTS_LOCK_ID } from "@/lib/db/advisory-locks";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { loadMetricsContext, type MetricsContext } from "@/lib/metrics/context";
import { metricsRowOf, runnerQuery, transactionQuery } from "@/lib/metrics/recompute";
import {
  accountIdBatches,
  countAccounts,
  loadMetricsAccounts,
  prefetchedAccounts,
  writeMetrics,
  writeMetricsOfExistingAccounts,
  type MetricsRow,
  type Query,
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
import { COST_RECOMPUTE_JOB, STALE_HEARTBEAT_MS } from "@/lib/jobs/job-view";
import { contextWithCosts, groupVersions, type CostVersion } from "./versions";

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

interface JobState {
  running: Promise<void> | null;
  jobId: string | null;
}
const state = ((globalThis as unknown as { __ltvCostRecompute?: JobState }).__ltvCostRecompute ??= { running: null, jobId: null });

/** Starts the job in this process (one at a time; the database refuses a second save meanwhile). */
export function startCostRecompute(jobId: string, hooks: CostRecomputeHooks = {}): Promise<void> {
  const previous = state.running ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(() => database())
    .then((db) => runCostRecompute(db, jobId, hooks))
    .catch((error: unknown) => console.error("cost recompute failed:", error))
    .finally(() => {
      if (state.running === run) {
        state.running = null;
        state.jobId = null;
      }
    });
  state.running = run;
  state.jobId = jobId;
  return run;
}

/** Resolves when no cost recompute is running in this process (tests and shutdown). */
export async function whenCostRecomputeIdle(): Promise<void> {
  while (state.running) await state.running;
}

const lockInputs = (query: Query) => query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${METRICS_INPUTS_LOCK_ID})`, []);

function isRetryable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ""}` : String(error);
  // 55P03: the swap gave up waiting for its table lock (lock_timeout); the next attempt waits again.
  return /deadlock|40P01|40001|P2034|55P03|lock timeout|could not serialize/i.test(text);
}

class JobCancelled extends Error {}

async function runCostRecompute(db: Database, jobId: string, hooks: CostRecomputeHooks): Promise<void> {
  const prisma = db.prisma;
  const query = runnerQuery(db);
  const job = await prisma.job.findUnique({ where: { id: jobId } });
  if (!job || job.status !== "QUEUED") return;
  const detail = job.detail as unknown as CostJobDetail;
  try {
    const started = await prisma.job.updateMany({
      where: { id: jobId, status: "QUEUED" },
      data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date() },
    });
    if (started.count === 0) return;

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
    const total = await countAccounts(query);
    await prisma.job.update({ where: { id: jobId }, data: { total, heartbeatAt: new Date() } });
    const computed = new Set<string>();
    for await (const { ids, accounts } of prefetchedAccounts(query, accountIdBatches(query, BATCH_SIZE))) {
      await hooks.afterBatchRead?.(ids);
      const rows: MetricsRow[] = [];
      for (const account of accounts.values()) {
        computed.add(account.accountId);
        rows.push(metricsRowOf(account, context, asOf));
      }
      await writeMetricsOfExistingAccounts(query, rows, { table: SHADOW_TABLE });
      const alive = await prisma.job.updateMany({
        where: { id: jobId, status: "RUNNING" },
        // Progress stays below the total until the swap commits.
        data: { done: Math.min(computed.size, Math.max(total - 1, 0)), heartbeatAt: new Date() },
      });
      if (alive.count === 0) throw new JobCancelled("the job was marked failed while it ran");
    }

    await buildShadowIndexes(query, plan);
    const timing = { computeMs: Math.round(performance.now() - computeStarted) };
    await hooks.beforeSwap?.();
    for (let attempt = 1; ; attempt++) {
      try {
        await swap(prisma, jobId, detail, pending, computed, context, fence, plan, hooks, timing);
        break;
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw error;
      }
    }
    // The job has succeeded; a row that failed its foreign key would be a bug, reported here.
    await finishSwap(query, plan).catch((error: unknown) => console.error("after the cost swap:", error));
  } catch (error) {
    await dropShadowTable(query).catch(() => {});
    await failJob(prisma, jobId, detail, error instanceof Error ? error.message : String(error), job.createdById);
    if (!(error instanceof JobCancelled)) throw error;
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
  timing: { computeMs: number },
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
      // Also holds the job row: a stale-job check waits for this commit instead of failing a live job.
      const alive = await query(
        `UPDATE jobs SET heartbeat_at = now() WHERE id = $1::uuid AND status = 'RUNNING' RETURNING id`,
        [jobId],
      );
      if (alive.length === 0) throw new JobCancelled("the job was marked failed before its results were saved");

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
      await tx.costSettings.updateMany({ where: { id: { in: detail.settingIds }, appliedAt: null }, data: { appliedAt: new Date() } });
      await tx.job.update({
        where: { id: jobId },
        data: {
          status: "SUCCEEDED",
          done: accounts.length,
          total: accounts.length,
          finishedAt: new Date(),
          heartbeatAt: new Date(),
          // How long live writers waited at most (the exclusive lock) is what swapMs measures.
          detail: { ...detail, recomputedInSwap: redo.length, ...timing, swapMs: Math.round(performance.now() - swapStarted) } as unknown as Prisma.InputJsonValue,
        },
      });
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}

/** Marks the job failed and discards its pending version: nothing of it ever applies. */
async function failJob(prisma: PrismaClient, jobId: string, detail: CostJobDetail, message: string, actorId: string | null): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const failed = await tx.job.updateMany({
      where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", error: message, finishedAt: new Date() },
    });
    await tx.costSettings.deleteMany({ where: { id: { in: detail.settingIds ?? [] }, appliedAt: null } });
    if (failed.count > 0 && actorId) {
      await recordAudit(tx, {
        actorId,
        action: "settings.recompute_failed",
        entityType: "job",
        entityId: jobId,
        after: { error: message, discardedSettingIds: detail.settingIds },
      });
    }
    return failed.count > 0;
  });
}

/**
 * A cost recompute whose heartbeat stopped (the server died mid-job) is reported
 * failed and its pending version discarded, so the admin can save again.
 */
export async function failStaleCostJobs(prisma: PrismaClient, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - STALE_HEARTBEAT_MS);
  const stale = await prisma.job.findMany({
    where: {
      kind: COST_RECOMPUTE_JOB,
      status: { in: ["QUEUED", "RUNNING"] },
      OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, createdAt: { lt: cutoff } }],
    },
  });
  let failed = 0;
  for (const job of stale) {
    const ok = await prisma.$transaction(async (tx) => {
      // Re-checked under the row lock: a swap that is committing holds it and wins.
      const marked = await tx.job.updateMany({
        where: {
          id: job.id,
          status: { in: ["QUEUED", "RUNNING"] },
          OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, createdAt: { lt: cutoff } }],
        },
        data: { status: "FAILED", error: "The server stopped while recomputing; nothing was applied. Save again.", finishedAt: now },
      });
      if (marked.count === 0) return false;
      const detail = job.detail as unknown as CostJobDetail;
      await tx.costSettings.deleteMany({ where: { id: { in: detail.settingIds ?? [] }, appliedAt: null } });
      return true;
    });
    if (ok) {
      failed += 1;
      // Its half-built shadow table goes too (no job is running: this one's process is gone). A
      // request waits for this, so one try; the next job drops what is left.
      await dropShadowTable((sql, params) => prisma.$queryRawUnsafe(sql, ...params), 1).catch(() => {});
    }
  }
  return failed;
}
