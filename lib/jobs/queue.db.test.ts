// The job system's promises, on PGlite and on PostgreSQL: a job whose worker dies runs
// again elsewhere; when its retries run out it ends FAILED and its kind undoes what it
// left; a job cut short by shutdown runs again on the next start; status is read from
// the `jobs` row. The dead worker is a second pg-boss instance on the same database
// that claims the job and then never reports again, as a killed process would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgBoss, fromPglite } from "pg-boss";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { enqueueJob, startJobQueue, stopJobQueue, whenJobsIdle, type JobKind } from "./queue";
import { findJobRow } from "./job-rows";

let db: Database;
const runs: Array<{ kind: string; attempt: number; data: object }> = [];
const undone: string[] = [];
let slowSteps = 0;

const steady: JobKind<{ n: number }> = {
  name: "test-steady",
  tracked: true,
  retryLimit: 2,
  expireInSeconds: 120,
  async run(ctx) {
    runs.push({ kind: "test-steady", attempt: ctx.attempt, data: ctx.data });
    await ctx.progress(1, 1);
    return { doubled: ctx.data.n * 2 };
  },
};

const fragile: JobKind<{ n: number }> = {
  name: "test-fragile",
  tracked: true,
  retryLimit: 0,
  expireInSeconds: 120,
  async run(ctx) {
    runs.push({ kind: "test-fragile", attempt: ctx.attempt, data: ctx.data });
  },
  async onFailed({ jobId }) {
    undone.push(jobId);
  },
};

const slow: JobKind<object> = {
  name: "test-slow",
  tracked: true,
  retryLimit: 2,
  expireInSeconds: 120,
  async run(ctx) {
    runs.push({ kind: "test-slow", attempt: ctx.attempt, data: ctx.data });
    for (let step = 0; step < 40; step++) {
      slowSteps += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await ctx.pace();
    }
    return { steps: 40 };
  },
};

const KINDS = [steady, fragile, slow] as unknown as ReadonlyArray<JobKind<never>>;
const fast = { pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1, heartbeatSeconds: 10 };

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
});
afterAll(async () => {
  await stopJobQueue();
  await db?.close();
  await closeDatabase().catch(() => {});
});

/** A second "instance" that claims the next job of `queue` and then dies (never heartbeats, never completes). */
async function claimAndDie(queue: string): Promise<string> {
  const other =
    db.queue.kind === "pglite"
      ? new PgBoss({ db: fromPglite(db.queue.client), backend: "pglite", schema: "pgboss", supervise: false, schedule: false })
      : new PgBoss({ connectionString: db.queue.url, schema: "pgboss", max: 2, supervise: false, schedule: false });
  other.on("error", () => {});
  await other.start();
  const [job] = await other.fetch(queue);
  if (!job) throw new Error(`nothing to claim on ${queue}`);
  await other.stop({ graceful: false, close: true });
  return job.id;
}

describe("the job queue", () => {
  it("runs a job, stores its result on its row, and the row is what a reader sees", async () => {
    await startJobQueue(db, KINDS, fast);
    const queued = await enqueueJob(steady.name, { n: 21 }, { detail: { note: "by hand" } });
    expect(queued?.row).toMatchObject({ kind: "test-steady", status: "QUEUED" });
    await whenJobsIdle();
    expect(await findJobRow(db.prisma, queued!.id)).toMatchObject({ status: "SUCCEEDED", done: 1, total: 1, result: { doubled: 42 } });
    await stopJobQueue();
  });

  it("a job whose worker died is run again by another worker, and succeeds", async () => {
    runs.length = 0;
    await startJobQueue(db, KINDS, { ...fast, work: false });
    const queued = await enqueueJob(steady.name, { n: 5 });
    expect(await claimAndDie(steady.name)).toBe(queued!.id);
    await stopJobQueue();
    // This process plays the surviving instance: its supervisor sees the heartbeat stop (10 s) and its worker retries.
    await startJobQueue(db, KINDS, fast);
    await whenJobsIdle({ timeoutMs: 60_000 });
    expect(runs).toEqual([{ kind: "test-steady", attempt: 1, data: expect.objectContaining({ n: 5 }) }]);
    expect(await findJobRow(db.prisma, queued!.id)).toMatchObject({ status: "SUCCEEDED", result: { doubled: 10 } });
    await stopJobQueue();
  }, 90_000);

  it("when its retries run out, the job ends FAILED and its kind undoes what it left", async () => {
    runs.length = 0;
    await startJobQueue(db, KINDS, { ...fast, work: false });
    const queued = await enqueueJob(fragile.name, { n: 1 });
    await claimAndDie(fragile.name);
    await stopJobQueue();
    await startJobQueue(db, KINDS, fast);
    await whenJobsIdle({ timeoutMs: 60_000 });
    expect(runs).toEqual([]);
    expect(await findJobRow(db.prisma, queued!.id)).toMatchObject({ status: "FAILED", error: expect.stringMatching(/stopped each time/) });
    expect(undone).toEqual([queued!.id]);
    await stopJobQueue();
  }, 90_000);

  it("a job cut short by shutdown stops at its next chunk and runs again on the next start", async () => {
    runs.length = 0;
    slowSteps = 0;
    await startJobQueue(db, KINDS, fast);
    const queued = await enqueueJob(slow.name, {});
    while (slowSteps < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    await stopJobQueue();
    const stoppedAt = slowSteps;
    expect(stoppedAt).toBeLessThan(40);
    expect((await findJobRow(db.prisma, queued!.id))?.status).toBe("RUNNING");
    await startJobQueue(db, KINDS, fast);
    await whenJobsIdle({ timeoutMs: 60_000 });
    expect(runs.map((run) => run.attempt)).toEqual([0, 1]);
    expect(await findJobRow(db.prisma, queued!.id)).toMatchObject({ status: "SUCCEEDED", result: { steps: 40 } });
    await stopJobQueue();
  }, 90_000);

  it("a second enqueue of a fixed id is a no-op (one as-of job per day)", async () => {
    await startJobQueue(db, KINDS, { ...fast, work: false });
    const first = await enqueueJob(steady.name, { n: 1 }, { id: "0b7c6f1e-1d2c-4e5f-a6b7-c8d9e0f1a2b3" });
    const second = await enqueueJob(steady.name, { n: 2 }, { id: "0b7c6f1e-1d2c-4e5f-a6b7-c8d9e0f1a2b3" });
    expect(first?.id).toBe("0b7c6f1e-1d2c-4e5f-a6b7-c8d9e0f1a2b3");
    expect(second).toBeNull();
    expect(await db.prisma.job.count({ where: { id: "0b7c6f1e-1d2c-4e5f-a6b7-c8d9e0f1a2b3" } })).toBe(1);
    await stopJobQueue();
  });
});
