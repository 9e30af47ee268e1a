// The portfolio overview keeps its figures until account_metrics changes (lib/metrics/generation.ts).
// A manager must never see figures older than the last committed change: an order, a renamed rep,
// a rolled-back write (no change), the daily fold (no change either).
import { beforeAll, describe, expect, it } from "vitest";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, type SalesFixture, logPaperOrder } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { foldPortfolioRollups } from "@/lib/metrics/revenue-months";
import { metricsGeneration } from "@/lib/metrics/generation";
import { runnerQuery } from "@/lib/db/sql";
import { portfolioOverview } from "./charts";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  await recomputeAllMetrics(db, { refit: false });
});

const generation = () => metricsGeneration(runnerQuery(db));

describe("the portfolio overview's kept figures", () => {
  it("an order logged after a read is in the next read: revenue up by exactly its amount", async () => {
    const before = await portfolioOverview(fx.manager);
    expect(await portfolioOverview(fx.manager)).toEqual(before);
    // Four boxes of paper at 25.00 on a euro account: 100.00 more revenue.
    await logPaperOrder(fx, fx.rep1, fx.accounts.rep1[0]!, "overview-cache-order");
    const after = await portfolioOverview(fx.manager);
    expect(Math.round((after.kpis.revenue - before.kpis.revenue) * 100)).toBe(10_000);
  });

  it("a renamed rep is shown under the new name at once", async () => {
    await portfolioOverview(fx.manager);
    await db.prisma.user.update({ where: { id: fx.rep2.id }, data: { name: "Renamed Rep" } });
    const after = await portfolioOverview(fx.manager);
    expect(after.riskByRep.map((r) => r.ownerName)).toContain("Renamed Rep");
    expect(after.riskByRep.map((r) => r.ownerName)).not.toContain(fx.rep2.name);
  });

  it("answers from the kept figures while nothing changed (a write with the change trigger off goes unseen until the daily fold)", async () => {
    const kept = await portfolioOverview(fx.manager);
    // Triggers off for one transaction: a customer's revenue changes, the key does not (nor the
    // tallies the KPIs sum). Only a kept answer misses it in the Pareto curve, read from the rows.
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(
        `UPDATE account_metrics SET reporting_revenue = reporting_revenue + 100000 WHERE account_id = $1::uuid`,
        fx.accounts.rep1[0],
      );
    });
    expect(await portfolioOverview(fx.manager)).toEqual(kept);
    // A write with the trigger on: a new key, but the curve's values are brought up to date from
    // the change rows (overview-values.ts), which know nothing of the unseen write.
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts.rep1[1]]);
    expect((await portfolioOverview(fx.manager)).pareto).toEqual(kept.pareto);
    // The daily fold: every value read again, the write is in the curve.
    await foldPortfolioRollups(db);
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts.rep1[1]]);
    const fresh = await portfolioOverview(fx.manager);
    expect(fresh.pareto).not.toEqual(kept.pareto);
  });
});

describe("the key of account_metrics' state", () => {
  it("moves with a committed write, not with a rolled-back one, and not with the daily fold", async () => {
    const start = await generation();
    await db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, fx.accounts.rep1[0]);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await generation()).toBe(start);
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts.rep1[0]]);
    const changed = await generation();
    expect(changed).not.toBe(start);
    await foldPortfolioRollups(db);
    expect(await db.runner.query(`SELECT count(*)::int AS n FROM metrics_changes`)).toEqual([{ n: 0 }]);
    expect(await generation()).toBe(changed);
  });
});
