import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { Conflict, Forbidden, Invalid, NotFound, Unprocessable } from "@/lib/errors";
import { createVisit } from "@/lib/visits/create-visit";
import { createVisitInput } from "@/lib/visits/schema";
import { reassignAccounts } from "@/lib/accounts/reassign-accounts";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { createFollowUp, listFollowUps, updateFollowUp } from "./follow-ups";
import { createFollowUpInput, listFollowUpsQuery, updateFollowUpInput } from "./schema";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

// The clock the lists are asked with: 15 June 2026, mid-morning UTC.
const NOW = new Date("2026-06-15T10:00:00Z");
const list = (actor: SalesFixture["rep1"], query: Record<string, string>) => listFollowUps(actor, listFollowUpsQuery.parse(query), NOW);
const create = (accountId: string, title: string, dueOn: string, extra: Record<string, unknown> = {}) =>
  createFollowUp(fx.rep1, createFollowUpInput.parse({ accountId, title, dueOn, ...extra }));

describe("follow-ups", () => {
  it("lists overdue, today's and this week's open follow-ups of the rep, in due order, paged by cursor", async () => {
    const [a, b] = fx.accounts.rep1 as [string, string];
    const overdue = await create(a, "Send the quote", "2026-06-14");
    const today = await create(b, "Call about toner", "2026-06-15");
    const inSix = await create(a, "Check the trial", "2026-06-21");
    await create(a, "Quarterly review", "2026-06-22");
    expect(overdue).toMatchObject({
      accountId: a,
      accountName: "rep1 customer 001",
      title: "Send the quote",
      dueOn: "2026-06-14",
      status: "open",
      flagId: null,
      version: 1,
    });

    expect((await list(fx.rep1, { due: "overdue" })).items.map((f) => f.title)).toEqual(["Send the quote"]);
    expect((await list(fx.rep1, { due: "today" })).items.map((f) => f.id)).toEqual([today.id]);
    // Week: today and the six days after (15–21 June); the 22nd is next week.
    expect((await list(fx.rep1, { due: "week" })).items.map((f) => f.id)).toEqual([today.id, inSix.id]);

    const first = await list(fx.rep1, { limit: "3" });
    expect(first.items.map((f) => f.dueOn)).toEqual(["2026-06-14", "2026-06-15", "2026-06-21"]);
    const second = await list(fx.rep1, { limit: "3", cursor: first.nextCursor! });
    expect(second.items.map((f) => f.dueOn)).toEqual(["2026-06-22"]);
    expect(second.nextCursor).toBeNull();

    // Another rep asking for rep1's follow-ups gets only their own (none); a manager sees rep1's.
    expect((await list(fx.rep2, { ownerId: fx.rep1.id })).items).toEqual([]);
    expect((await list(fx.manager, { ownerId: fx.rep1.id })).items).toHaveLength(4);
  });

  it("closes a follow-up in one call with its version; a stale version is a conflict with the current record", async () => {
    const followUp = await create(fx.accounts.rep1[0]!, "Bring samples", "2026-06-16");
    await expect(updateFollowUp(fx.rep2, followUp.id, updateFollowUpInput.parse({ status: "done", version: 1 }))).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(updateFollowUp(fx.manager, followUp.id, updateFollowUpInput.parse({ status: "done", version: 1 }))).rejects.toBeInstanceOf(
      Forbidden,
    );
    const done = await updateFollowUp(fx.rep1, followUp.id, updateFollowUpInput.parse({ status: "done", version: 1 }));
    expect(done).toMatchObject({ status: "done", version: 2 });
    expect((await db.prisma.followUp.findFirstOrThrow({ where: { id: followUp.id } })).doneAt).not.toBeNull();
    const stale = await updateFollowUp(
      fx.rep1,
      followUp.id,
      updateFollowUpInput.parse({ status: "open", dueOn: "2026-07-01", version: 1 }),
    ).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Conflict);
    expect((stale as Conflict).details).toMatchObject({ status: "done", version: 2, dueOn: "2026-06-16" });
    expect((await list(fx.rep1, { status: "done" })).items.map((f) => f.id)).toContain(followUp.id);
  });

  it("refuses a contact of another account, naming the field, and writes nothing", async () => {
    const elsewhere = await db.prisma.contact.create({ data: { accountId: fx.accounts.rep2[0]!, name: "Not here" } });
    const before = await db.prisma.followUp.count();
    const error = await create(fx.accounts.rep1[0]!, "Lunch", "2026-06-20", { contactId: elsewhere.id }).catch((e: unknown) => e);
    expect((error as Invalid).issues).toEqual([{ field: "contactId", reason: "no such contact on this account" }]);
    expect(await db.prisma.followUp.count()).toBe(before);
    const parsed = createFollowUpInput.safeParse({ accountId: "x", title: " ", dueOn: "15/06/2026" });
    expect(parsed.error!.issues.map((i) => i.path.join("."))).toEqual(["accountId", "title", "dueOn"]);
  });

  it("a visit's next step with a due date becomes a follow-up; a date without a next step is refused", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const logged = await createVisit(
      fx.rep1,
      createVisitInput.parse({
        accountId,
        type: "MEETING",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        idempotencyKey: randomUUID(),
        nextStep: "Send the Premium toner price list",
        nextStepDueOn: "2026-06-18",
      }),
    );
    expect(logged.followUp).toMatchObject({ accountId, title: "Send the Premium toner price list", dueOn: "2026-06-18", status: "open" });
    const stored = await db.prisma.followUp.findFirstOrThrow({ where: { id: logged.followUp!.id } });
    expect(stored.visitId).toBe(logged.visit.id);
    const refused = createVisitInput.safeParse({
      accountId,
      type: "CALL",
      occurredAt: new Date().toISOString(),
      idempotencyKey: randomUUID(),
      nextStepDueOn: "2026-06-18",
    });
    expect(refused.error!.issues.map((i) => i.path.join("."))).toEqual(["nextStep"]);
  });

  it("an order closes the follow-ups it answered in its own transaction; one not on the account refuses the whole order", async () => {
    const [a, b] = fx.accounts.rep1 as [string, string];
    const c = fx.accounts.rep2[0]!;
    const overdue = await create(a, "Take the toner order", "2026-06-10");
    const later = await create(a, "Ask about paper", "2030-01-01");
    const onB = await create(b, "Visit the new office", "2026-06-12");
    const rep2s = await createFollowUp(fx.rep2, createFollowUpInput.parse({ accountId: c, title: "rep2's own", dueOn: "2026-06-12" }));
    const order = (accountId: string, closeFollowUpIds: string[], idempotencyKey: string = randomUUID()) =>
      createPurchaseInput.parse({
        accountId,
        purchasedAt: new Date(Date.now() - 60_000).toISOString(),
        idempotencyKey,
        closeFollowUpIds,
        lines: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90" }],
      });
    const statusOf = async (id: string) => {
      const row = await db.prisma.followUp.findFirstOrThrow({ where: { id } });
      return [row.status, row.version, row.doneAt?.toISOString() ?? null];
    };
    const orders = () => db.prisma.purchase.count();
    const before = await orders();

    // Another rep's follow-up, or this rep's on another account: 400 naming the item, and no order, no close.
    const foreign = await createPurchase(fx.rep1, order(a, [rep2s.id])).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(Invalid);
    expect((foreign as Invalid).issues).toEqual([{ field: "closeFollowUpIds.0", reason: "no such follow-up on this account" }]);
    const mixed = await createPurchase(fx.rep1, order(a, [overdue.id, onB.id])).catch((e: unknown) => e);
    expect((mixed as Invalid).issues).toEqual([{ field: "closeFollowUpIds.1", reason: "no such follow-up on this account" }]);
    const none = await createPurchase(fx.rep1, order(a, [randomUUID()])).catch((e: unknown) => e);
    expect((none as Invalid).issues).toEqual([{ field: "closeFollowUpIds.0", reason: "no such follow-up on this account" }]);
    // rep2 cannot close rep1's follow-up through an order on rep2's own account either.
    const across = await createPurchase(fx.rep2, order(c, [overdue.id])).catch((e: unknown) => e);
    expect((across as Invalid).issues).toEqual([{ field: "closeFollowUpIds.0", reason: "no such follow-up on this account" }]);
    expect(await orders()).toBe(before);
    expect(await statusOf(overdue.id)).toEqual(["open", 1, null]);

    // The rep's own, on the account (named twice: once is enough): both done with the order, version 1 → 2.
    const input = order(a, [overdue.id, later.id, overdue.id], "close-with-order-01");
    const logged = await createPurchase(fx.rep1, input);
    expect(logged.closedFollowUps.map((f) => [f.id, f.status, f.version])).toEqual([
      [overdue.id, "done", 2],
      [later.id, "done", 2],
    ]);
    expect(await orders()).toBe(before + 1);
    const [, , doneAt] = await statusOf(overdue.id);
    expect(doneAt).not.toBeNull();
    expect(await statusOf(onB.id)).toEqual(["open", 1, null]);
    expect(await statusOf(rep2s.id)).toEqual(["open", 1, null]);
    // A retry of the same order replays it and closes nothing again.
    const replay = await createPurchase(fx.rep1, input);
    expect(replay).toMatchObject({ replayed: true, closedFollowUps: [] });
    expect(replay.purchase.id).toBe(logged.purchase.id);
    // One already done stays as it was.
    await createPurchase(fx.rep1, order(a, [overdue.id]));
    expect(await statusOf(overdue.id)).toEqual(["done", 2, doneAt]);
  });

  it("a visit closes the follow-ups it answered the same way", async () => {
    const a = fx.accounts.rep1[0]!;
    const c = fx.accounts.rep2[0]!;
    const mine = await create(a, "Call back about the invoice", "2026-06-14");
    const rep2s = await createFollowUp(fx.rep2, createFollowUpInput.parse({ accountId: c, title: "rep2's call", dueOn: "2026-06-14" }));
    const visit = (closeFollowUpIds: string[], idempotencyKey: string = randomUUID()) =>
      createVisitInput.parse({
        accountId: a,
        type: "CALL",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        idempotencyKey,
        closeFollowUpIds,
      });
    const visits = () => db.prisma.visit.count();
    const before = await visits();
    const refused = await createVisit(fx.rep1, visit([mine.id, rep2s.id])).catch((e: unknown) => e);
    expect((refused as Invalid).issues).toEqual([{ field: "closeFollowUpIds.1", reason: "no such follow-up on this account" }]);
    expect(await visits()).toBe(before);
    expect((await db.prisma.followUp.findFirstOrThrow({ where: { id: mine.id } })).status).toBe("open");

    const logged = await createVisit(fx.rep1, visit([mine.id], "close-with-visit-01"));
    expect(logged.closedFollowUps.map((f) => [f.id, f.status, f.version])).toEqual([[mine.id, "done", 2]]);
    expect(await visits()).toBe(before + 1);
    expect((await db.prisma.followUp.findFirstOrThrow({ where: { id: rep2s.id } })).status).toBe("open");
    // The same key with other follow-ups to close is another request (422), not a replay.
    await expect(createVisit(fx.rep1, visit([], "close-with-visit-01"))).rejects.toBeInstanceOf(Unprocessable);
  });

  it("closeFollowUpIds is validated at the edge, naming the item", () => {
    const base = {
      accountId: fx.accounts.rep1[0]!,
      purchasedAt: new Date().toISOString(),
      idempotencyKey: randomUUID(),
      lines: [{ productId: fx.products.toner, quantity: 1, unitPrice: 1 }],
    };
    const issues = (closeFollowUpIds: unknown) =>
      createPurchaseInput.safeParse({ ...base, closeFollowUpIds }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues(["not-an-id"])?.[0]?.[0]).toBe("closeFollowUpIds.0");
    expect(issues("x")).toEqual([["closeFollowUpIds", "must be a list of follow-up ids"]]);
    expect(issues(Array.from({ length: 51 }, () => randomUUID()))).toEqual([["closeFollowUpIds", "at most 50 follow-ups at once"]]);
    expect(createPurchaseInput.parse({ ...base, closeFollowUpIds: [] }).closeFollowUpIds).toBeUndefined();
  });

  it("follow-ups move with the account when it is reassigned", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const ids = (await list(fx.rep1, { accountId })).items.map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    await reassignAccounts(fx.manager, { accountIds: [accountId], toOwnerId: fx.rep2.id });
    expect((await list(fx.rep1, { accountId })).items).toEqual([]);
    expect((await list(fx.rep2, { accountId })).items.map((f) => f.id)).toEqual(ids);
  });
});
