// The full recompute (the daily as-of job, a refit) writes every account into a shadow table and
// swaps it in at once (shadow-pass.ts). What users rely on: readers see yesterday's rows or
// today's, never a mix; an order logged while the pass runs is never lost; the flag records and
// the ranking's tallies follow the rows swapped in; and a cost change under way is not clobbered.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { addPurchaseHistory, logPaperOrder, type SalesFixture } from "@/lib/testing/fixtures";
import { parseWith } from "@/lib/http/route";
import { applyCostChange, getCostSettings } from "@/lib/settings/cost-settings";
import { costChangeInput } from "@/lib/settings/schema";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { getJob } from "@/lib/jobs/get-job";
import { flagRecordsOutOfStep } from "@/lib/flag-records/testing/in-step";
import { talliesOutOfStep } from "./testing/tallies-in-step";
import { findMetricsMismatches } from "./reconcile";
import { recomputeAllMetrics } from "./recompute";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened), { accountsPerRep: 12 });

const DAY = 86_400_000;

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const computedAts = async () =>
  new Map(
    (await db.prisma.accountMetrics.findMany({ select: { accountId: true, computedAt: true } })).map((row) => [
      row.accountId,
      row.computedAt.getTime(),
    ]),
  );

describe("the full recompute through the shadow table", () => {
  it("readers keep the old rows until the swap, then every account is as of the pass's day", async () => {
    await addPurchaseHistory(db.prisma, fx);
    await recomputeAllMetrics(db);
    const before = await computedAts();
    expect(before.size).toBe(24);
    const asOf = new Date(Date.now() + 3 * DAY);
    const atSwap = deferred();
    const go = deferred();
    const pass = recomputeAllMetrics(db, {
      asOf,
      refit: false,
      batchSize: 5,
      hooks: {
        beforeSwap: async () => {
          atSwap.release();
          await go.promise;
        },
      },
    });
    await atSwap.promise;
    // Every account is computed and waits in the shadow table; readers still see the old rows.
    expect((await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_metrics_next`))[0]!.n).toBe(24);
    expect(await computedAts()).toEqual(before);
    go.release();
    const result = await pass;
    expect(result.accounts).toBe(24);
    expect(result.swap.recomputedInSwap).toBe(0);
    const after = await computedAts();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const at of after.values()) expect(at).toBe(asOf.getTime());
    const query = runnerQuery(db);
    expect(await findMetricsMismatches(query)).toEqual([]);
    expect(await flagRecordsOutOfStep(query)).toEqual([]);
    expect(await talliesOutOfStep(query)).toEqual([]);
    expect(
      await db.runner.query(`SELECT to_regclass('account_metrics_next') AS shadow, to_regclass('account_metrics_old') AS old`),
    ).toEqual([{ shadow: null, old: null }]);
  });

  it("an order logged after the pass read its account lands in the row swapped in", async () => {
    const accountId = fx.accounts.rep1[3]!;
    let logged = false;
    // Later than the rows the test above left (as of 3 days on): only the order's account is written since.
    const asOf = new Date(Date.now() + 4 * DAY);
    const result = await recomputeAllMetrics(db, {
      asOf,
      refit: false,
      batchSize: 5,
      hooks: {
        afterBatchRead: async (ids) => {
          if (logged || !ids.includes(accountId)) return;
          logged = true;
          // 100.00 more than the batch read.
          await logPaperOrder(fx, fx.rep1, accountId, randomUUID());
        },
      },
    });
    expect(logged).toBe(true);
    expect(result.swap.recomputedInSwap).toBe(1);
    const purchases = await db.prisma.purchase.findMany({ where: { accountId }, select: { total: true } });
    const revenueCents = purchases.reduce((sum, purchase) => sum + Math.round(purchase.total.toNumber() * 100), 0);
    const row = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
    expect(row.orders).toBe(purchases.length);
    expect(Math.round(row.revenue.toNumber() * 100)).toBe(revenueCents);
    const query = runnerQuery(db);
    expect(await findMetricsMismatches(query)).toEqual([]);
    expect(await flagRecordsOutOfStep(query)).toEqual([]);
  });

  it("an order dated after the pass's as-of instant, logged before its batch read the account, is not left out", async () => {
    // The batches compute as of the pass's start; an order logged after that start is dated after it.
    const ids = (await db.prisma.account.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
    const last = ids.at(-1)!;
    const owner = (await db.prisma.account.findUniqueOrThrow({ where: { id: last } })).ownerId;
    const rep = [fx.rep1, fx.rep2].find((user) => user.id === owner)!;
    let logged = false;
    const result = await recomputeAllMetrics(db, {
      refit: false,
      batchSize: 5,
      hooks: {
        afterBatchRead: async (batch) => {
          if (logged || batch.includes(last)) return;
          logged = true;
          await logPaperOrder(fx, rep, last, randomUUID());
        },
      },
    });
    expect(logged).toBe(true);
    expect(result.swap.recomputedInSwap).toBeGreaterThanOrEqual(1);
    const orders = await db.prisma.purchase.count({ where: { accountId: last } });
    expect((await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId: last } })).orders).toBe(orders);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
    expect(await flagRecordsOutOfStep(runnerQuery(db))).toEqual([]);
  });

  it("waits for a cost change under way (one shadow table), then computes with its inputs", async () => {
    const { inForce } = await getCostSettings(fx.admin);
    const atSwap = deferred();
    const go = deferred();
    const input = parseWith(costChangeInput, {
      default: {
        acquisitionCost: "900.00",
        retentionCostPerYear: "150.00",
        grossMargin: 0.47,
        discountRateYearly: 0.1,
        horizonMonths: 36,
        lifespanCapYears: 10,
        defaultLifespanYears: 3,
        flagThresholds: {},
      },
      segments: {},
      basedOn: inForce!.id,
    });
    const { job } = await applyCostChange(fx.admin, input, {
      beforeSwap: async () => {
        atSwap.release();
        await go.promise;
      },
    });
    await atSwap.promise;
    let finished = false;
    const asOf = new Date(Date.now() + 5 * DAY);
    const pass = recomputeAllMetrics(db, { asOf, refit: false }).then((result) => {
      finished = true;
      return result;
    });
    // The cost job holds the pass lock: the daily pass has not started, and the job's shadow is whole.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(finished).toBe(false);
    expect((await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_metrics_next`))[0]!.n).toBe(24);
    go.release();
    await whenJobsIdle();
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "SUCCEEDED" });
    await pass;
    // Then the daily pass ran with the new margin: 47 % of what each row's gross-profit basis gives.
    const settings = await getCostSettings(fx.admin);
    expect(settings.inForce!.default.grossMargin).toBe(0.47);
    for (const at of (await computedAts()).values()) expect(at).toBe(asOf.getTime());
    const rows = await db.prisma.accountMetrics.findMany();
    for (const row of rows) {
      // Formula LTV = AOV × f × L × m − (CAC + R × L), with m now 0.47 (CAC 900, R 150).
      const expected = row.averageOrderValue.toNumber() * row.purchasesPerYear * row.lifespanYears * 0.47 - (900 + 150 * row.lifespanYears);
      expect(row.formulaLtv.toNumber(), row.accountId).toBeCloseTo(expected, 0);
    }
  });
});
