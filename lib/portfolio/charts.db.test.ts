import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { addPurchaseHistory, createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { Forbidden } from "@/lib/errors";
import { paretoShare } from "@/lib/ltv/formula";
import { cohortRetention, portfolioOverview, revenueByCustomerAge, NEW_CUSTOMER_DAYS } from "./charts";
import { lastMonths, monthsBetween } from "./chart-math";

let db: Database;
let fx: SalesFixture;
// Set after the fixture: a bulk recompute keeps metrics rows computed later than its asOf.
let asOf: Date;
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 6 });
  await addPurchaseHistory(db.prisma, fx);
  // A prospect without orders, and a purchase this month, so every branch has data.
  await db.prisma.account.create({
    data: {
      name: "Prospect Ltd",
      ownerId: fx.rep2.id,
      segment: "SMB",
      acquiredAt: new Date(),
      metrics: { create: { ownerId: fx.rep2.id, segment: "SMB" } },
    },
  });
  await db.prisma.purchase.create({
    data: {
      accountId: fx.accounts.rep1[0]!,
      purchasedAt: new Date(Date.now() - DAY),
      total: "321.09",
      grossProfit: "100.00",
      loggedById: fx.rep1.id,
    },
  });
  asOf = new Date();
  await recomputeAllMetrics(db, { refit: false, asOf });
  // Churn risk on three known accounts only, so the sums are known.
  await db.prisma.accountMetrics.updateMany({ data: { churnRisk: false } });
  for (const [accountId, clv] of [
    [fx.accounts.rep1[1]!, "1500.25"],
    [fx.accounts.rep2[2]!, "730.10"],
    [fx.accounts.rep2[3]!, "0.65"],
  ] as const) {
    await db.prisma.accountMetrics.update({
      where: { accountId },
      data: { churnRisk: true, predictedClv: clv, reportingPredictedClv: clv },
    });
  }
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

