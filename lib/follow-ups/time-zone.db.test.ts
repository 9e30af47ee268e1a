// "Today" is the business's day (APP_TIME_ZONE), not UTC's. The clock is injected: at
// 2026-12-04T05:00Z it is 21:00 on 3 December in Los Angeles (UTC-8 in winter), and the
// 4th there begins at 2026-12-04T08:00Z. Every expected day below is counted from that by hand.
import { afterAll, describe, expect, it, vi } from "vitest";

const previousZone = vi.hoisted(() => {
  // Read once by lib/env.ts, on first use, in this test file's own module graph.
  const previous = process.env.APP_TIME_ZONE;
  process.env.APP_TIME_ZONE = "America/Los_Angeles";
  return previous;
});
afterAll(() => {
  if (previousZone === undefined) delete process.env.APP_TIME_ZONE;
  else process.env.APP_TIME_ZONE = previousZone;
});

import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Flag } from "@/lib/flags/types";
import { accountFlagsFor } from "@/lib/flag-records/read";
import { snoozeFlagFor, txQuery } from "@/lib/flag-records/flag-actions";
import { syncAccountFlags, syncStoredFlags } from "@/lib/flag-records/sync";
import { addDays } from "@/lib/days";
import { appToday } from "@/lib/app-day";
import { type Invalid } from "@/lib/errors";
import { createFollowUp, listFollowUps } from "./follow-ups";
import { createFollowUpInput, listFollowUpsQuery } from "./schema";
import { countDueFollowUps, todayFor } from "./today";
import { teamFollowThrough } from "./team-follow-through";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const EVENING_OF_THE_3RD = new Date("2026-12-04T05:00:00Z");
const LAST_SECOND_OF_THE_3RD = new Date("2026-12-04T07:59:59Z");
const MIDNIGHT_OF_THE_4TH = new Date("2026-12-04T08:00:00Z");

