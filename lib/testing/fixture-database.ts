// Database tests' common setup: a throw-away database (PGlite in memory, or a new
// database on the server named by DATABASE_URL) holding the sales fixture, made the
// process's database for the suite, and closed after it once the background work
// a test may have started (refit, cost recompute, import) has finished.
import { afterAll, beforeAll } from "vitest";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { openTestDatabase } from "@/lib/db/testing";
import { whenRefitIdle } from "@/lib/metrics/background";
import { whenCostRecomputeIdle } from "@/lib/settings/cost-recompute-job";
import { whenImportsIdle } from "@/lib/imports/background";
import { createSalesFixture, type SalesFixture } from "./fixtures";

export interface FixtureDatabase {
  db: Database;
  fx: SalesFixture;
}

export function useFixtureDatabase(
  ready: (opened: FixtureDatabase) => void,
  opts: { accountsPerRep?: number } = {},
): void {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    useDatabase(db);
    ready({ db, fx: await createSalesFixture(db.prisma, opts) });
  });
  afterAll(async () => {
    await Promise.all([whenRefitIdle(), whenCostRecomputeIdle(), whenImportsIdle()]);
    await db?.close();
    await closeDatabase().catch(() => {});
  });
}
