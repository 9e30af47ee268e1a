import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { Forbidden } from "@/lib/errors";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { createFollowUp } from "./follow-ups";
import { createFollowUpInput } from "./schema";
import { countDueFollowUps, todayFor } from "./today";
import { teamFollowThrough } from "./team-follow-through";
import { markAccountFlagsActed, txQuery } from "@/lib/flag-records/flag-actions";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Math.floor(Date.now() / DAY) * DAY + offset * DAY).toISOString().slice(0, 10);

describe("the Today list", () => {
  it("shows overdue and due-today follow-ups, then open flags with no follow-up, highest value first", async () => {
    const accountId = fx.accounts.rep1[0]!;
    // Monthly toner orders for a year, then 120 days of silence: churn risk and an upsell.
    for (let i = 0; i < 12; i++) {
      await db.prisma.purchase.create({
        data: {
          accountId,
          purchasedAt: new Date(Date.now() - (120 + 30 * i) * DAY),
          total: "59.90",
          grossProfit: "29.90",
          loggedById: fx.rep1.id,
          lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90", unitCost: "30.00", lineTotal: "59.90" }] },
        },
      });
    }
    await db.prisma.$transaction((tx) => recomputeAccountMetrics(tx, accountId));
    const create = (title: string, dueOn: string, flagId?: string) =>
      createFollowUp(fx.rep1, createFollowUpInput.parse({ accountId, title, dueOn, flagId }));
    const late = await create("Send the quote", isoDay(-2));
    const due = await create("Call the buyer", isoDay(0));
    await create("Next week's review", isoDay(5));
    // rep2's follow-up never shows on rep1's list.
    await createFollowUp(fx.rep2, createFollowUpInput.parse({ accountId: fx.accounts.rep2[0]!, title: "Not mine", dueOn: isoDay(0) }));

    const before = await todayFor(fx.rep1);
    expect(before.overdue.map((f) => f.id)).toEqual([late.id]);
    expect(before.dueToday.map((f) => f.id)).toEqual([due.id]);
    expect(await countDueFollowUps(fx.rep1)).toBe(2);
    const types = before.flags.map((f) => f.flag.type);
    expect(types).toEqual(expect.arrayContaining(["churn_risk", "upsell"]));
    const values = before.flags.map((f) => f.flag.valueAtStake);
    expect(values).toEqual([...values].sort((a, b) => b - a));

    // A follow-up made from the churn flag takes the flag off the list (the follow-up carries it).
    const churn = before.flags.find((f) => f.flag.type === "churn_risk")!.flag;
    await create("Call about the silence", isoDay(1), churn.id!);
    expect((await todayFor(fx.rep1)).flags.map((f) => f.flag.id)).not.toContain(churn.id);
  });

  it("a manager sees follow-through per rep; a rep may not", async () => {
    await db.prisma.$transaction((tx) =>
      markAccountFlagsActed(txQuery(tx), fx.accounts.rep1[0]!, ["upsell"], new Date(), fx.rep1.id, "visit:CALL"),
    );
    const team = await teamFollowThrough(fx.manager);
    // rep1: 4 open (2 due, 1 next week, 1 from the flag), 1 overdue, 1 flag acted; rep2: 1 open due today.
    expect(team).toEqual([
      { repId: fx.rep1.id, name: "rep1", openFollowUps: 4, overdueFollowUps: 1, flagsActed7d: 1 },
      { repId: fx.rep2.id, name: "rep2", openFollowUps: 1, overdueFollowUps: 0, flagsActed7d: 0 },
    ]);
    await expect(teamFollowThrough(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
  });
});
