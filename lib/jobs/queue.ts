// One job system for every background task (decision 0007): pg-boss queues in the
// app's own database, reached through PGlite's one connection or a small pool of
// its own on a server. pg-boss decides where and when a job runs: one worker per
// job across every app instance, a retry on another instance when the worker dies
// (its heartbeat stops), cron schedules that fire once across instances. Each kind
// of job is declared once (lib/background/kinds.ts) with its handler, retry policy and
// what to undo when it fails for good; tracked kinds keep their status and progress
// in the `jobs` table (lib/jobs/job-rows.ts), the one place the UI reads.
//
// Features enqueue through this module; only lib/background/kinds.ts knows the features.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { PgBoss, fromPglite, fromPrisma, type Job } from "pg-boss";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { claimJobRow, createJobRow, failJobRow, finishJobRow, reportJobProgress } from "./job-rows";
import type { JobView } from "./job-view";

/** Queue of jobs whose retries ran out (worker died every time): marked FAILED, then undone. */
export const JOBS_FAILED_QUEUE = "jobs-failed";
const BOSS_SCHEMA = "pgboss";

export interface JobContext<Data> {
  /** The pg-boss job id, and the `jobs` row id of a tracked kind. */
  jobId: string;
  data: Data;
  /** 0 on the first run; n after n workers died running it. */
  attempt: number;
  db: Database;
  /** Aborted when this process shuts down or the job's claim was lost. */
  signal: AbortSignal;
  /** Stores progress; throws JobCancelled when the row was ended elsewhere (a newer preview replaced it). */
  progress(done: number, total: number): Promise<void>;
  /**
   * Between chunks: gives live requests the database. On PGlite (one connection) the job
   * waits as long as it just worked, so a request never queues behind more than one chunk;
   * throws JobInterrupted at shutdown so the job is retried on the next start.
   */
  pace(): Promise<void>;
}

export interface JobKind<Data extends object = object> {
  name: string;
  /** Keeps a `jobs` row (status, progress, result) that the UI reads. */
  tracked: boolean;
  /** Retries after the worker died (or the process stopped mid-job); a handler's own error is final. */
  retryLimit: number;
  /** Longest a run may stay active. */
  expireInSeconds: number;
  /** pg-boss queue policy: "stately" keeps at most one queued and one running. */
  policy?: "standard" | "singleton" | "stately";
  run(ctx: JobContext<Data>): Promise<unknown>;
  /** The job ended FAILED (its handler threw, or its retries ran out): undo what it left. */
  onFailed?(failure: { jobId: string; data: Data; db: Database; error: string }): Promise<void>;
  /** Cron schedule in a time zone (pg-boss's scheduler fires it once across instances). */
  schedule?: () => { cron: string; tz: string } | null;
}

/** Thrown by a run whose `jobs` row was ended elsewhere: it stops quietly. */
export class JobCancelled extends Error {}
/** Thrown by a run cut short by shutdown: pg-boss runs it again on the next start. */
export class JobInterrupted extends Error {}

interface QueueState {
  boss: PgBoss | null;
  starting: Promise<PgBoss> | null;
  db: Database | null;
  kinds: Map<string, JobKind<never>>;
  workerIds: Map<string, string>;
  running: Set<Promise<unknown>>;
  /** Enqueues under way (whenJobsIdle waits for them: a job asked for just before must count). */
  enqueuing: Set<Promise<unknown>>;
  controllers: Set<AbortController>;
  stopping: boolean;
}

const state: QueueState = ((globalThis as unknown as { __ltvJobQueue?: QueueState }).__ltvJobQueue ??= {
  boss: null,
  starting: null,
  db: null,
  kinds: new Map(),
  workerIds: new Map(),
  running: new Set(),
  enqueuing: new Set(),
  controllers: new Set(),
  stopping: false,
});
// A state made by an older copy of this module (a dev hot reload) lacks the newer fields.
state.enqueuing ??= new Set();

export interface StartQueueOptions {
  /** Run workers for the kinds in this process (default true). */
  work?: boolean;
  /** Seconds between polls for new jobs (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Seconds between checks for jobs whose worker died. */
  superviseIntervalSeconds?: number;
  /** Seconds without a heartbeat after which a running job counts as dead (pg-boss's minimum is 10). */
  heartbeatSeconds?: number;
}

function bossFor(db: Database, opts: StartQueueOptions): PgBoss {
  const common = {
    schema: BOSS_SCHEMA,
    superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 10,
    monitorIntervalSeconds: opts.superviseIntervalSeconds ?? 10,
  };
  return db.queue.kind === "pglite"
    ? new PgBoss({ ...common, db: fromPglite(db.queue.client), backend: "pglite" })
    : new PgBoss({ ...common, connectionString: db.queue.url, max: 3, application_name: "ltv-crm jobs" });
}

/**
 * Starts the queue on `db` and, unless `work` is false, a worker for each kind. Later calls
 * return the running queue. Starting creates pg-boss's own schema on first use.
 */
