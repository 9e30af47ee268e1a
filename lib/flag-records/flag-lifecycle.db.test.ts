// Flags as owned work, through the services a route calls: raised by the live metrics
// path, acted by a call or a deal, snoozed, dismissed, resolved, with every change kept.
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { getAccount } from "@/lib/accounts/get-account";
import { listAccounts } from "@/lib/accounts/list-accounts";
import { todayFor } from "@/lib/follow-ups/today";
import { createVisit } from "@/lib/visits/create-visit";
import { createVisitInput } from "@/lib/visits/schema";
import { createDeal } from "@/lib/deals/create-deal";
import { createDealInput } from "@/lib/deals/schema";
import { dismissFlagFor, snoozeFlagFor } from "./flag-actions";
import { syncAccountFlags, syncFlagsOfBatch } from "./sync";
import { readFlagSettings, setFlagSettings } from "./settings";
import { flagSettingsInput } from "./schema";
import { txQuery } from "./flag-actions";
import type { Flag } from "@/lib/flags/types";
import { createFollowUp, updateFollowUp } from "@/lib/follow-ups/follow-ups";
import { createFollowUpInput, updateFollowUpInput } from "@/lib/follow-ups/schema";
import { flagsOfAccounts } from "./read";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 3 });

const DAY = 86_400_000;
const tomorrow = () => new Date(Math.floor(Date.now() / DAY) * DAY + DAY);

/** Monthly toner orders for a year, then 120 days of silence: churn risk, and the Premium tier as an upsell. */
async function quietTonerBuyer(accountId: string) {
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
}

const events = (flagId: string) =>
  db.prisma.accountFlagEvent
    .findMany({ where: { flagId }, orderBy: { at: "asc" } })
    .then((rows) => rows.map((e) => [e.fromState, e.toState, e.actorId, e.cause]));

