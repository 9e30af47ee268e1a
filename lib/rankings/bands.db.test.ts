// The ranking's band filters (a histogram bar, the Pareto chart's top customers) and the KPI
// summary that comes with a filtered first page. The metrics are set by hand below, so every
// expected figure is worked out from this table, not by the code under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import type { Actor } from "@/lib/auth/permissions";
import { rankingsQuery, type RankingsQueryInput } from "./schema";
import { rankAccounts } from "./rank-accounts";

let db: Database;
let fx: SalesFixture;

// [formula LTV, revenue, predicted CLV, churn risk, orders] per account: rep1's four, then rep2's four.
const METRICS: Array<[string, string, string, boolean, number]> = [
  ["-250.00", "100.00", "10.00", true, 1], // r1a
  ["0.00", "0.00", "0.00", false, 0], // r1b: no order yet
  ["1000.00", "5000.00", "700.00", true, 4], // r1c: on the band's lower edge (in)
  ["1999.99", "2500.50", "300.00", false, 3], // r1d: just under the upper edge (in)
  ["2000.00", "8000.00", "900.00", true, 6], // r2a: on the upper edge (out)
  ["1500.00", "1200.00", "50.25", true, 2], // r2b
  ["5000.00", "20000.00", "4000.00", false, 9], // r2c
  ["999.99", "2500.00", "0.00", false, 2], // r2d: just under the lower edge (out)
];
let ids: string[];

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 4 });
  await recomputeAllMetrics(db, { refit: false });
  ids = [...fx.accounts.rep1, ...fx.accounts.rep2];
  for (const [i, [formulaLtv, revenue, predictedClv, churnRisk, orders]] of METRICS.entries()) {
    await db.prisma.accountMetrics.update({
      where: { accountId: ids[i]! },
      data: {
        formulaLtv,
        revenue,
        predictedClv,
        // Rankings and their sums read the reporting-currency columns (decision 0015); EUR here, the accounts' own.
        reportingFormulaLtv: formulaLtv,
        reportingRevenue: revenue,
        reportingPredictedClv: predictedClv,
        churnRisk,
        orders,
        flags: churnRisk ? [{ type: "churn_risk", score: 0.7, reason: "r", action: "a", valueAtStake: 1 }] : [],
      },
    });
  }
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const page = (actor: Actor, input: RankingsQueryInput) => rankAccounts(actor, rankingsQuery.parse(input));
const names = (indexes: number[]) => indexes.map((i) => ids[i]);

describe("band filters", () => {
  it("a formula-LTV band holds min (inclusive) up to max (exclusive), highest first", async () => {
    const result = await page(fx.manager, { measure: "formula", min: "1000", max: "2000" });
    // r1d 1999.99, r2b 1500, r1c 1000; not r2a (2000, the next bar's) nor r2d (999.99).
    expect(result.items.map((item) => item.accountId)).toEqual(names([3, 5, 2]));
    expect(result.total).toBe(3);
  });

  it("an open band: below zero, and from a value up", async () => {
    expect((await page(fx.manager, { measure: "formula", max: "0" })).items.map((i) => i.accountId)).toEqual(names([0]));
    expect((await page(fx.manager, { measure: "formula", min: "2000" })).items.map((i) => i.accountId)).toEqual(names([6, 4]));
  });

  it("a revenue floor keeps the customers with at least that revenue, in the chosen ranking's order", async () => {
    const result = await page(fx.manager, { measure: "formula", revenueMin: "2500.50" });
    // Revenue ≥ 2500.50: r2c 20000, r2a 8000, r1c 5000, r1d 2500.50 (not r2d at 2500.00); by formula LTV.
    expect(result.items.map((i) => i.accountId)).toEqual(names([6, 4, 3, 2]));
  });

  it("combines with the rep and flag filters (a rep's revenue-at-risk bar)", async () => {
    const result = await page(fx.manager, { measure: "predicted", ownerId: fx.rep2.id, flag: "churn_risk" });
    expect(result.items.map((i) => i.accountId)).toEqual(names([4, 5]));
  });

  it("a rep asking for another rep's band still sees only their own accounts", async () => {
    const result = await page(fx.rep1, { measure: "formula", min: "1000", ownerId: fx.rep2.id });
    expect(result.items.map((i) => i.accountId)).toEqual(names([3, 2]));
  });
});

