// The Team page's sales figures on a small fixture whose every expected value is worked out
// by hand below, in the business's time zone Europe/Berlin (UTC+1 in winter, UTC+2 in summer):
// orders and closed deals sit on either side of the month's and the window's edges, where a
// UTC count would give other figures.
import { afterAll, describe, expect, it, vi } from "vitest";

const previousZone = vi.hoisted(() => {
  // Read once by lib/env.ts, on first use, in this test file's own module graph.
  const previous = process.env.APP_TIME_ZONE;
  process.env.APP_TIME_ZONE = "Europe/Berlin";
  return previous;
});
afterAll(() => {
  if (previousZone === undefined) delete process.env.APP_TIME_ZONE;
  else process.env.APP_TIME_ZONE = previousZone;
});

import type { Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { updateAccount } from "@/lib/accounts/change-account";
import { setRepGoal } from "@/lib/team-goals/goals";
import { seedRepGoals } from "@/lib/team-goals/seed-goals";
import { setRepGoalInput } from "@/lib/team-goals/schema";
import { teamPeriod, teamSummary } from "./team";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 3 });

// Thursday 10 December 2026, 13:00 in Berlin.
const asOf = new Date("2026-12-10T12:00:00Z");

async function buildFixture() {
  const [a1, a2, a3] = fx.accounts.rep1 as [string, string, string];
  const [b1, b2] = fx.accounts.rep2 as [string, string];
  // The fixture's accounts are in EUR, the reporting currency: an order's converted amount (which
  // lib/metrics stamps on every logged order) is its total.
  const order = (accountId: string, at: string, total: string) =>
    db.prisma.purchase.create({
      data: { accountId, purchasedAt: new Date(at), total, grossProfit: "1.00", reportingTotal: total, loggedById: fx.admin.id },
    });
  const deal = (
    accountId: string,
    ownerId: string,
    stage: "LEAD" | "QUALIFIED" | "PROPOSAL" | "NEGOTIATION" | "WON" | "LOST",
    amount: string,
    probability: number,
    closedAt?: string,
  ) =>
    db.prisma.deal.create({
      data: { accountId, ownerId, title: `${stage} ${amount}`, stage, amount, probability, closedAt: closedAt ? new Date(closedAt) : null },
    });

  // December 2026 in Berlin runs from 2026-11-30T23:00Z to 2026-12-31T23:00Z.
  await order(a1, "2026-11-30T23:30:00Z", "1000.00"); // 1 Dec 00:30 in Berlin: December
  await order(a1, "2026-11-30T22:30:00Z", "5000.00"); // 30 Nov 23:30 in Berlin: November
  await order(a2, "2026-12-05T10:00:00Z", "250.50"); // December
  await order(a2, "2026-12-31T23:30:00Z", "777.00"); // 1 Jan 2027 00:30 in Berlin: January
  await order(b1, "2026-12-03T09:00:00Z", "120.00"); // December, rep2's
  await order(b2, "2026-12-02T09:00:00Z", "80.00"); // December; b2 moves to rep1 below, and its revenue with it
  void a3;

  // Open deals: the pipeline of the account's owner.
  await deal(a1, fx.rep1.id, "PROPOSAL", "1000.00", 50);
  await deal(a2, fx.rep1.id, "LEAD", "333.33", 10);
  await deal(b2, fx.rep2.id, "NEGOTIATION", "200.00", 70); // follows b2 to rep1
  await deal(b1, fx.rep2.id, "QUALIFIED", "400.00", 25);

  // Closed deals: the rep who closed them. The win-rate window is the 90 days up to 10 December:
  // from 12 September 00:00 in Berlin (summer time, UTC+2) = 2026-09-11T22:00Z.
  await deal(a1, fx.rep1.id, "WON", "500.00", 100, "2026-12-02T10:00:00Z"); // month, window
  await deal(a1, fx.rep1.id, "WON", "300.00", 100, "2026-11-30T23:15:00Z"); // 1 Dec 00:15 in Berlin: month, window
  await deal(a2, fx.rep1.id, "WON", "700.00", 100, "2026-11-15T10:00:00Z"); // window only
  await deal(a2, fx.rep1.id, "LOST", "900.00", 0, "2026-10-01T10:00:00Z"); // window
  await deal(a2, fx.rep1.id, "LOST", "100.00", 0, "2026-09-11T21:30:00Z"); // 11 Sep 23:30 in Berlin: before the window
  await deal(a2, fx.rep1.id, "WON", "50.00", 100, "2026-09-11T22:30:00Z"); // 12 Sep 00:30 in Berlin: window
  await deal(b2, fx.rep2.id, "LOST", "250.00", 0, "2026-12-05T10:00:00Z"); // stays rep2's when b2 moves
  await deal(a1, fx.rep2.id, "WON", "60.00", 100, "2026-12-04T10:00:00Z"); // rep2 closed it on rep1's account: rep2's

  const b2Version = (await db.prisma.account.findUniqueOrThrow({ where: { id: b2 } })).version;
  await updateAccount(fx.manager, b2, { version: b2Version, ownerId: fx.rep1.id });

  await setRepGoal(fx.admin, setRepGoalInput.parse({ repId: fx.rep1.id, month: "2026-12", goal: "2000.00" }));
  await setRepGoal(fx.admin, setRepGoalInput.parse({ repId: fx.rep1.id, month: "2026-11", goal: "9999.00" }));
}

