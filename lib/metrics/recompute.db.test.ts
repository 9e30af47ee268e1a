import { runnerQuery } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { metricsRowOf, recomputeAllMetrics } from "./recompute";
import { findMetricsMismatches } from "./reconcile";
import { loadMetricsAccounts, writeMetrics } from "./store";
import { loadMetricsContext } from "./context";

let db: Database;
let fx: SalesFixture;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openTestDatabase();
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 15 });
  await addPurchaseHistory(db.prisma, fx);
});
afterAll(async () => {
  await db?.close();
});

describe("recomputing every account", () => {
  it("fits the model, stores the portfolio context and writes metrics that reconcile with the purchases", async () => {
    const result = await recomputeAllMetrics(db);
    expect(result.accounts).toBe(30);
    expect(result.modelFitId).not.toBeNull();
    const fit = await db.prisma.modelFit.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    const params = fit.bgnbd as { r: number; alpha: number; a: number; b: number };
    for (const value of Object.values(params)) expect(Number.isFinite(value) && value > 0).toBe(true);
    expect(fit.customers).toBe(30);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);

    const metrics = await db.prisma.accountMetrics.findMany();
    expect(metrics).toHaveLength(30);
    for (const row of metrics) {
      expect(row.pAlive).toBeGreaterThanOrEqual(0);
      expect(row.pAlive).toBeLessThanOrEqual(1);
      expect(row.modelFitId).toBe(fit.id);
      // Formula LTV = AOV × f × L × m − (CAC + R × L), with the fixture's costs (CAC 900, R 150, m 38 %).
      const expected = row.averageOrderValue.toNumber() * row.purchasesPerYear * row.lifespanYears * 0.38 - (900 + 150 * row.lifespanYears);
      expect(row.formulaLtv.toNumber()).toBeCloseTo(expected, 0);
    }
    expect(metrics.some((row) => row.predictedClv.toNumber() > 0)).toBe(true);
  });

  it("flags a customer who has gone quiet with a reason a rep can read", async () => {
    const accountId = fx.accounts.rep1[0]!;
    // Monthly orders for a year, then silence for 120 days.
    await db.prisma.purchase.deleteMany({ where: { accountId } });
    for (let i = 0; i < 12; i++) {
      await db.prisma.purchase.create({
        data: {
          accountId,
          purchasedAt: new Date(Date.now() - (120 + 30 * i) * DAY),
          total: "100.00",
          grossProfit: "40.00",
          loggedById: fx.rep1.id,
          lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: "100.00", unitCost: "60.00", lineTotal: "100.00" }] },
        },
      });
    }
    await recomputeAllMetrics(db, { refit: false });
    const row = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
    const flags = row.flags as Array<{ type: string; reason: string; action: string }>;
    const churn = flags.find((flag) => flag.type === "churn_risk");
    expect(row.churnRisk).toBe(true);
    expect(churn?.reason).toMatch(/No order for 120 days; usually orders every 30 days/);
    expect(churn?.action).toBeTruthy();

    // Worked by hand: 12 orders of €100.00, the first 450 days ago, so AOV = 1200 / 12 = 100.00 and
    // f = 12 / (450 / 365.25) = 9.74 orders a year; with the fixture's costs (m 38 %, CAC 900, R 150 a year)
    // formula LTV = 100 × 9.74 × L × 0.38 − (900 + 150 × L) for the portfolio's lifespan L, which is 1 / yearly
    // churn capped at 10 years.
    expect(row.revenue.toFixed(2)).toBe("1200.00");
    expect(row.orders).toBe(12);
    expect(row.averageOrderValue.toFixed(2)).toBe("100.00");
    expect(row.purchasesPerYear).toBeCloseTo(9.74, 2);
    const lifespan = row.lifespanYears;
    expect(lifespan).toBeGreaterThan(0);
    expect(lifespan).toBeLessThanOrEqual(10);
    expect(row.formulaLtv.toNumber()).toBeCloseTo(100 * (12 / (450 / 365.25)) * lifespan * 0.38 - (900 + 150 * lifespan), 1);
  });

  it("a bulk pass never overwrites metrics a live write stored after the pass began", async () => {
    const accountId = fx.accounts.rep2[0]!;
    const query = runnerQuery(db);
    const bulkStartedAt = new Date(Date.now() - 60_000);
    const context = await loadMetricsContext(query);
    const account = (await loadMetricsAccounts(query, [accountId])).get(accountId)!;
    const stale = metricsRowOf(account, context, bulkStartedAt);
    // The live write (newer computed_at) is what is stored now.
    await db.prisma.accountMetrics.update({ where: { accountId }, data: { computedAt: new Date(), revenue: "12345.67" } });
    await writeMetrics(query, [stale], { keepNewer: true });
    expect((await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } })).revenue.toFixed(2)).toBe("12345.67");
    // Without the guard, the stale row would win: that is what the guard prevents.
    await writeMetrics(query, [stale]);
    expect((await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } })).revenue.toFixed(2)).not.toBe("12345.67");
  });
});