describe("the cohort filter (a cohort chart's row)", () => {
  it("keeps the customers whose first order fell in that UTC month, edges included and excluded", async () => {
    // r1a: first order on 1 March 00:00 UTC (in), r1b: 31 March 23:59:59.999 (in),
    // r1c: 28 February 23:59:59.999 (out), r1d: 1 April 00:00 (out).
    const firsts = ["2026-03-01T00:00:00.000Z", "2026-03-31T23:59:59.999Z", "2026-02-28T23:59:59.999Z", "2026-04-01T00:00:00.000Z"];
    const before = await db.prisma.accountMetrics.findMany({
      where: { accountId: { in: ids.slice(0, 4) } },
      select: { accountId: true, firstPurchaseAt: true },
    });
    for (const [i, at] of firsts.entries()) {
      await db.prisma.accountMetrics.update({ where: { accountId: ids[i]! }, data: { firstPurchaseAt: new Date(at) } });
    }
    try {
      const result = await page(fx.manager, { measure: "formula", cohort: "2026-03", summary: "1" });
      // By formula LTV: r1b 0.00, then r1a -250.00.
      expect(result.items.map((i) => i.accountId)).toEqual(names([1, 0]));
      expect(result.total).toBe(2);
      expect(result.summary?.accounts).toBe(2);
      // A rep sees the cohort within their own book only.
      expect((await page(fx.rep2, { measure: "formula", cohort: "2026-03" })).total).toBe(0);
    } finally {
      for (const row of before)
        await db.prisma.accountMetrics.update({ where: { accountId: row.accountId }, data: { firstPurchaseAt: row.firstPurchaseAt } });
    }
  });
});

describe("the summary of a filtered first page (summary=1)", () => {
  it("sums the KPI figures over the filtered accounts", async () => {
    const result = await page(fx.manager, { measure: "formula", min: "1000", max: "2000", summary: "1" });
    // r1d, r2b, r1c: revenue 2500.50 + 1200 + 5000; formula (1999.99 + 1500 + 1000) / 3;
    // churn risk r2b and r1c: predicted 50.25 + 700.
    expect(result.summary).toEqual({
      accounts: 3,
      customers: 3,
      revenue: 8700.5,
      averageFormulaLtv: expect.closeTo(4499.99 / 3, 9),
      churnRiskAccounts: 2,
      revenueAtRisk: 750.25,
    });
  });

  it("counts accounts without orders as accounts, not customers", async () => {
    const result = await page(fx.manager, { measure: "formula", ownerId: fx.rep1.id, summary: "1" });
    expect(result.summary).toEqual({
      accounts: 4,
      customers: 3,
      revenue: 7600.5,
      averageFormulaLtv: expect.closeTo(2749.99 / 4, 9),
      churnRiskAccounts: 2,
      revenueAtRisk: 710,
    });
  });

  it("is null when nothing narrows the ranking and on later pages, and absent when not asked for", async () => {
    expect((await page(fx.manager, { measure: "formula", summary: "1" })).summary).toBeNull();
    const first = await page(fx.manager, { measure: "formula", min: "0", limit: 2, summary: "1" });
    expect(first.summary?.accounts).toBe(7);
    const second = await page(fx.manager, { measure: "formula", min: "0", limit: 2, summary: "1", cursor: first.nextCursor! });
    expect(second.summary).toBeNull();
    expect("summary" in (await page(fx.manager, { measure: "formula", min: "0" }))).toBe(false);
  });
});

describe("validation", () => {
  it("refuses an empty or reversed band, naming max", () => {
    for (const input of [
      { min: "2000", max: "1000" },
      { min: "5", max: "5" },
    ]) {
      const parsed = rankingsQuery.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["max"]);
    }
  });
});