describe("dashboard access", () => {
  it("refuses a rep", async () => {
    await expect(portfolioOverview(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
    await expect(cohortRetention(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
    await expect(revenueByCustomerAge(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe("portfolioOverview", () => {
  it("KPIs equal the stored metrics, to the cent", async () => {
    const { kpis } = await portfolioOverview(fx.manager);
    // Money in the reporting currency (EUR here, every account's own): the reporting columns.
    const all = await db.prisma.accountMetrics.aggregate({
      _count: { _all: true },
      _sum: { reportingRevenue: true },
      _avg: { reportingFormulaLtv: true },
    });
    const risk = await db.prisma.accountMetrics.aggregate({
      where: { churnRisk: true },
      _count: { _all: true },
      _sum: { reportingPredictedClv: true },
    });
    expect(kpis.accounts).toBe(all._count._all);
    expect(kpis.revenue).toBe(all._sum.reportingRevenue!.toNumber());
    expect(kpis.averageLtv).toBeCloseTo(all._avg.reportingFormulaLtv!.toNumber(), 6);
    expect(kpis.churnRiskAccounts).toBe(3);
    expect(kpis.revenueAtRisk).toBe(risk._sum.reportingPredictedClv!.toNumber());
    expect(kpis).toMatchObject({ reportingCurrency: "EUR", missing: [] });
    expect(kpis.revenueAtRisk).toBe(2231);
    expect(kpis.customers).toBe(12);
    expect((await portfolioOverview(fx.admin)).kpis).toEqual(kpis);
  });

  it("the Pareto curve and its top-20 % share come from customers' revenue", async () => {
    const { pareto, kpis } = await portfolioOverview(fx.manager);
    const rows = await db.prisma.accountMetrics.findMany({ where: { orders: { gt: 0 } }, select: { revenue: true } });
    expect(pareto.top20Share).toBe(
      paretoShare(
        rows.map((r) => r.revenue.toNumber()),
        0.2,
      ).value,
    );
    expect(kpis.top20Share).toBe(pareto.top20Share);
    expect(pareto.points.length).toBeLessThanOrEqual(101);
    expect(pareto.points.at(-1)).toEqual({ accountShare: 1, revenueShare: 1 });
    for (let i = 1; i < pareto.points.length; i++)
      expect(pareto.points[i]!.revenueShare).toBeGreaterThanOrEqual(pareto.points[i - 1]!.revenueShare);
  });

  it("the histogram counts every account; risk by rep adds up to the KPI", async () => {
    const { ltvHistogram, riskByRep, kpis } = await portfolioOverview(fx.manager);
    expect(ltvHistogram.bins.reduce((s, b) => s + b.count, 0)).toBe(kpis.accounts);
    expect(riskByRep.reduce((s, r) => s + r.accounts, 0)).toBe(kpis.accounts);
    expect(riskByRep.reduce((s, r) => s + r.churnRiskAccounts, 0)).toBe(kpis.churnRiskAccounts);
    expect(Math.round(riskByRep.reduce((s, r) => s + r.revenueAtRisk, 0) * 100)).toBe(Math.round(kpis.revenueAtRisk * 100));
    expect(riskByRep.slice(0, 2)).toMatchObject([
      { ownerName: "rep1", revenueAtRisk: 1500.25, churnRiskAccounts: 1 },
      { ownerName: "rep2", revenueAtRisk: 730.75, churnRiskAccounts: 2 },
    ]);
  });
});

describe("purchase-history charts", () => {
  it("cohort retention matches a count done by hand from the purchases", async () => {
    const result = await cohortRetention(fx.manager, { asOf });
    const purchases = await db.prisma.purchase.findMany({ select: { accountId: true, purchasedAt: true } });
    const months = new Map<string, Set<string>>();
    for (const p of purchases) {
      let set = months.get(p.accountId);
      if (!set) months.set(p.accountId, (set = new Set()));
      set.add(p.purchasedAt.toISOString().slice(0, 7));
    }
    const window = new Set(lastMonths(asOf, 24));
    const expected = new Map<string, { size: number; active: number[] }>();
    for (const set of months.values()) {
      const first = [...set].sort()[0]!;
      if (!window.has(first)) continue;
      let cohort = expected.get(first);
      if (!cohort)
        expected.set(first, (cohort = { size: 0, active: Array.from({ length: monthsBetween(first, result.asOfMonth) + 1 }, () => 0) }));
      cohort.size++;
      for (const month of set) cohort.active[monthsBetween(first, month)]!++;
    }
    expect(result.cohorts.map((c) => c.cohort)).toEqual([...expected.keys()].sort());
    expect(result.cohorts.length).toBeLessThanOrEqual(24);
    for (const cohort of result.cohorts) {
      const want = expected.get(cohort.cohort)!;
      expect(cohort.size).toBe(want.size);
      expect(cohort.retention[0]).toBe(1);
      expect(cohort.retention.slice(0, want.active.length)).toEqual(want.active.map((n) => n / want.size));
      expect(cohort.retention.slice(want.active.length).every((v) => v === null)).toBe(true);
    }
  });

  it("revenue by customer age splits every purchase of the last 24 months once", async () => {
    const { months, newCustomerDays } = await revenueByCustomerAge(fx.manager, { asOf });
    expect(newCustomerDays).toBe(NEW_CUSTOMER_DAYS);
    expect(months.map((m) => m.month)).toEqual(lastMonths(asOf, 24));
    const purchases = await db.prisma.purchase.findMany({ select: { accountId: true, purchasedAt: true, total: true } });
    const first = new Map<string, number>();
    for (const p of purchases) first.set(p.accountId, Math.min(first.get(p.accountId) ?? Infinity, p.purchasedAt.getTime()));
    const expected = new Map(months.map((m) => [m.month, { fresh: 0, existing: 0 }]));
    for (const p of purchases) {
      const bucket = expected.get(p.purchasedAt.toISOString().slice(0, 7));
      if (!bucket || p.purchasedAt > asOf) continue;
      const cents = Math.round(p.total.toNumber() * 100);
      if (p.purchasedAt.getTime() < first.get(p.accountId)! + NEW_CUSTOMER_DAYS * DAY) bucket.fresh += cents;
      else bucket.existing += cents;
    }
    for (const month of months) {
      expect(Math.round(month.newCustomers * 100)).toBe(expected.get(month.month)!.fresh);
      expect(Math.round(month.existingCustomers * 100)).toBe(expected.get(month.month)!.existing);
    }
    expect(months.at(-1)!.existingCustomers).toBeGreaterThanOrEqual(321.09);
  });
});