describe("flags with a lifecycle", () => {
  it("the live recompute raises records; a call marks churn risk acted; an upsell deal carries the flag", async () => {
    const accountId = fx.accounts.rep1[0]!;
    await quietTonerBuyer(accountId);
    const account = await getAccount(fx.rep1, accountId);
    const churn = account.flags.find((f) => f.type === "churn_risk")!;
    const upsell = account.flags.find((f) => f.type === "upsell")!;
    expect(churn).toMatchObject({ state: "open", followUpId: null, dealId: null });
    expect(churn.id).toEqual(expect.any(String));
    expect(upsell).toMatchObject({ state: "open", subject: "Toner & ink" });
    expect(await events(churn.id!)).toEqual([[null, "open", null, "raised"]]);
    // Open churn risk: the flag filter finds the account.
    expect((await listAccounts(fx.rep1, { flag: "churn_risk" })).items.map((a) => a.id)).toContain(accountId);

    await createVisit(
      fx.rep1,
      createVisitInput.parse({
        accountId,
        type: "CALL",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        idempotencyKey: randomUUID(),
      }),
    );
    const afterCall = await getAccount(fx.rep1, accountId);
    const churnAfter = afterCall.flags.find((f) => f.type === "churn_risk")!;
    // Same condition, same id; acted by rep1 through the call. The upsell is untouched.
    expect(churnAfter).toMatchObject({ id: churn.id, state: "acted" });
    expect(churnAfter.actedAt).not.toBeNull();
    expect(afterCall.flags.find((f) => f.type === "upsell")!.state).toBe("open");
    expect(await events(churn.id!)).toEqual([
      [null, "open", null, "raised"],
      ["open", "acted", fx.rep1.id, "visit:CALL"],
    ]);
    // Acted flags are not "open": the filter no longer lists the account.
    expect((await listAccounts(fx.rep1, { flag: "churn_risk" })).items.map((a) => a.id)).not.toContain(accountId);

    // A deal may carry only an upsell or cross-sell flag of the same account; nothing is written otherwise.
    const dealBody = (flagId: string, id = accountId) =>
      createDealInput.parse({ accountId: id, title: "Upgrade to Toner Premium", type: "UPSELL", amount: "240", flagId });
    const wrongType = await createDeal(fx.rep1, dealBody(churn.id!)).catch((e: unknown) => e);
    expect(wrongType).toBeInstanceOf(Invalid);
    expect((wrongType as Invalid).issues.map((i) => i.field)).toEqual(["flagId"]);
    await expect(createDeal(fx.rep1, dealBody(upsell.id!, fx.accounts.rep1[1]!))).rejects.toBeInstanceOf(Invalid);
    expect(await db.prisma.deal.count({ where: { flagId: { not: null } } })).toBe(0);

    const deal = await createDeal(fx.rep1, dealBody(upsell.id!));
    expect(deal.flagId).toBe(upsell.id);
    const afterDeal = (await getAccount(fx.rep1, accountId)).flags.find((f) => f.type === "upsell")!;
    expect(afterDeal).toMatchObject({ id: upsell.id, state: "acted", dealId: deal.id, dealTitle: "Upgrade to Toner Premium" });
    expect((await events(upsell.id!)).at(-1)).toEqual(["open", "acted", fx.rep1.id, "deal"]);
  });

  it("the account page and the Today list link each flag to its earliest open follow-up and its newest deal", async () => {
    const accountId = fx.accounts.rep1[2]!;
    await quietTonerBuyer(accountId);
    const flagsNow = async () => (await getAccount(fx.rep1, accountId)).flags;
    const churn = (await flagsNow()).find((f) => f.type === "churn_risk")!;
    const upsell = (await flagsNow()).find((f) => f.type === "upsell")!;
    const day = (offset: number) => new Date(Math.floor(Date.now() / DAY) * DAY + offset * DAY).toISOString().slice(0, 10);
    const followUp = (title: string, dueOn: string) =>
      createFollowUp(fx.rep1, createFollowUpInput.parse({ accountId, title, dueOn, flagId: churn.id }));
    // Made first but due last: the earliest-made open follow-up is not the one to link.
    await followUp("Call back", day(10));
    const sooner = await followUp("Call first", day(3));
    const done = await followUp("Called", day(1));
    await updateFollowUp(fx.rep1, done.id, updateFollowUpInput.parse({ status: "done", version: done.version }));
    const deal = (title: string) =>
      createDeal(fx.rep1, createDealInput.parse({ accountId, title, type: "UPSELL", amount: "240", flagId: upsell.id }));
    await deal("Toner Premium, first try");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newest = await deal("Toner Premium, second try");

    const expected = [
      { type: "churn_risk", id: churn.id, followUpId: sooner.id, dealId: null, dealTitle: null },
      { type: "upsell", id: upsell.id, followUpId: null, dealId: newest.id, dealTitle: "Toner Premium, second try" },
    ];
    const linksOfFlags = (
      flags: Array<{ type: string; id: string | null; followUpId: string | null; dealId: string | null; dealTitle: string | null }>,
    ) =>
      flags
        .filter((f) => f.type === "churn_risk" || f.type === "upsell")
        .map(({ type, id, followUpId, dealId, dealTitle }) => ({ type, id, followUpId, dealId, dealTitle }))
        .sort((a, b) => a.type.localeCompare(b.type));
    expect(linksOfFlags(await flagsNow())).toEqual(expected);
    const stored = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
    const today = await flagsOfAccounts([{ accountId, flags: stored.flags as unknown as Flag[] }]);
    expect(linksOfFlags(today.get(accountId)!)).toEqual(expected);
    // A flag action answers the flag with the same links.
    const snoozed = await snoozeFlagFor(fx.rep1, churn.id!, new Date(tomorrow().getTime() + 6 * DAY));
    expect(snoozed).toMatchObject({ id: churn.id, followUpId: sooner.id, dealId: null });
    const dismissed = await dismissFlagFor(fx.rep1, upsell.id!, "customer_declined", null);
    expect(dismissed).toMatchObject({ id: upsell.id, followUpId: null, dealId: newest.id, dealTitle: "Toner Premium, second try" });
  });

  it("snooze and dismiss: another rep's flag answers 404, a manager's change 403, the owner's 200", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const upsell = (await getAccount(fx.rep1, accountId)).flags.find((f) => f.type === "upsell")!;
    const until = new Date(tomorrow().getTime() + 6 * DAY);
    await expect(snoozeFlagFor(fx.rep2, upsell.id!, until)).rejects.toBeInstanceOf(NotFound);
    await expect(snoozeFlagFor(fx.manager, upsell.id!, until)).rejects.toBeInstanceOf(Forbidden);
    await expect(snoozeFlagFor(fx.rep1, randomUUID(), until)).rejects.toBeInstanceOf(NotFound);
    // Today is not a snooze.
    const today = new Date(Math.floor(Date.now() / DAY) * DAY);
    const refused = await snoozeFlagFor(fx.rep1, upsell.id!, today).catch((e: unknown) => e);
    expect((refused as Invalid).issues).toEqual([{ field: "until", reason: "must be a day after today" }]);

    const snoozed = await snoozeFlagFor(fx.rep1, upsell.id!, until);
    expect(snoozed).toMatchObject({ id: upsell.id, state: "snoozed", snoozedUntil: until.toISOString().slice(0, 10) });
    const dismissed = await dismissFlagFor(fx.rep1, upsell.id!, "customer_declined", "Happy with Standard");
    expect(dismissed).toMatchObject({ state: "dismissed", dismissReason: "customer_declined" });
    // Dismissing twice is a conflict carrying the current flag.
    const again = await dismissFlagFor(fx.rep1, upsell.id!, "other", null).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Conflict);
    expect(((again as Conflict).details as { state: string }).state).toBe("dismissed");
    expect((await events(upsell.id!)).slice(-2)).toEqual([
      ["acted", "snoozed", fx.rep1.id, "snooze"],
      ["snoozed", "dismissed", fx.rep1.id, "dismiss:customer_declined"],
    ]);
    // The account list's badges leave the dismissed upsell out; the acted churn risk and replenishment still show.
    const listed = (await listAccounts(fx.rep1, {})).items.find((a) => a.id === accountId)!;
    expect(listed.flags.map((f) => f.type).sort()).toEqual(["churn_risk", "replenishment"]);
    // A recompute keeps it dismissed (same value at stake, within 60 days).
    await db.prisma.$transaction((tx) => recomputeAccountMetrics(tx, accountId));
    const row = await db.prisma.accountFlag.findFirstOrThrow({ where: { id: upsell.id! } });
    expect(row.state).toBe("dismissed");
    expect(row.closedAt).toBeNull();
  });

  it("with an injected clock: a snooze runs out, a dismissal expires after 60 days, a cleared condition resolves", async () => {
    const accountId = fx.accounts.rep1[2]!;
    const flag: Flag = {
      type: "replenishment",
      score: 0.5,
      reason: "r",
      action: "a",
      valueAtStake: 300,
      details: { productId: fx.products.paper },
    };
    const sync = (computed: Flag[], now: string, actorId: string | null = null) =>
      db.prisma.$transaction((tx) => syncAccountFlags(txQuery(tx), accountId, computed, new Date(now), actorId));
    const [raised] = await sync([flag], "2026-01-01T09:00:00Z");
    expect(raised).toMatchObject({ state: "open", subject: fx.products.paper, raisedValueAtStake: 300 });
    await db.prisma.accountFlag.updateMany({
      where: { id: raised!.id },
      data: { state: "snoozed", snoozedUntil: new Date("2026-01-10T00:00:00Z") },
    });
    expect((await sync([flag], "2026-01-09T23:00:00Z"))[0]!.state).toBe("snoozed");
    expect((await sync([flag], "2026-01-10T08:00:00Z"))[0]!).toMatchObject({ id: raised!.id, state: "open" });

    await db.prisma.accountFlag.updateMany({
      where: { id: raised!.id },
      data: {
        state: "dismissed",
        dismissedAt: new Date("2026-01-10T08:00:00Z"),
        dismissReason: "not_relevant",
        dismissedValueAtStake: "300",
      },
    });
    // 59 days later (2026-03-10 08:00 is 59 days after 2026-01-10 08:00): still dismissed.
    expect((await sync([flag], "2026-03-10T08:00:00Z"))[0]!).toMatchObject({ id: raised!.id, state: "dismissed" });
    // 60 days: raised again under a new id; the dismissed episode is closed and kept.
    const [back] = await sync([flag], "2026-03-11T08:00:00Z");
    expect(back).toMatchObject({ state: "open" });
    expect(back!.id).not.toBe(raised!.id);
    expect((await db.prisma.accountFlag.findFirstOrThrow({ where: { id: raised!.id } })).closedAt?.toISOString()).toBe(
      "2026-03-11T08:00:00.000Z",
    );
    // The order arrived: the condition cleared.
    expect(await sync([], "2026-03-12T08:00:00Z")).toEqual([]);
    const resolved = await db.prisma.accountFlag.findFirstOrThrow({ where: { id: back!.id } });
    expect(resolved.state).toBe("resolved");
    expect(resolved.resolvedAt?.toISOString()).toBe("2026-03-12T08:00:00.000Z");
    expect(await events(back!.id)).toEqual([
      [null, "open", null, "raised again: dismissal expired"],
      ["open", "resolved", null, "condition cleared"],
    ]);
  });

  it("reads never write: a flag stored without a sync reads with no id; a snooze that ran out reads as open", async () => {
    const accountId = fx.accounts.rep2[0]!;
    const churn: Flag = {
      type: "churn_risk",
      score: 0.7,
      reason: "No order for 90 days.",
      action: "Call this week.",
      valueAtStake: 1200,
      details: { severity: "high" },
    };
    // What every reader below may touch: the rows, their versions and times, the history.
    const snapshot = async () => ({
      flags: (await db.prisma.accountFlag.findMany({ orderBy: { id: "asc" } })).map((r) => [
        r.id,
        r.state,
        r.version,
        r.updatedAt.toISOString(),
      ]),
      events: await db.prisma.accountFlagEvent.count(),
    });
    const readEverything = async () => {
      const account = await getAccount(fx.rep2, accountId);
      await listAccounts(fx.rep2, {});
      await listAccounts(fx.rep2, { flag: "churn_risk" });
      await todayFor(fx.rep2);
      return account.flags;
    };

    // Flags written around the writers (none does that now): shown, but with no record to act on, and none is made.
    await db.prisma.accountMetrics.update({ where: { accountId }, data: { flags: [churn] as never, attentionScore: 0.9 } });
    const before = await snapshot();
    expect(await readEverything()).toMatchObject([{ type: "churn_risk", id: null, state: "open", valueAtStake: 1200 }]);
    expect(await snapshot()).toEqual(before);
    expect(await db.prisma.accountFlag.count({ where: { accountId } })).toBe(0);

    // A writer records it; then a snooze runs out with no write since: it reads as open, and the row stays as it was.
    const [record] = await db.prisma.$transaction((tx) =>
      syncAccountFlags(txQuery(tx), accountId, [churn], new Date("2026-01-01T09:00:00Z"), null),
    );
    await db.prisma.accountFlag.updateMany({ where: { id: record!.id }, data: { state: "snoozed", snoozedUntil: new Date("2026-01-05") } });
    const snoozed = await snapshot();
    const [read] = await readEverything();
    expect(read).toMatchObject({ id: record!.id, state: "open", snoozedUntil: null });
    expect((await todayFor(fx.rep2)).flags.map((f) => f.flag.id)).toContain(record!.id);
    expect((await listAccounts(fx.rep2, { flag: "churn_risk" })).items.map((a) => a.id)).toContain(accountId);
    expect(await snapshot()).toEqual(snoozed);
    expect((await db.prisma.accountFlag.findFirstOrThrow({ where: { id: record!.id } })).state).toBe("snoozed");
  });

  it("the admin's flagDismissDays sets how long a dismissal holds, for the live sync and the bulk one", async () => {
    const accountId = fx.accounts.rep2[1]!;
    const other = fx.accounts.rep2[2]!;
    expect(await readFlagSettings(fx.admin)).toEqual({ flagDismissDays: 60 });
    await expect(setFlagSettings(fx.manager, flagSettingsInput.parse({ flagDismissDays: 10 }))).rejects.toBeInstanceOf(Forbidden);
    await expect(setFlagSettings(fx.rep2, flagSettingsInput.parse({ flagDismissDays: 10 }))).rejects.toBeInstanceOf(Forbidden);
    expect(await setFlagSettings(fx.admin, flagSettingsInput.parse({ flagDismissDays: 10 }))).toEqual({ flagDismissDays: 10 });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "settings.flags" } });
    expect([audit.before, audit.after]).toEqual([{ flagDismissDays: 60 }, { flagDismissDays: 10 }]);
    try {
      const flag: Flag = {
        type: "replenishment",
        score: 0.5,
        reason: "r",
        action: "a",
        valueAtStake: 300,
        details: { productId: fx.products.toner },
      };
      const dismissAt = async (id: string) =>
        db.prisma.accountFlag.updateMany({
          where: { id },
          data: {
            state: "dismissed",
            dismissedAt: new Date("2026-02-01T08:00:00Z"),
            dismissReason: "not_relevant",
            dismissedValueAtStake: "300",
          },
        });

      // The live path (recomputeAccountMetrics → syncAccountFlags).
      const sync = (now: string) => db.prisma.$transaction((tx) => syncAccountFlags(txQuery(tx), accountId, [flag], new Date(now), null));
      const raised = (await sync("2026-01-31T08:00:00Z")).find((r) => r.type === "replenishment");
      await dismissAt(raised!.id);
      // 2026-02-10 08:00 is 9 days after 2026-02-01 08:00: still dismissed (the default 60 would say so too).
      expect(await sync("2026-02-10T08:00:00Z")).toEqual([expect.objectContaining({ id: raised!.id, state: "dismissed" })]);
      // 2026-02-11 08:00 is 10 days after: raised again (with the default 60 it would stay dismissed until 2026-04-02).
      const [back, ...rest] = await sync("2026-02-11T08:00:00Z");
      expect(rest).toEqual([]);
      expect(back).toMatchObject({ state: "open" });
      expect(back!.id).not.toBe(raised!.id);
      expect(await events(back!.id)).toEqual([[null, "open", null, "raised again: dismissal expired"]]);

      // A bulk pass (daily recompute, refit) reads the same setting.
      const batch = (now: string) =>
        db.prisma.$transaction((tx) => syncFlagsOfBatch(txQuery(tx), [{ accountId: other, flags: [flag] }], new Date(now)));
      await db.prisma.accountMetrics.update({ where: { accountId: other }, data: { computedAt: new Date("2026-01-01T00:00:00Z") } });
      await batch("2026-01-31T08:00:00Z");
      const first = await db.prisma.accountFlag.findFirstOrThrow({ where: { accountId: other, type: "replenishment", closedAt: null } });
      await dismissAt(first.id);
      expect(await batch("2026-02-10T08:00:00Z")).toBe(0);
      expect(await batch("2026-02-11T08:00:00Z")).toBe(1);
      const current = await db.prisma.accountFlag.findFirstOrThrow({ where: { accountId: other, type: "replenishment", closedAt: null } });
      expect(current.id).not.toBe(first.id);
      expect(current.state).toBe("open");
    } finally {
      await setFlagSettings(fx.admin, flagSettingsInput.parse({ flagDismissDays: 60 }));
    }
  });
});
