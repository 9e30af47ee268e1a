import { talliesOutOfStep } from "@/lib/metrics/testing/tallies-in-step";
import { runnerQuery } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/lib/db/testing";
import { useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { createPurchase } from "./create-purchase";
import { createPurchaseInput } from "./schema";
import { findMetricsMismatches } from "@/lib/metrics/reconcile";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { Forbidden, Invalid, NotFound, Unprocessable } from "@/lib/errors";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { lastRecompute } from "@/lib/metrics/jobs";
import { startTestJobQueue, closeTestDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await startTestJobQueue(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 3 });
  // Every account has a metrics row from the start, as account creation gives it.
  await recomputeAllMetrics(db, { refit: false });
});
afterAll(() => closeTestDatabase(db));

const order = (
  accountId: string,
  lines: Array<{ productId: string; quantity: number; unitPrice: number | string }>,
  key: string = randomUUID(),
) => createPurchaseInput.parse({ accountId, purchasedAt: new Date().toISOString(), lines, idempotencyKey: key });

describe("logging an order", () => {
  it("stores the order with exact totals and updates the account's metrics in the same call", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const result = await createPurchase(
      fx.rep1,
      order(accountId, [
        { productId: fx.products.toner, quantity: 3, unitPrice: "59.90" },
        { productId: fx.products.paper, quantity: 1, unitPrice: 24.5 },
      ]),
    );
    expect(result.replayed).toBe(false);
    expect(result.purchase.total).toBe(204.2);
    // Gross profit uses the unit costs at the time of sale: 3 × (59.90 − 30) + (24.50 − 14).
    expect(result.purchase.grossProfit).toBe(100.2);
    expect(result.metrics?.revenue).toBe(204.2);
    expect(result.metrics?.orders).toBe(1);
    expect(result.metrics?.averageOrderValue).toBe(204.2);
    expect(result.metrics?.lastPurchaseAt).toBe(result.purchase.purchasedAt);

    const second = await createPurchase(fx.rep1, order(accountId, [{ productId: fx.products.printer, quantity: 1, unitPrice: 499 }]));
    expect(second.metrics?.revenue).toBe(703.2);
    expect(second.metrics?.orders).toBe(2);
    expect(second.metrics?.averageOrderValue).toBe(351.6);
  });

  it("answers a retried submission with the first result and writes nothing", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const input = order(accountId, [{ productId: fx.products.toner, quantity: 2, unitPrice: 59.9 }], "retry-key-0001");
    const first = await createPurchase(fx.rep1, input);
    const again = await createPurchase(fx.rep1, input);
    expect(again.replayed).toBe(true);
    expect(again.purchase.id).toBe(first.purchase.id);
    expect(await db.prisma.purchase.count({ where: { accountId } })).toBe(1);
    expect(again.metrics?.revenue).toBe(119.8);
  });

  it("answers concurrent retries of one submission with one order (the loser of the race replays the winner)", async () => {
    const accountId = fx.accounts.rep2[1]!;
    const input = order(accountId, [{ productId: fx.products.paper, quantity: 1, unitPrice: 24.5 }], "race-key-0001");
    const results = await Promise.all([createPurchase(fx.rep2, input), createPurchase(fx.rep2, input), createPurchase(fx.rep2, input)]);
    expect(new Set(results.map((r) => r.purchase.id)).size).toBe(1);
    expect(await db.prisma.purchase.count({ where: { idempotencyKey: "race-key-0001" } })).toBe(1);
  });

  it("refuses the same key with a different order (422) and writes nothing", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const changed = order(accountId, [{ productId: fx.products.toner, quantity: 5, unitPrice: 59.9 }], "retry-key-0001");
    await expect(createPurchase(fx.rep1, changed)).rejects.toBeInstanceOf(Unprocessable);
    expect(await db.prisma.purchase.count({ where: { accountId } })).toBe(1);
  });

  it("lets two reps use the same key independently (keys are per user)", async () => {
    const mine = await createPurchase(
      fx.rep2,
      order(fx.accounts.rep2[0]!, [{ productId: fx.products.paper, quantity: 1, unitPrice: 24.5 }], "retry-key-0001"),
    );
    expect(mine.replayed).toBe(false);
  });

  it("rejects unknown and archived products naming the line, leaving nothing half-written", async () => {
    const accountId = fx.accounts.rep1[2]!;
    const before = await db.prisma.purchaseLine.count();
    const error = await createPurchase(
      fx.rep1,
      order(accountId, [
        { productId: fx.products.toner, quantity: 1, unitPrice: 59.9 },
        { productId: fx.products.archived, quantity: 1, unitPrice: 99 },
        { productId: randomUUID(), quantity: 1, unitPrice: 1 },
      ]),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues.map((i) => i.field)).toEqual(["lines.1.productId", "lines.2.productId"]);
    expect(await db.prisma.purchaseLine.count()).toBe(before);
    expect(await db.prisma.purchase.count({ where: { accountId } })).toBe(0);
  });

  it("hides another rep's account (404) and does not let a manager log orders for a rep (403)", async () => {
    await expect(
      createPurchase(fx.rep1, order(fx.accounts.rep2[0]!, [{ productId: fx.products.toner, quantity: 1, unitPrice: 1 }])),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      createPurchase(fx.manager, order(fx.accounts.rep2[0]!, [{ productId: fx.products.toner, quantity: 1, unitPrice: 1 }])),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      createPurchase(fx.rep1, order(randomUUID(), [{ productId: fx.products.toner, quantity: 1, unitPrice: 1 }])),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("validates the body at the edge with the field and the reason", () => {
    const result = createPurchaseInput.safeParse({
      accountId: "nope",
      purchasedAt: "2999-01-01",
      lines: [{ productId: fx.products.toner, quantity: 0, unitPrice: 1.234 }],
      idempotencyKey: "k",
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["accountId", "purchasedAt", "lines.0.quantity", "lines.0.unitPrice", "idempotencyKey"]));
  });
});

describe("live metrics under concurrent writers", () => {
  it("20 writers × 50 orders on the same few accounts leave stored metrics equal to a full recomputation, to the cent", async () => {
    const targets = [...fx.accounts.rep1];
    const prices = [59.9, 24.5, 499, 79.9, 0.01];
    const writer = async (w: number) => {
      for (let i = 0; i < 50; i++) {
        const accountId = targets[(w + i) % targets.length]!;
        const productId = [fx.products.toner, fx.products.paper, fx.products.printer, fx.products.tonerPremium, fx.products.toner][i % 5]!;
        await createPurchase(fx.rep1, order(accountId, [{ productId, quantity: 1 + ((w * 7 + i) % 4), unitPrice: prices[i % 5]! }]));
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
    // The ranking's tallies too: 1 000 concurrent writes pass the compaction point at least once.
    expect(await talliesOutOfStep(runnerQuery(db))).toEqual([]);
    const orders = await db.prisma.accountMetrics.aggregate({ where: { accountId: { in: targets } }, _sum: { orders: true } });
    expect(orders._sum.orders).toBe(await db.prisma.purchase.count({ where: { accountId: { in: targets } } }));
    // 1,000 writes pass the refit threshold (200): the model refit ran in the background, off the request path.
    await whenJobsIdle();
    const refit = await lastRecompute();
    expect(refit).toMatchObject({ kind: "model-refit", status: "SUCCEEDED", error: null });
    expect((refit?.result as { accounts: number }).accounts).toBe(6);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
  }, 240_000);

  it("the reconciliation check catches lost updates from a read-then-write rollup", async () => {
    const accountId = fx.accounts.rep2[2]!;
    await createPurchase(fx.rep2, order(accountId, [{ productId: fx.products.toner, quantity: 1, unitPrice: 10 }]));
    // A deliberately racy rollup: read the stored revenue, add in JS, write back, with no lock.
    const racyAdd = async (amount: number) => {
      const row = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await db.prisma.purchase.create({
        data: { accountId, purchasedAt: new Date(), total: amount.toFixed(2), grossProfit: "0.00", loggedById: fx.rep2.id },
      });
      await db.prisma.accountMetrics.update({ where: { accountId }, data: { revenue: row.revenue.plus(amount), orders: row.orders + 1 } });
    };
    await Promise.all(Array.from({ length: 10 }, () => racyAdd(1)));
    const mismatches = await findMetricsMismatches(runnerQuery(db));
    expect(mismatches.map((m) => m.accountId)).toContain(accountId);
  });
});
