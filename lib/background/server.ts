// The app server's side of the job system: on start, the queue, the shutdown hook that drains
// it before the database closes, and, unless JOB_WORKERS=off hands them to `npm run worker`
// processes (./worker-cli.ts), a worker for every kind plus the catch-ups.
import type { Database } from "@/lib/db/client";
import { database } from "@/lib/db/client";
import { beforeDatabaseCloses, installGracefulShutdown } from "@/lib/db/shutdown";
import { env } from "@/lib/env";
import { catchUpAsOf } from "@/lib/metrics/jobs";
import { catchUpFlagRecords } from "@/lib/flag-records/sync-job";
import { catchUpReconvert } from "@/lib/fx-rates/reconvert-job";
import { JOB_KINDS } from "./kinds";
import { startJobQueue, stopJobQueue } from "@/lib/jobs/queue";

export async function startServerJobs(): Promise<{ catchUp: boolean }> {
  installGracefulShutdown();
  const db = await openQueueDatabase();
  if (env().JOB_WORKERS === "off") {
    // Enqueues only: the jobs, their schedules and the catch-ups are the worker processes'.
    await startJobQueue(db, JOB_KINDS, { work: false });
    console.info(`job workers off in process ${process.pid} (JOB_WORKERS=off): npm run worker runs the jobs`);
    return { catchUp: false };
  }
  return startJobWorkers(db);
}

/** The database, with the queue drained before it closes at shutdown. */
export async function openQueueDatabase(): Promise<Database> {
  // Running jobs stop at their next batch and run again on the next start; 8 s stays inside
  // the 10 s a supervisor (Playwright, systemd defaults are longer) gives a stopping server.
  beforeDatabaseCloses(() => stopJobQueue({ timeoutMs: 8_000 }));
  return database();
}

/**
 * A worker for every kind (pg-boss gives each job to one worker across processes), then the
 * catch-ups: metrics older than today are recomputed at once, and flags stored without their
 * records (written before every writer synced them) get them, both in the background.
 */
export async function startJobWorkers(db: Database): Promise<{ catchUp: boolean }> {
  await startJobQueue(db, JOB_KINDS);
  // Only asks for the job (one query); the recompute itself runs in the background.
  const catchUp = await catchUpAsOf(db).catch((error: unknown) => {
    console.error("as-of catch-up failed:", error);
    return false;
  });
  await catchUpFlagRecords(db).catch((error: unknown) => console.error("flag records catch-up failed:", error));
  // Rates written while no worker ran (or before this version): their accounts are re-converted.
  if (!catchUp) await catchUpReconvert(db).catch((error: unknown) => console.error("currency re-conversion catch-up failed:", error));
  return { catchUp };
}