export async function startJobQueue(db: Database, kinds: ReadonlyArray<JobKind<never>>, opts: StartQueueOptions = {}): Promise<PgBoss> {
  if (state.starting && state.db === db) return state.starting;
  if (state.starting) await stopJobQueue();
  state.db = db;
  state.stopping = false;
  state.starting = (async () => {
    const boss = bossFor(db, opts);
    boss.on("error", (error) => console.error("job queue:", error instanceof Error ? error.message : error));
    await boss.start();
    const heartbeatSeconds = opts.heartbeatSeconds ?? 30;
    await ensureQueue(boss, JOBS_FAILED_QUEUE, { retryLimit: 3 });
    for (const kind of kinds) {
      state.kinds.set(kind.name, kind);
      await ensureQueue(boss, kind.name, {
        policy: kind.policy ?? "standard",
        retryLimit: kind.retryLimit,
        expireInSeconds: kind.expireInSeconds,
        heartbeatSeconds,
        deadLetter: JOBS_FAILED_QUEUE,
      });
    }
    if (opts.work ?? true) {
      const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 };
      for (const kind of kinds) {
        state.workerIds.set(kind.name, await boss.work(kind.name, polling, (jobs) => track(handle(kind, jobs))));
        const schedule = kind.schedule?.();
        if (schedule) await boss.schedule(kind.name, schedule.cron, {}, { tz: schedule.tz });
        else await boss.unschedule(kind.name).catch(() => {});
      }
      state.workerIds.set(JOBS_FAILED_QUEUE, await boss.work(JOBS_FAILED_QUEUE, polling, (jobs) => track(handleDeadLetters(jobs))));
    }
    state.boss = boss;
    return boss;
  })().catch((error) => {
    state.starting = null;
    state.db = null;
    throw error;
  });
  return state.starting;
}

async function ensureQueue(boss: PgBoss, name: string, options: Record<string, unknown>): Promise<void> {
  const existing = await boss.getQueue(name);
  if (!existing) await boss.createQueue(name, options);
  else {
    const { policy: _policy, heartbeatSeconds: _heartbeat, deadLetter, ...changeable } = options;
    await boss.updateQueue(name, { ...changeable, ...(deadLetter ? { deadLetter: deadLetter as string } : {}) });
  }
}

function track<T>(promise: Promise<T>): Promise<T> {
  state.running.add(promise);
  void promise.catch(() => {}).finally(() => state.running.delete(promise));
  return promise;
}

function pacer(db: Database, signal: AbortSignal): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (state.stopping || signal.aborted) throw new JobInterrupted("the server is stopping; the job runs again on the next start");
    const worked = performance.now() - since;
    if (db.kind === "pglite") await sleep(Math.min(500, Math.max(5, worked)));
    else await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(kind: JobKind<never>, jobs: Array<Job<unknown>>): Promise<void> {
  const db = state.db;
  if (!db) throw new JobInterrupted("the job queue is closed");
  for (const job of jobs) {
    const controller = new AbortController();
    state.controllers.add(controller);
    const signal = AbortSignal.any([controller.signal, ...(job.signal ? [job.signal] : [])]);
    const jobId = job.id;
    const data = job.data as never;
    try {
      if (kind.tracked && !(await claimJobRow(db.prisma, jobId))) continue;
      // One line per run, so an operator (and the two-instance test) can tell which process ran what.
      console.info(`job ${kind.name} ${jobId} started (attempt ${job.retryCount ?? 0}) in process ${process.pid}`);
      const result = await kind.run({
        jobId,
        data,
        attempt: job.retryCount ?? 0,
        db,
        signal,
        pace: pacer(db, signal),
        async progress(done, total) {
          if (kind.tracked && !(await reportJobProgress(db.prisma, jobId, done, total)))
            throw new JobCancelled("the job was ended elsewhere");
        },
      });
      if (kind.tracked) await finishJobRow(db.prisma, jobId, result === undefined ? {} : { result });
    } catch (error) {
      if (error instanceof JobCancelled) continue;
      // Shutdown: pg-boss records the failure as a retry and runs the job again on the next start.
      if (error instanceof JobInterrupted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`job ${kind.name} ${jobId} failed:`, error);
      await endFailed(kind, jobId, data, message);
      // A handler's error is final, not retried: the job is done with, as FAILED.
    } finally {
      state.controllers.delete(controller);
    }
  }
}

async function endFailed(kind: JobKind<never>, jobId: string, data: never, message: string): Promise<void> {
  const db = state.db;
  if (!db) return;
  if (kind.tracked) await failJobRow(db.prisma, jobId, message);
  await kind.onFailed?.({ jobId, data, db, error: message });
}

async function handleDeadLetters(jobs: Array<Job<unknown>>): Promise<void> {
  for (const job of jobs) {
    const { kind: kindName, jobId } = job.data as { kind?: string; jobId?: string };
    const kind = kindName ? state.kinds.get(kindName) : undefined;
    if (!kind || !jobId) continue;
    await endFailed(kind, jobId, job.data as never, "The server running this job stopped each time it tried; nothing of it was applied.");
  }
}