describe("day boundaries in APP_TIME_ZONE (America/Los_Angeles)", () => {
  it("overdue, due today and this week count days in Los Angeles", async () => {
    const accountId = fx.accounts.rep1[0]!;
    for (const day of ["02", "03", "04", "09", "10"]) {
      await createFollowUp(fx.rep1, createFollowUpInput.parse({ accountId, title: `Dec ${day}`, dueOn: `2026-12-${day}` }));
    }
    const titles = async (due: string, now: Date) =>
      (await listFollowUps(fx.rep1, listFollowUpsQuery.parse({ due }), now)).items.map((f) => f.title);

    // It is still the 3rd in Los Angeles (in UTC it is the 4th: overdue would take the 3rd, today the 4th).
    expect(await titles("overdue", EVENING_OF_THE_3RD)).toEqual(["Dec 02"]);
    expect(await titles("today", EVENING_OF_THE_3RD)).toEqual(["Dec 03"]);
    // The week is the 3rd and the six days after: 3–9 December; the 10th is next week.
    expect(await titles("week", EVENING_OF_THE_3RD)).toEqual(["Dec 03", "Dec 04", "Dec 09"]);

    // Midnight in Los Angeles: the 3rd becomes overdue, the 4th is today, the week runs 4–10.
    expect(await titles("overdue", MIDNIGHT_OF_THE_4TH)).toEqual(["Dec 02", "Dec 03"]);
    expect(await titles("today", MIDNIGHT_OF_THE_4TH)).toEqual(["Dec 04"]);
    expect(await titles("week", MIDNIGHT_OF_THE_4TH)).toEqual(["Dec 04", "Dec 09", "Dec 10"]);

    const list = await todayFor(fx.rep1, EVENING_OF_THE_3RD);
    expect(list.today).toBe("2026-12-03");
    expect(list.overdue.map((f) => f.title)).toEqual(["Dec 02"]);
    expect(list.dueToday.map((f) => f.title)).toEqual(["Dec 03"]);
    // The navigation's count: due on or before the 3rd, then on or before the 4th.
    expect(await countDueFollowUps(fx.rep1, LAST_SECOND_OF_THE_3RD)).toBe(2);
    expect(await countDueFollowUps(fx.rep1, MIDNIGHT_OF_THE_4TH)).toBe(3);
    // The manager's Team page counts overdue the same way.
    const overdueOf = async (now: Date) =>
      (await teamFollowThrough(fx.manager, now)).find((rep) => rep.repId === fx.rep1.id)!.overdueFollowUps;
    expect(await overdueOf(EVENING_OF_THE_3RD)).toBe(1);
    expect(await overdueOf(MIDNIGHT_OF_THE_4TH)).toBe(2);
  });

  it("suggested follow-up due dates and deal close dates count from the day in Los Angeles", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const flag = (type: Flag["type"], details: Flag["details"]): Flag => ({
      type,
      score: 0.5,
      reason: "r",
      action: "a",
      valueAtStake: 500,
      details,
    });
    const computed = [
      flag("churn_risk", {}),
      flag("replenishment", { productId: fx.products.toner }),
      flag("upsell", {
        kind: "tier_ladder",
        productId: fx.products.tonerPremium,
        category: "Toner & ink",
        priceStep: 10,
        yearlyQuantity: 12,
      }),
      flag("cross_sell", { category: "Paper" }),
    ];
    // As a metrics writer stores them and syncs their records; the read adds the suggestions.
    await db.prisma.accountMetrics.update({ where: { accountId }, data: { flags: computed as never } });
    await db.prisma.$transaction((tx) => syncStoredFlags(txQuery(tx), [accountId], EVENING_OF_THE_3RD));
    const flags = await accountFlagsFor(accountId, computed, EVENING_OF_THE_3RD);
    // From 3 December: churn risk today, replenishment +2 (5th), upsell +7 (10th), cross-sell +14 (17th).
    expect(flags.map((f) => [f.type, f.followUpDueOn])).toEqual([
      ["churn_risk", "2026-12-03"],
      ["replenishment", "2026-12-05"],
      ["upsell", "2026-12-10"],
      ["cross_sell", "2026-12-17"],
    ]);
    // Deals: an upsell closes in 30 days (3 Dec + 28 = 31 Dec, + 2 = 2 Jan), a cross-sell in 45 (31 Dec + 17 = 17 Jan).
    expect(flags.filter((f) => f.dealDraft).map((f) => [f.type, f.dealDraft!.expectedCloseAt])).toEqual([
      ["upsell", "2027-01-02"],
      ["cross_sell", "2027-01-17"],
    ]);
    expect(await db.prisma.accountFlag.count({ where: { accountId } })).toBe(4);
  });

  it("a snooze ends when its day begins in Los Angeles, and 'tomorrow' there is a valid snooze", async () => {
    const accountId = fx.accounts.rep2[0]!;
    const churn: Flag = { type: "churn_risk", score: 0.7, reason: "r", action: "a", valueAtStake: 800, details: {} };
    const sync = (now: string) => db.prisma.$transaction((tx) => syncAccountFlags(txQuery(tx), accountId, [churn], new Date(now), null));
    const [raised] = await sync("2026-12-01T20:00:00Z");
    await db.prisma.accountFlag.updateMany({ where: { id: raised!.id }, data: { state: "snoozed", snoozedUntil: new Date("2026-12-05") } });
    // 07:59:59 UTC on the 5th is 23:59:59 on the 4th in Los Angeles: still snoozed (a UTC day would have ended it at 00:00 UTC).
    const [still] = await sync("2026-12-05T07:59:59Z");
    expect(still).toMatchObject({ id: raised!.id, state: "snoozed" });
    // The record carries the instant the snooze ends: 5 December, 00:00 in Los Angeles = 08:00 UTC.
    expect(still!.snoozedUntil?.toISOString()).toBe("2026-12-05T08:00:00.000Z");
    expect((await sync("2026-12-05T08:00:00Z"))[0]).toMatchObject({ id: raised!.id, state: "open" });
    expect(
      (await db.prisma.accountFlagEvent.findMany({ where: { flagId: raised!.id }, orderBy: { at: "asc" } })).map((e) => e.cause),
    ).toEqual(["raised", "snooze ended"]);

    // Through the service, with the real clock: today (in Los Angeles) is refused, tomorrow is stored as that day.
    const today = appToday();
    const refused = await snoozeFlagFor(fx.rep2, raised!.id, new Date(`${today}T00:00:00Z`)).catch((e: unknown) => e);
    expect((refused as Invalid).issues).toEqual([{ field: "until", reason: "must be a day after today" }]);
    const tomorrow = addDays(today, 1);
    const snoozed = await snoozeFlagFor(fx.rep2, raised!.id, new Date(`${tomorrow}T00:00:00Z`));
    expect(snoozed).toMatchObject({ state: "snoozed", snoozedUntil: tomorrow });
    expect((await db.prisma.accountFlag.findFirstOrThrow({ where: { id: raised!.id } })).snoozedUntil?.toISOString().slice(0, 10)).toBe(
      tomorrow,
    );
  });
});
