// A bulk pass (the daily as-of job, a background refit) reads a batch of accounts, computes, then
// writes. A live order computed just before the pass began (so its computed_at is older than the
// pass's as-of) but committed after the pass read the account's orders used to be overwritten by
// the pass's row, one order short, until the next recompute (seen once as a flaky concurrency test).
// The pass now reads each metrics row's version before the orders and skips a row that changed.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { loadMetricsContext } from "./context";
import { findMetricsMismatches } from "./reconcile";
import { metricsRowOf, recomputeAllMetrics } from "./recompute";
import { loadMetricsAccounts, writeMetricsOfExistingAccounts } from "./store";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

const logOrder = (accountId: string) =>
  createPurchase(
    fx.rep1,
    createPurchaseInput.parse({
      accountId,
      purchasedAt: new Date().toISOString(),
      lines: [{ productId: fx.products.paper, quantity: 2, unitPrice: "12.50" }],
      idempotencyKey: randomUUID(),
    }),
  );

const stored = (accountId: string) =>
  db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId }, select: { orders: true, revenue: true, computedAt: true } });

describe("a bulk pass racing a live order", () => {
  it("keeps the live order's row when the order committed after the pass read the account", async () => {
    await recomputeAllMetrics(db, { refit: false });
    const query = runnerQuery(db);
    const accountId = fx.accounts.rep1[0]!;
    // The pass reads the account (as each batch of the daily job does)…
    const read = await loadMetricsAccounts(query, [accountId], { versions: true });
    const context = await loadMetricsContext(query);
    // …a live order commits (computed now, before the pass's as-of below)…
    await logOrder(accountId);
    const live = await stored(accountId);
    // …and the pass writes what it computed from the orders it had read, as of a later instant.
    const passAsOf = new Date(Date.now() + 60_000);
    await writeMetricsOfExistingAccounts(query, [metricsRowOf(read.get(accountId)!, context, passAsOf)], { keepNewer: true });

    // The live row stands: one more order than the pass saw, 2 × 12.50 = 25.00 more revenue.
    const after = await stored(accountId);
    expect(after.orders).toBe(live.orders);
    expect(after.revenue.toString()).toBe(live.revenue.toString());
    expect(after.computedAt.getTime()).toBe(live.computedAt.getTime());
    expect(await findMetricsMismatches(query)).toEqual([]);
  });

  it("still writes an account nobody wrote meanwhile", async () => {
    const query = runnerQuery(db);
    const accountId = fx.accounts.rep1[1]!;
    const read = await loadMetricsAccounts(query, [accountId], { versions: true });
    const passAsOf = new Date(Date.now() + 120_000);
    await writeMetricsOfExistingAccounts(query, [metricsRowOf(read.get(accountId)!, await loadMetricsContext(query), passAsOf)], {
      keepNewer: true,
    });
    expect((await stored(accountId)).computedAt.getTime()).toBe(passAsOf.getTime());
    expect(await findMetricsMismatches(query)).toEqual([]);
  });
});
