import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden, Invalid, NotFound, Unprocessable } from "@/lib/errors";
import { createVisit } from "./create-visit";
import { listVisits } from "./list-visits";
import { createVisitInput, listVisitsQuery } from "./schema";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;

useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 3 });

const HOUR = 3_600_000;

const visit = (accountId: string, extra: Record<string, unknown> = {}) =>
  createVisitInput.parse({
    accountId,
    type: "VISIT",
    occurredAt: new Date(Date.now() - HOUR).toISOString(),
    idempotencyKey: randomUUID(),
    ...extra,
  });

describe("logging a visit", () => {
  it("stores the visit with the session's rep and updates the account's lastVisitAt in the same call", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const occurredAt = new Date(Date.now() - 2 * HOUR);
    const contact = await db.prisma.contact.create({ data: { accountId, name: "Dana Buyer" } });
    const result = await createVisit(
      fx.rep1,
      visit(accountId, {
        type: "MEETING",
        occurredAt: occurredAt.toISOString(),
        contactId: contact.id,
        outcome: "  Agreed on a trial  ",
        notes: "Wants premium toner pricing",
        nextStep: "Send quote",
      }),
    );
    expect(result.replayed).toBe(false);
    expect(result.visit).toMatchObject({
      accountId,
      repId: fx.rep1.id,
      repName: "rep1",
      type: "MEETING",
      contactId: contact.id,
      contactName: "Dana Buyer",
      outcome: "Agreed on a trial",
      notes: "Wants premium toner pricing",
      nextStep: "Send quote",
      occurredAt: occurredAt.toISOString(),
    });
    expect(result.metrics?.lastVisitAt).toBe(occurredAt.toISOString());
    const stored = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
    expect(stored.lastVisitAt?.toISOString()).toBe(occurredAt.toISOString());

    // A later visit moves lastVisitAt; an older one logged afterwards does not move it back.
    const later = new Date(Date.now() - HOUR);
    expect((await createVisit(fx.rep1, visit(accountId, { type: "CALL", occurredAt: later.toISOString() }))).metrics?.lastVisitAt).toBe(
      later.toISOString(),
    );
    const older = new Date(Date.now() - 48 * HOUR);
    expect((await createVisit(fx.rep1, visit(accountId, { type: "EMAIL", occurredAt: older.toISOString() }))).metrics?.lastVisitAt).toBe(
      later.toISOString(),
    );
  });

  it("lists an account's visits newest first, paged by cursor", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const first = await listVisits(fx.rep1, listVisitsQuery.parse({ accountId, limit: "2" }));
    expect(first.items.map((v) => v.type)).toEqual(["CALL", "MEETING"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listVisits(fx.rep1, listVisitsQuery.parse({ accountId, limit: "2", cursor: first.nextCursor! }));
    expect(second.items.map((v) => v.type)).toEqual(["EMAIL"]);
    expect(second.nextCursor).toBeNull();
    // Managers read every account.
    expect((await listVisits(fx.manager, listVisitsQuery.parse({ accountId }))).items).toHaveLength(3);
    await expect(listVisits(fx.rep2, listVisitsQuery.parse({ accountId }))).rejects.toBeInstanceOf(NotFound);
  });

  it("answers a retried submission with the first result and writes nothing", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const input = visit(accountId, { idempotencyKey: "visit-retry-0001", outcome: "Took an order" });
    const first = await createVisit(fx.rep1, input);
    const again = await createVisit(fx.rep1, createVisitInput.parse({ ...input, occurredAt: input.occurredAt.toISOString() }));
    expect(again.replayed).toBe(true);
    expect(again.visit.id).toBe(first.visit.id);
    expect(again.metrics?.lastVisitAt).toBe(first.visit.occurredAt);
    expect(await db.prisma.visit.count({ where: { accountId } })).toBe(1);
  });

  it("concurrent retries with one key log one visit and all answer with it", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const input = visit(accountId, { idempotencyKey: "visit-race-0001", type: "CALL" });
    const results = await Promise.all(Array.from({ length: 6 }, () => createVisit(fx.rep1, input)));
    expect(new Set(results.map((r) => r.visit.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db.prisma.visit.count({ where: { accountId, idempotencyKey: "visit-race-0001" } })).toBe(1);
  });

  it("refuses the same key with a different body (422) and writes nothing", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const before = await db.prisma.visit.count({ where: { accountId } });
    await expect(
      createVisit(fx.rep1, visit(accountId, { idempotencyKey: "visit-retry-0001", outcome: "Something else" })),
    ).rejects.toBeInstanceOf(Unprocessable);
    expect(await db.prisma.visit.count({ where: { accountId } })).toBe(before);
  });

  it("keys are per rep: another rep may use the same key", async () => {
    const result = await createVisit(fx.rep2, visit(fx.accounts.rep2[0]!, { idempotencyKey: "visit-retry-0001" }));
    expect(result.replayed).toBe(false);
  });

  it("rejects a contact from another account, naming contactId, and writes nothing", async () => {
    const accountId = fx.accounts.rep1[2]!;
    const elsewhere = await db.prisma.contact.create({ data: { accountId: fx.accounts.rep1[0]!, name: "Not here" } });
    const error = await createVisit(fx.rep1, visit(accountId, { contactId: elsewhere.id })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues.map((i) => i.field)).toEqual(["contactId"]);
    expect(await db.prisma.visit.count({ where: { accountId } })).toBe(0);
    // The refused visit left no trace in the live metrics either.
    expect((await db.prisma.accountMetrics.findUnique({ where: { accountId } }))?.lastVisitAt ?? null).toBeNull();
  });

  it("hides another rep's account (404) and does not let a manager log for a rep (403)", async () => {
    await expect(createVisit(fx.rep1, visit(fx.accounts.rep2[1]!))).rejects.toBeInstanceOf(NotFound);
    await expect(createVisit(fx.rep1, visit(randomUUID()))).rejects.toBeInstanceOf(NotFound);
    await expect(createVisit(fx.manager, visit(fx.accounts.rep2[1]!))).rejects.toBeInstanceOf(Forbidden);
    expect(await db.prisma.visit.count({ where: { accountId: fx.accounts.rep2[1]! } })).toBe(0);
    // An admin may log on any account; the visit is theirs.
    const byAdmin = await createVisit(fx.admin, visit(fx.accounts.rep2[1]!));
    expect(byAdmin.visit.repId).toBe(fx.admin.id);
  });

  it("validates the body at the edge, naming each field", () => {
    const result = createVisitInput.safeParse({
      accountId: "nope",
      contactId: "x",
      type: "LUNCH",
      occurredAt: new Date(Date.now() + 3 * 24 * HOUR).toISOString(),
      outcome: "x".repeat(201),
      idempotencyKey: "k",
      repId: randomUUID(),
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join(".") || "(body)");
    expect(fields).toEqual(expect.arrayContaining(["accountId", "contactId", "type", "occurredAt", "outcome", "idempotencyKey"]));
    // Unknown keys (a client trying to pick the rep) are refused.
    expect(result.error!.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
    const blank = createVisitInput.parse({
      accountId: randomUUID(),
      type: "CALL",
      occurredAt: new Date().toISOString(),
      idempotencyKey: randomUUID(),
      notes: "   ",
    });
    expect(blank.notes).toBeUndefined();
  });
});
