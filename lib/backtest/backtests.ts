// Backtests as background jobs (issue 16): a manager or admin asks for one, the "backtest" job
// computes it (run.ts), its `jobs` row keeps the summary and backtest_accounts the rows behind
// every figure. Only the newest KEEP_RUNS runs keep their rows.
import { getPrisma } from "@/lib/db/client";
import { readDatabase } from "@/lib/db/read-database";
import { runnerQuery, transactionQuery, type Query } from "@/lib/db/sql";
import { BACKTEST_START_LOCK_ID } from "@/lib/db/advisory-locks";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { enqueueJob, wakeWorker, type JobKind } from "@/lib/jobs/queue";
import { activeJobRow, findJobRow, latestJobRow } from "@/lib/jobs/job-rows";
import type { JobView } from "@/lib/jobs/job-view";
import { computeBacktest, type BacktestInput, type BacktestSummary } from "./run";
import { DEFAULT_WINDOW_DAYS, latestCutoff, type BacktestRequest } from "./schema";

export const BACKTEST_JOB = "backtest";
const KEEP_RUNS = 3;

function requireBacktest(actor: Actor, verb: "read" | "write"): void {
  if (!can(actor, verb, "backtest")) throw new Forbidden("Backtests are for managers and admins.");
}

/** Queues a backtest; one runs at a time (a second request while one runs is a 409). */
export async function startBacktest(actor: Actor, request: BacktestRequest): Promise<JobView> {
  requireBacktest(actor, "write");
  const windowDays = request.windowDays ?? DEFAULT_WINDOW_DAYS;
  const cutoff = request.cutoff ? request.cutoff.toISOString().slice(0, 10) : latestCutoff(windowDays);
  // The check and the enqueue hold one lock until commit, so two starts in the same instant queue one job.
  const prisma = await getPrisma();
  const queued = await prisma.$transaction(async (tx) => {
    await transactionQuery(tx)(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${BACKTEST_START_LOCK_ID})`, []);
    if (await activeJobRow(tx, BACKTEST_JOB)) throw new Conflict("A backtest is already running; wait for it to finish.");
    return enqueueJob<BacktestInput>(BACKTEST_JOB, { cutoff, windowDays }, { tx, createdById: actor.id, detail: { cutoff, windowDays } });
  });
  if (!queued?.row) throw new Error("the backtest could not be queued");
  wakeWorker(BACKTEST_JOB);
  return queued.row;
}

export interface BacktestView extends Omit<JobView, "result"> {
  /** The figures once the job succeeded; null while it runs or when it failed. */
  summary: BacktestSummary | null;
}

function viewOf(job: JobView): BacktestView {
  const { result, ...rest } = job;
  return { ...rest, summary: (result as BacktestSummary | null) ?? null };
}

/** The newest backtest (running or done), or null. */
export async function latestBacktest(actor: Actor): Promise<BacktestView | null> {
  requireBacktest(actor, "read");
  const job = await latestJobRow(await getPrisma(), [BACKTEST_JOB]);
  return job ? viewOf(job) : null;
}

export async function getBacktest(actor: Actor, id: string): Promise<BacktestView> {
  requireBacktest(actor, "read");
  const job = await findJobRow(await getPrisma(), id);
  if (!job || job.kind !== BACKTEST_JOB) throw new NotFound("No such backtest.");
  return viewOf(job);
}

export interface BacktestAccountRow {
  accountId: string;
  name: string;
  ownerName: string;
  segment: string;
  pNoOrder: number;
  observedOrders: number;
  flags: Array<{ type: string; subject: string; hit: boolean }>;
}

/** SQL condition per drill-down group (schema.ts backtestGroup); $2 is the flag type where one is named. */
function groupCondition(group: string): { where: string; params: unknown[] } {
  const [kind, a, b] = group.split(":");
  if (kind === "bin") return { where: "b.bin = $2", params: [Number(a)] };
  if (kind === "churn") {
    const flagged = `b.flags @> '[{"type":"churn_risk"}]'::jsonb`;
    if (a === "flagged") return { where: `b.active AND ${flagged}`, params: [] };
    if (a === "hit") return { where: `b.active AND ${flagged} AND b.observed_orders = 0`, params: [] };
    if (a === "missed") return { where: `b.active AND NOT ${flagged} AND b.observed_orders = 0`, params: [] };
    return { where: "b.active", params: [] };
  }
  // flag:<type>:all|hit
  const match = b === "hit" ? `[{"type":"${a}","hit":true}]` : `[{"type":"${a}"}]`;
  return { where: `b.active AND b.flags @> $2::jsonb`, params: [match] };
}

/** The accounts behind one figure of a backtest, highest predicted no-order first; at most `limit`. */
export async function backtestAccounts(
  actor: Actor,
  id: string,
  group: string,
  limit = 200,
): Promise<{ total: number; items: BacktestAccountRow[] }> {
  const backtest = await getBacktest(actor, id);
  const { where, params } = groupCondition(group);
  // On the read replica once it has replayed the finished run's rows.
  const query: Query = runnerQuery(await readDatabase({ after: backtest.finishedAt ?? new Date() }));
  const base = `FROM backtest_accounts b JOIN accounts a ON a.id = b.account_id JOIN users u ON u.id = a.owner_id WHERE b.job_id = $1::uuid AND ${where}`;
  const [count] = await query(`SELECT count(*)::int AS n ${base}`, [id, ...params]);
  const rows = await query(
    `SELECT a.id::text AS id, a.name, u.name AS owner, a.segment, b.p_no_order, b.observed_orders, b.flags
       ${base} ORDER BY b.p_no_order DESC, a.id LIMIT ${Math.max(1, Math.min(500, limit))}`,
    [id, ...params],
  );
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((row) => ({
      accountId: String(row.id),
      name: String(row.name),
      ownerName: String(row.owner),
      segment: String(row.segment),
      pNoOrder: Number(row.p_no_order),
      observedOrders: Number(row.observed_orders),
      flags: (typeof row.flags === "string" ? JSON.parse(row.flags) : row.flags) as BacktestAccountRow["flags"],
    })),
  };
}

export const backtestJob: JobKind<BacktestInput> = {
  name: BACKTEST_JOB,
  tracked: true,
  retryLimit: 1,
  expireInSeconds: 3600,
  async run(ctx) {
    const query = runnerQuery(ctx.db);
    // The history it reads is older than the cutoff's window, so a replica's seconds of lag do not matter.
    const read = runnerQuery(await readDatabase({ primary: ctx.db }));
    const summary = await computeBacktest(query, ctx.jobId, ctx.data, { progress: ctx.progress, pace: ctx.pace }, read);
    // Keep the rows of the newest runs only (this one included).
    await query(
      `DELETE FROM backtest_accounts WHERE job_id IN (
         SELECT id FROM jobs WHERE kind = $1 AND id <> $2::uuid ORDER BY created_at DESC OFFSET $3)`,
      [BACKTEST_JOB, ctx.jobId, KEEP_RUNS - 1],
    );
    return summary;
  },
  async onFailed({ jobId, db }) {
    await runnerQuery(db)(`DELETE FROM backtest_accounts WHERE job_id = $1::uuid`, [jobId]);
  },
};
