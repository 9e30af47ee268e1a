// The app server's side of the job system: on start, the queue with a worker for every
// kind, the shutdown hook that drains it before the database closes, and the catch-ups:
// metrics older than today are recomputed at once, and flags stored without their records
// (written before every writer synced them) get them, both in the background.
import { database } from "@/lib/db/client";
import { beforeDatabaseCloses, installGracefulShutdown } from "@/lib/db/shutdown";
import { catchUpAsOf } from "@/lib/metrics/jobs";
import { catchUpFlagRecords } from "@/lib/flag-records/sync-job";
import { catchUpReconvert } from "@/lib/fx-rates/reconvert-job";
import { JOB_KINDS } from "./kinds";
import { startJobQueue, stopJobQueue } from "@/lib/jobs/queue";

export async function startServerJobs(): Promise<{ catchUp: boolean }> {
  installGracefulShutdown();
  // Running jobs stop at their next batch and run again on the next start; 8 s stays inside
  // the 10 s a supervisor (Playwright, systemd defaults are longer) gives a stopping server.
  beforeDatabaseCloses(() => stopJobQueue({ timeoutMs: 8_000 }));
  const db = await database();
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
