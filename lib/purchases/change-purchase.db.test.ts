import { runnerQuery } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/lib/db/testing";
import { useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { startTestJobQueue, closeTestDatabase } from "@/lib/testing/fixture-database";
import { findMetricsMismatches } from "@/lib/metrics/reconcile";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { Conflict, NotFound } from "@/lib/errors";
import { createPurchase } from "./create-purchase";
import { deletePurchase, updatePurchase } from "./change-purchase";
import { createPurchaseInput, updatePurchaseInput } from "./schema";

let db: Database;
let fx: SalesFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await startTestJobQueue(db);
  fx = await createSalesFixture(db.prisma);
  // Every account has a metrics row from the start, as account creation gives it.
  await recomputeAllMetrics(db, { refit: false });
});
afterAll(() => closeTestDatabase(db));

const logOrder = (accountId: string, quantity: number) =>
  createPurchase(
    fx.rep1,
    createPurchaseInput.parse({
      accountId,
      purchasedAt: new Date().toISOString(),
      idempotencyKey: randomUUID(),
      lines: [{ productId: fx.products.toner, quantity, unitPrice: 50 }],
    }),
  );

describe("editing and deleting an order", () => {
  it("an edit re-prices the lines and updates the account's metrics; a stale version answers Conflict with the current order", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const created = await logOrder(accountId, 2);
    expect(created.metrics?.revenue).toBe(100);
    const edited = await updatePurchase(
      fx.rep1,
      created.purchase.id,
      updatePurchaseInput.parse({
        version: created.purchase.version,
        lines: [
          { productId: fx.products.paper, quantity: 4, unitPrice: 25 },
          { productId: fx.products.toner, quantity: 1, unitPrice: 50 },
        ],
      }),
    );
    expect(edited.purchase.total).toBe(150);
    expect(edited.purchase.version).toBe(created.purchase.version + 1);
    expect(edited.metrics?.revenue).toBe(150);
    expect(edited.purchase.lines).toHaveLength(2);

    const stale = await updatePurchase(
      fx.rep1,
      created.purchase.id,
      updatePurchaseInput.parse({
        version: created.purchase.version,
        lines: [{ productId: fx.products.toner, quantity: 9, unitPrice: 50 }],
      }),
    ).catch((e) => e);
    expect(stale).toBeInstanceOf(Conflict);
    expect((stale as Conflict).details).toMatchObject({ id: created.purchase.id, total: 150, version: edited.purchase.version });
    const audit = await db.prisma.auditLog.findFirst({ where: { entityId: created.purchase.id, action: "purchase.update" } });
    expect(audit?.actorId).toBe(fx.rep1.id);
  });

  it("a delete removes the order and its lines, recomputes the metrics and leaves an audit entry", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const first = await logOrder(accountId, 1);
    const second = await logOrder(accountId, 3);
    expect(second.metrics?.orders).toBe(2);
    const after = await deletePurchase(fx.rep1, first.purchase.id);
    expect(after.metrics?.orders).toBe(1);
    expect(after.metrics?.revenue).toBe(150);
    expect(await db.prisma.purchaseLine.count({ where: { purchaseId: first.purchase.id } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { entityId: first.purchase.id, action: "purchase.delete" } })).toBe(1);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
  });

  it("another rep can neither edit nor delete the order (404), and nothing changes", async () => {
    const created = await logOrder(fx.accounts.rep1[2]!, 1);
    await expect(
      updatePurchase(
        fx.rep2,
        created.purchase.id,
        updatePurchaseInput.parse({ version: 1, lines: [{ productId: fx.products.toner, quantity: 5, unitPrice: 1 }] }),
      ),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(deletePurchase(fx.rep2, created.purchase.id)).rejects.toBeInstanceOf(NotFound);
    expect((await db.prisma.purchase.findFirstOrThrow({ where: { id: created.purchase.id } })).total.toNumber()).toBe(50);
  });
});
