// Database tests' common setup: a throw-away database (PGlite in memory, or a new
// database on the server named by DATABASE_URL) holding the sales fixture, made the
// process's database for the suite with the job queue running on it, and closed after
// it once the background jobs a test may have started (refit, cost recompute, import)
// have finished.
import { afterAll, beforeAll } from "vitest";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { openTestDatabase } from "@/lib/db/testing";
import { JOB_KINDS } from "@/lib/background/kinds";
import { startJobQueue, stopJobQueue, whenJobsIdle } from "@/lib/jobs/queue";
import { createSalesFixture, type SalesFixture } from "./fixtures";

export interface FixtureDatabase {
  db: Database;
  fx: SalesFixture;
}

/** The job queue for a test database: fast polling, so tests do not wait on it. */
export async function startTestJobQueue(db: Database): Promise<void> {
  await startJobQueue(db, JOB_KINDS, { pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1, heartbeatSeconds: 10 });
}

/** Waits for the queue's jobs, stops it, then closes the database. */
export async function closeTestDatabase(db: Database | undefined): Promise<void> {
  await whenJobsIdle().catch((error: unknown) => console.error(error));
  await stopJobQueue();
  await db?.close();
  await closeDatabase().catch(() => {});
}

export function useFixtureDatabase(ready: (opened: FixtureDatabase) => void, opts: { accountsPerRep?: number } = {}): void {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    useDatabase(db);
    await startTestJobQueue(db);
    ready({ db, fx: await createSalesFixture(db.prisma, opts) });
  });
  afterAll(async () => {
    await closeTestDatabase(db);
  });
}
