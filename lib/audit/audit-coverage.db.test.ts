import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/lib/db/testing";
import { useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { startTestJobQueue, closeTestDatabase } from "@/lib/testing/fixture-database";
import { Conflict } from "@/lib/errors";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { createVisit } from "@/lib/visits/create-visit";
import { createVisitInput } from "@/lib/visits/schema";
import { createDeal } from "@/lib/deals/create-deal";
import { updateDeal } from "@/lib/deals/update-deal";
import { createDealInput, updateDealInput } from "@/lib/deals/schema";
import { listAudit, listAuditQuery } from "./list-audit";

// Orders, visits and deal moves are in the audit log, written with the change itself,
// and the log's page names the people and records its entries refer to.
let db: Database;
let fx: SalesFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await startTestJobQueue(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 2 });
  await recomputeAllMetrics(db, { refit: false });
});
afterAll(() => closeTestDatabase(db));

const entriesOf = (entityId: string) => db.prisma.auditLog.findMany({ where: { entityId }, orderBy: { at: "asc" } });

describe("audit of orders, visits and deals", () => {
  it("an order logged in the app is audited with its account, total and lines", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const logged = await createPurchase(
      fx.rep1,
      createPurchaseInput.parse({
        accountId,
        purchasedAt: "2026-11-02T10:00:00.000Z",
        idempotencyKey: randomUUID(),
        lines: [
          { productId: fx.products.toner, quantity: 3, unitPrice: "59.90" },
          { productId: fx.products.paper, quantity: 1, unitPrice: "24.50" },
        ],
      }),
    );
    const [entry, ...more] = await entriesOf(logged.purchase.id);
    expect(more).toEqual([]);
    // 3 × 59.90 + 24.50 = 204.20
    expect(entry).toMatchObject({
      action: "purchase.create",
      actorId: fx.rep1.id,
      entityType: "purchase",
      after: { accountId, total: 204.2 },
    });
    expect((entry!.after as { lines: unknown[] }).lines).toHaveLength(2);
  });

  it("a visit is audited with its type and outcome", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const logged = await createVisit(
      fx.rep1,
      createVisitInput.parse({
        accountId,
        type: "CALL",
        occurredAt: "2026-11-03T09:00:00.000Z",
        outcome: "Wants a quote",
        idempotencyKey: randomUUID(),
      }),
    );
    const entries = await entriesOf(logged.visit.id);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([["visit.create", fx.rep1.id]]);
    expect(entries[0]!.after).toMatchObject({ accountId, type: "CALL", outcome: "Wants a quote" });
  });

  it("a deal's creation, stage move and edit are audited; a refused stale edit writes nothing", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const deal = await createDeal(fx.rep1, createDealInput.parse({ accountId, title: "Toner refill", type: "UPSELL", amount: "1200.00" }));
    const moved = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "QUALIFIED", version: deal.version }));
    await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ amount: "1500.00", version: moved.version }));
    // The same version again: someone else's change came first.
    await expect(updateDeal(fx.rep1, deal.id, updateDealInput.parse({ amount: "9.00", version: moved.version }))).rejects.toBeInstanceOf(
      Conflict,
    );
    const entries = await entriesOf(deal.id);
    expect(entries.map((e) => e.action)).toEqual(["deal.create", "deal.stage", "deal.update"]);
    expect(entries[1]).toMatchObject({ before: { stage: "LEAD" }, after: { stage: "QUALIFIED" } });
    expect(entries[2]).toMatchObject({ before: { amount: 1200 }, after: { amount: 1500, stage: "QUALIFIED" } });
  });
});

describe("the audit page's names", () => {
  it("resolves the users, accounts and deals its entries refer to", async () => {
    const accountId = fx.accounts.rep2[0]!;
    const account = await db.prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { name: true } });
    const deal = await createDeal(fx.rep2, createDealInput.parse({ accountId, title: "Paper for a year", amount: "800" }));
    const page = await listAudit(fx.admin, listAuditQuery.parse({ entityId: deal.id }));
    expect(page.items.map((item) => item.action)).toEqual(["deal.create"]);
    expect(page.names[deal.id]).toBe("Paper for a year");
    expect(page.names[accountId]).toBe(account.name);
    expect(page.items[0]!.actor?.name).toBe(fx.rep2.name);
  });
});