export interface EnqueueOptions {
  /** Enqueue inside the caller's transaction: the job exists exactly when the transaction commits. */
  tx?: Prisma.TransactionClient;
  /** A fixed id (a day's as-of job): a second enqueue of the same id is a no-op. */
  id?: string;
  createdById?: string | null;
  /** Stored on the `jobs` row of a tracked kind. */
  detail?: unknown;
}

/**
 * Enqueues a job of `kind`; for a tracked kind also creates its `jobs` row (same id).
 * Returns the row (tracked) or the id; null when the queue refused it (a "stately"
 * queue that already has one waiting, or an id that exists).
 */
export async function enqueueJob<Data extends object>(
  kind: string,
  data: Data,
  opts: EnqueueOptions = {},
): Promise<{ id: string; row: JobView | null } | null> {
  // Registered before the first await: a caller that fired this and returned (a refit asked for
  // after an order) has it counted by whenJobsIdle even before its transaction commits.
  const enqueuing = send(kind, data, opts);
  state.enqueuing.add(enqueuing);
  try {
    return await enqueuing;
  } finally {
    state.enqueuing.delete(enqueuing);
  }
}

async function send<Data extends object>(
  kind: string,
  data: Data,
  opts: EnqueueOptions,
): Promise<{ id: string; row: JobView | null } | null> {
  const boss = await jobQueue();
  const id = opts.id ?? randomUUID();
  const tracked = state.kinds.get(kind)?.tracked ?? TRACKED_WITHOUT_WORKERS.has(kind);
  const sendIn = async (tx: Prisma.TransactionClient) => {
    const sent = await boss.send(kind, { ...data, kind, jobId: id }, { id, db: fromPrisma(tx) });
    if (!sent) return null;
    const row = tracked ? await createJobRow(tx, { id, kind, createdById: opts.createdById, detail: opts.detail }) : null;
    return { id, row };
  };
  const queued = opts.tx ? await sendIn(opts.tx) : await (await requireDb()).prisma.$transaction((tx) => sendIn(tx));
  if (queued && !opts.tx) wakeWorker(kind);
  return queued;
}

/** Nudges this process's worker for `kind` (after the transaction that enqueued commits). */
export function wakeWorker(kind: string): void {
  const workerId = state.workerIds.get(kind);
  if (workerId && state.boss) state.boss.notifyWorker(workerId);
}

/** A UUID fixed by its name (one as-of job per day, whichever instance asks first). */
export function namedJobId(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Kinds whose rows are tracked, for a process that enqueues before any queue registered
// the kinds (queue.ts cannot import kinds.ts: the kinds import this module). Kept in
// step with lib/background/kinds.ts by lib/background/kinds.test.ts.
export const TRACKED_WITHOUT_WORKERS = new Set(["model-refit", "metrics-as-of", "cost-preview", "cost-recompute", "backtest"]);

async function requireDb(): Promise<Database> {
  if (state.db) return state.db;
  const { database } = await import("@/lib/db/client");
  return database();
}

/** The running queue; started without workers on the process database when nothing started it. */
export async function jobQueue(): Promise<PgBoss> {
  if (state.starting) return state.starting;
  return startJobQueue(await requireDb(), [], { work: false });
}

/** Is a job of `kind` waiting or running anywhere (any instance)? */
export async function pendingJobCount(kinds?: string[]): Promise<number> {
  const boss = await jobQueue();
  const names = kinds ?? [...state.kinds.keys(), JOBS_FAILED_QUEUE];
  const { rows } = await boss
    .getDb()
    .executeSql(
      `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active')`,
      [names],
    );
  return Number((rows[0] as { n: number } | undefined)?.n ?? 0);
}

/**
 * Resolves when no job of this process's kinds waits or runs (tests; the benchmark). A job
 * whose worker died stays "active" until its heartbeat expires, so a test of that waits too.
 */
export async function whenJobsIdle(opts: { timeoutMs?: number } = {}): Promise<void> {
  if (!state.starting) return;
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    await Promise.allSettled([...state.enqueuing, ...state.running]);
    if (state.enqueuing.size === 0 && state.running.size === 0 && (await pendingJobCount()) === 0 && state.running.size === 0) return;
    if (Date.now() > deadline) throw new Error("background jobs still running after the timeout");
    for (const workerId of state.workerIds.values()) state.boss?.notifyWorker(workerId);
    await sleep(50);
  }
}

/**
 * Stops the queue: running handlers are asked to stop at their next chunk (they are retried
 * on the next start), and pg-boss waits up to `timeoutMs` for them before it closes.
 */
export async function stopJobQueue(opts: { timeoutMs?: number } = {}): Promise<void> {
  const starting = state.starting;
  if (!starting) return;
  state.stopping = true;
  for (const controller of state.controllers) controller.abort();
  const boss = await starting.catch(() => null);
  await boss
    ?.stop({ graceful: true, timeout: opts.timeoutMs ?? 20_000, close: true })
    .catch((error: unknown) => console.error("stopping the job queue:", error));
  await Promise.allSettled([...state.running]);
  state.boss = null;
  state.starting = null;
  state.db = null;
  state.kinds.clear();
  state.workerIds.clear();
}
