// The metrics feature's background jobs (declared here, registered in lib/background/kinds.ts):
// - model refit: after MODEL_REFIT_AFTER_PURCHASES saved orders, or an admin's request;
// - as-of recompute: every account as of today, once a day (DAILY_RECOMPUTE_CRON in
//   APP_TIME_ZONE) and at start when the oldest account is as of an earlier day, so P(alive),
//   expected purchases, predicted CLV, "days since" and the flags move with the calendar
//   while nothing is written (silence is what churn looks like).
// Both refit the model and rewrite every account in paced batches; a request never waits.
import { env } from "@/lib/env";
import { dayInZone, startOfDayInZone } from "@/lib/days";
import { runnerQuery } from "@/lib/db/sql";
import { database, getPrisma, type Database } from "@/lib/db/client";
import { enqueueJob, namedJobId, type JobContext, type JobKind } from "@/lib/jobs/queue";
import { activeJobRow, latestJobRow } from "@/lib/jobs/job-rows";
import type { JobView } from "@/lib/jobs/job-view";
import { recomputeAllMetrics, type RecomputeAllResult } from "./recompute";
import { vacuumTalliesWhenDue } from "./tallies";

export const MODEL_REFIT_JOB = "model-refit";
export const METRICS_AS_OF_JOB = "metrics-as-of";
/** The cron tick: it only enqueues that day's as-of job (so a day has one, whichever instance asks). */
export const METRICS_AS_OF_TICK = "metrics-as-of-tick";

/** What a refit or as-of job reports when it is done (its `jobs` row's result). */
export interface RecomputeJobResult extends RecomputeAllResult {
  asOf: string;
  asOfDay: string;
}

/** Batches on PGlite are small: a live request waits for at most one of them. */
const batchSizeFor = (db: Database) => (db.kind === "pglite" ? 50 : 1000);

async function recomputeAsOfNow(ctx: JobContext<object>): Promise<RecomputeJobResult> {
  const asOf = new Date();
  const result = await recomputeAllMetrics(ctx.db, {
    asOf,
    batchSize: batchSizeFor(ctx.db),
    onProgress: (done, total) => ctx.progress(done, total),
    pace: ctx.pace,
    signal: ctx.signal,
    // Orders do not change in this pass: only accounts whose conversion did need their months again.
    revenueMonths: "converted",
  });
  return { ...result, asOf: asOf.toISOString(), asOfDay: dayInZone(asOf, env().APP_TIME_ZONE) };
}

export const modelRefitJob: JobKind<object> = {
  name: MODEL_REFIT_JOB,
  tracked: true,
  retryLimit: 2,
  expireInSeconds: 3600,
  // At most one waiting: a burst of orders asks for one refit, not one per 200 orders.
  policy: "stately",
  run: recomputeAsOfNow,
};

export const metricsAsOfJob: JobKind<{ day?: string }> = {
  name: METRICS_AS_OF_JOB,
  tracked: true,
  retryLimit: 3,
  expireInSeconds: 3600,
  run: recomputeAsOfNow,
};

export const metricsAsOfTick: JobKind<object> = {
  name: METRICS_AS_OF_TICK,
  tracked: false,
  retryLimit: 2,
  expireInSeconds: 300,
  run: async () => {
    await requestAsOfRecompute();
  },
  schedule: () => {
    const { DAILY_RECOMPUTE_CRON, APP_TIME_ZONE } = env();
    return DAILY_RECOMPUTE_CRON === "off" ? null : { cron: DAILY_RECOMPUTE_CRON, tz: APP_TIME_ZONE };
  },
};

/**
 * Enqueues today's as-of recompute (today in APP_TIME_ZONE). The job's id is fixed by the
 * day, so two instances (or the schedule and a restart) asking on the same day make one job.
 */
export async function requestAsOfRecompute(now = new Date()): Promise<{ id: string; row: JobView | null } | null> {
  const day = dayInZone(now, env().APP_TIME_ZONE);
  return enqueueJob(METRICS_AS_OF_JOB, { day }, { id: namedJobId(`${METRICS_AS_OF_JOB}:${day}`) });
}

/**
 * At start: when any account's metrics are as of an earlier day than today, today's as-of
 * recompute runs at once (in the background). Returns whether it was asked for.
 */
export async function catchUpAsOf(db: Database, now = new Date()): Promise<boolean> {
  const startOfToday = startOfDayInZone(dayInZone(now, env().APP_TIME_ZONE), env().APP_TIME_ZONE);
  const [row] = await runnerQuery(db)(`SELECT min(computed_at) AS oldest FROM account_metrics`, []);
  const oldest = row?.oldest ? new Date(row.oldest as string) : null;
  if (!oldest || oldest >= startOfToday) return false;
  await requestAsOfRecompute(now);
  return true;
}

// Saved orders since the last refit was asked for, in this process. Approximate across
// instances on purpose: it only decides when the model is refitted, never a figure.
const writes = ((globalThis as unknown as { __ltvWritesSinceRefit?: { count: number } }).__ltvWritesSinceRefit ??= { count: 0 });

export function noteMetricsWrite(): void {
  noteMetricsWrites(1);
}

/** Counts several committed writes at once (a CSV import): at most one refit is asked for. */
export function noteMetricsWrites(count: number): void {
  if (count <= 0) return;
  // The ranking tallies' log is vacuumed as writes go on (tallies.ts), in the background.
  database()
    .then((db) => vacuumTalliesWhenDue(runnerQuery(db), count))
    .catch((error: unknown) => console.error("could not vacuum metrics_tallies:", error));
  writes.count += count;
  if (writes.count < env().MODEL_REFIT_AFTER_PURCHASES) return;
  writes.count = 0;
  requestRefit(null).catch((error: unknown) => console.error("could not ask for a model refit:", error));
}

/** Asks for a refit; answers the waiting or running one when one is already asked for. */
export async function requestRefit(actorId: string | null): Promise<JobView | null> {
  const queued = await enqueueJob(MODEL_REFIT_JOB, {}, { createdById: actorId });
  if (queued?.row) return queued.row;
  return activeJobRow(await getPrisma(), MODEL_REFIT_JOB);
}

/** The latest refit or as-of recompute (running, or the last to end), for the admin page. */
export async function lastRecompute(): Promise<JobView | null> {
  return latestJobRow(await getPrisma(), [MODEL_REFIT_JOB, METRICS_AS_OF_JOB]);
}
