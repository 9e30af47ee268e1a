// One backtest at a time, even when two managers press "Run" in the same instant: the
// running-job check and the enqueue hold one advisory lock until commit.
import { describe, expect, it } from "vitest";
import { useFixtureDatabase, type FixtureDatabase } from "@/lib/testing/fixture-database";
import { addPurchaseHistory } from "@/lib/testing/fixtures";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { Conflict } from "@/lib/errors";
import { BACKTEST_JOB, startBacktest } from "./backtests";

let opened: FixtureDatabase;
useFixtureDatabase((o) => (opened = o), { accountsPerRep: 3 });

describe("starting a backtest", () => {
  it("two simultaneous starts queue one job and answer the other with a conflict", async () => {
    const { db, fx } = opened;
    await addPurchaseHistory(db.prisma, fx);
    const results = await Promise.allSettled([startBacktest(fx.manager, { windowDays: 90 }), startBacktest(fx.admin, { windowDays: 90 })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(Conflict);
    expect(await db.prisma.job.count({ where: { kind: BACKTEST_JOB } })).toBe(1);
    await whenJobsIdle({ timeoutMs: 120_000 });
    expect((await db.prisma.job.findFirstOrThrow({ where: { kind: BACKTEST_JOB } })).status).toBe("SUCCEEDED");
    // Once it has finished, the next start is accepted.
    await expect(startBacktest(fx.manager, { windowDays: 90 })).resolves.toMatchObject({ kind: BACKTEST_JOB });
    await whenJobsIdle({ timeoutMs: 120_000 });
  }, 300_000);
});