describe("the Team page's sales figures (Europe/Berlin)", () => {
  it("names the month and the win-rate window of the business's calendar", () => {
    // 10 Dec 13:00 in Berlin; December began 2026-11-30T23:00Z: 9 days 13 hours = 229 h of 31 × 24 = 744 h.
    expect(teamPeriod(asOf)).toEqual({
      month: "2026-12",
      monthLabel: "December 2026",
      monthElapsed: 229 / 744,
      // 10 December minus 89 days: 10 Nov is 30 days back, 10 Oct 61, 10 Sep 91, so 12 Sep.
      winRateSince: "2026-09-12",
    });
  });

  it("pipeline, won this month, win rate and the month's revenue against the goal, per rep", async () => {
    await buildFixture();
    const team = await teamSummary(fx.manager, { asOf });
    expect(team.map((member) => member.name)).toEqual(["rep1", "rep2"]);
    const [rep1, rep2] = team as [(typeof team)[number], (typeof team)[number]];
    expect(rep1).toMatchObject({
      // a1 1000.00 + a2 333.33 + b2 200.00 (moved with its account); weighted
      // (1000 × 50 + 333.33 × 10 + 200 × 70) / 100 = (50000 + 3333.30 + 14000) / 100 = 673.333 → 673.33.
      openDeals: 3,
      pipeline: 1533.33,
      weightedPipeline: 673.33,
      // 500.00 (2 Dec) + 300.00 (1 Dec 00:15 in Berlin).
      wonDeals: 2,
      wonAmount: 800,
      // Won 500, 300, 700, 50; lost 900 (the 100 closed before the window): 4 / 5.
      closedWon: 4,
      closedLost: 1,
      winRate: 0.8,
      // a1 1000.00 + a2 250.50 + b2 80.00 (now rep1's book); not the 5000.00 of 30 Nov nor the 777.00 of 1 Jan.
      monthOrders: 3,
      monthRevenue: 1330.5,
      monthGoal: 2000,
    });
    expect(rep2).toMatchObject({
      // b1 400.00 at 25 %.
      openDeals: 1,
      pipeline: 400,
      weightedPipeline: 100,
      // The 60.00 won on rep1's account counts for rep2, who closed it.
      wonDeals: 1,
      wonAmount: 60,
      // Won 60; lost 250 (on b2, kept by rep2 when the account moved): 1 / 2.
      closedWon: 1,
      closedLost: 1,
      winRate: 0.5,
      monthOrders: 1,
      monthRevenue: 120,
      monthGoal: null,
    });
  });

  it("a rep who closed nothing has no win rate, not 0 %", async () => {
    const rep3 = await db.prisma.user.create({ data: { email: "rep3@fixture.test", name: "rep3", role: "REP", passwordHash: "x" } });
    const team = await teamSummary(fx.manager, { asOf });
    expect(team.find((member) => member.repId === rep3.id)).toMatchObject({
      openDeals: 0,
      pipeline: 0,
      closedWon: 0,
      closedLost: 0,
      winRate: null,
      monthRevenue: 0,
      monthGoal: null,
    });
    await db.prisma.user.delete({ where: { id: rep3.id } });
  });

  it("demo goals are 110 % of the book's average monthly revenue over the three months before, rounded to €500", async () => {
    // Eight months (June 2026 to January 2027) for each of the two reps, less the two goals set above.
    expect(await seedRepGoals(runnerQuery(db), asOf, "Europe/Berlin")).toBe(8 * 2 - 2);
    const goal = async (repId: string, month: string) =>
      (await db.prisma.repGoal.findUniqueOrThrow({ where: { repId_month: { repId, month: new Date(`${month}-01T00:00:00Z`) } } }))
        .goalCents;
    // rep1's book (a1, a2, a3, b2) from October to December in Berlin: November 5000.00, December
    // 1000.00 + 250.50 + 80.00 = 1330.50. (6330.50 × 1.1) / 3 = 2321.18 → €2,500 to the nearest €500.
    expect(await goal(fx.rep1.id, "2027-01")).toBe(250_000);
    // rep2's book (b1, b3): 120.00 × 1.1 / 3 = 44 → €0 to the nearest €500, raised to the €500 floor.
    expect(await goal(fx.rep2.id, "2027-01")).toBe(50_000);
    // Nothing bought from March to May: the floor.
    expect(await goal(fx.rep1.id, "2026-06")).toBe(50_000);
    // Goals an admin set are kept.
    expect(await goal(fx.rep1.id, "2026-12")).toBe(200_000);
    expect(await goal(fx.rep1.id, "2026-11")).toBe(999_900);
  });
});
