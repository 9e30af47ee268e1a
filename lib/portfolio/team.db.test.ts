import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden } from "@/lib/errors";
import { updateAccount } from "@/lib/accounts/change-account";
import { reassignTargets, repAccounts, teamSummary } from "./team";

let db: Database;
let fx: SalesFixture;
const DAY = 86_400_000;
const asOf = new Date("2026-06-30T12:00:00Z");
const daysAgo = (n: number) => new Date(asOf.getTime() - n * DAY);

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 3 });
  const [a1, a2, a3] = fx.accounts.rep1 as [string, string, string];
  const [b1] = fx.accounts.rep2 as [string];
  const purchase = (accountId: string, at: Date, total: string, dealId?: string) =>
    // Written around lib/metrics: the EUR amount (the reporting currency's own) is stamped as a recompute would.
    db.prisma.purchase.create({
      data: {
        accountId,
        purchasedAt: at,
        total,
        reportingTotal: total,
        grossProfit: "1.00",
        reportingGrossProfit: "1.00",
        loggedById: fx.admin.id,
        dealId,
      },
    });
  const deal = (
    accountId: string,
    ownerId: string,
    type: "NEW" | "UPSELL" | "CROSS_SELL" | "RENEWAL",
    stage: "WON" | "LOST" | "PROPOSAL",
    amount: string,
    closedAt?: Date,
  ) => db.prisma.deal.create({ data: { accountId, ownerId, title: `${type} ${stage}`, type, stage, amount, closedAt } }).then((d) => d.id);
  // rep1: 4 visits in the window (one by rep1 on rep2's account still counts for rep1), 1 too old.
  for (const [accountId, at] of [
    [a1, daysAgo(1)],
    [a1, daysAgo(10)],
    [a2, daysAgo(89)],
    [b1, daysAgo(5)],
    [a3, daysAgo(91)],
  ] as const) {
    await db.prisma.visit.create({ data: { accountId, repId: fx.rep1.id, occurredAt: at } });
  }
  // Orders on rep1's accounts: 3 in the window, 1 too old; rep2: 1.
  const upsell = await deal(a1, fx.rep1.id, "UPSELL", "WON", "999.00", daysAgo(20));
  await purchase(a1, daysAgo(20), "400.00", upsell); // counts 400 (the purchase, not the deal amount)
  await purchase(a2, daysAgo(30), "50.00");
  await purchase(a3, daysAgo(60), "70.00", await deal(a3, fx.rep1.id, "NEW", "WON", "70.00", daysAgo(60))); // NEW: not expansion
  await purchase(a3, daysAgo(120), "80.00");
  await purchase(b1, daysAgo(3), "10.00");
  await deal(a2, fx.rep1.id, "CROSS_SELL", "WON", "250.50", daysAgo(40)); // won, no purchase: counts its amount
  await deal(a2, fx.rep1.id, "CROSS_SELL", "LOST", "5000.00", daysAgo(40)); // lost: no
  await deal(a2, fx.rep1.id, "UPSELL", "PROPOSAL", "5000.00"); // open: no
  await purchase(a2, daysAgo(400), "900.00", await deal(a2, fx.rep1.id, "UPSELL", "WON", "900.00", daysAgo(400))); // outside 365 days
  await deal(b1, fx.rep2.id, "UPSELL", "WON", "77.00", daysAgo(2)); // rep2's
  // Book: formula LTVs and flags set directly.
  const flag = [{ type: "churn_risk", score: 0.8, reason: "r", action: "a", valueAtStake: 1 }];
  await db.prisma.accountMetrics.update({
    where: { accountId: a1 },
    data: { formulaLtv: "1000.10", reportingFormulaLtv: "1000.10", flags: flag, lastVisitAt: daysAgo(1) },
  });
  await db.prisma.accountMetrics.update({
    where: { accountId: a2 },
    data: { formulaLtv: "-200.05", reportingFormulaLtv: "-200.05", flags: flag, lastVisitAt: daysAgo(31) },
  });
  await db.prisma.accountMetrics.update({
    where: { accountId: a3 },
    data: { formulaLtv: "0.00", reportingFormulaLtv: "0.00", flags: flag, lastVisitAt: null },
  });
  await db.prisma.accountMetrics.update({
    where: { accountId: b1 },
    data: { formulaLtv: "12.34", reportingFormulaLtv: "12.34", flags: [], lastVisitAt: null },
  });
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

describe("teamSummary", () => {
  it("refuses a rep", async () => {
    await expect(teamSummary(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
    await expect(repAccounts(fx.rep1, fx.rep1.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("one row per rep with book, activity and expansion figures", async () => {
    const team = await teamSummary(fx.manager, { asOf });
    expect(team.map((m) => m.name)).toEqual(["rep1", "rep2"]);
    const [rep1, rep2] = team as [(typeof team)[number], (typeof team)[number]];
    expect(rep1).toMatchObject({
      repId: fx.rep1.id,
      accounts: 3,
      portfolioLtv: 800.05,
      visits: 4,
      orders: 3,
      ordersPerVisit: 0.75,
      expansionRevenue: 650.5,
      flaggedUnvisited: 2,
    });
    expect(rep2).toMatchObject({ accounts: 3, visits: 0, orders: 1, ordersPerVisit: null, expansionRevenue: 77, flaggedUnvisited: 0 });
  });
});

describe("repAccounts and reassignment", () => {
  it("lists a rep's accounts with versions; updateAccount moves them and the team follows", async () => {
    const { items, total } = await repAccounts(fx.manager, fx.rep1.id);
    expect(total).toBe(3);
    expect(items.map((a) => a.id).sort()).toEqual([...fx.accounts.rep1].sort());
    expect(items[0]).toMatchObject({ version: 1, flags: ["churn_risk"] });
    expect((await reassignTargets(fx.manager)).map((u) => u.name)).toEqual(["rep1", "rep2"]);
    await updateAccount(fx.manager, items[0]!.id, { version: items[0]!.version, ownerId: fx.rep2.id });
    const team = await teamSummary(fx.manager, { asOf });
    expect(team.map((m) => m.accounts)).toEqual([2, 4]);
    expect((await repAccounts(fx.manager, fx.rep1.id, { q: items[1]!.name.slice(-3) })).items.map((a) => a.id)).toEqual([items[1]!.id]);
  });
});
