// Issue 17 §4: order amounts past numeric(14,2) (999,999,999,999.99) answer 400 naming the
// field and write nothing — in the API (create, edit), in the CSV import, and when the
// account's rollup would overflow. They used to reach PostgreSQL and answer 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Invalid } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { getImport, startImport } from "@/lib/imports/imports";
import { runImport } from "@/lib/imports/run-import";
import { createPurchase } from "./create-purchase";
import { updatePurchase } from "./change-purchase";
import { createPurchaseInput, updatePurchaseInput } from "./schema";

let db: Database;
let fx: SalesFixture;
let expensive: string;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma);
  const category = (await db.prisma.category.findFirstOrThrow()).id;
  expensive = (
    await db.prisma.product.create({
      data: { sku: "YACHT", name: "Yacht", categoryId: category, listPrice: "10000000.00", unitCost: "10000000.00" },
    })
  ).id;
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const counts = async () => ({ purchases: await db.prisma.purchase.count(), lines: await db.prisma.purchaseLine.count() });
const body = (accountId: string, lines: Array<{ productId: string; quantity: number; unitPrice: number | string }>) => ({
  accountId,
  purchasedAt: "2026-01-15T10:00:00Z",
  lines,
  idempotencyKey: randomUUID(),
});
function issuesOf(work: () => unknown): Invalid["issues"] {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).issues;
  }
  throw new Error("expected Invalid");
}
async function asyncIssues(work: Promise<unknown>): Promise<Invalid["issues"]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).issues;
}

describe("order amounts that numeric(14,2) cannot hold", () => {
  it("a line total or an order total past 999,999,999,999.99 is refused at the edge, naming the field", () => {
    const account = fx.accounts.rep1[0]!;
    expect(
      issuesOf(() =>
        parseWith(createPurchaseInput, body(account, [{ productId: fx.products.printer, quantity: 100_000, unitPrice: 10_000_000 }])),
      ),
    ).toEqual([{ field: "lines.0.unitPrice", reason: "quantity × unit price must be at most 999,999,999,999.99" }]);
    const big = { productId: fx.products.printer, quantity: 60_000, unitPrice: "10000000.00" };
    expect(issuesOf(() => parseWith(createPurchaseInput, body(account, [big, big])))).toEqual([
      { field: "lines", reason: "the order total must be at most 999,999,999,999.99" },
    ]);
    expect(issuesOf(() => parseWith(updatePurchaseInput, { version: 1, lines: [big, big] }))).toEqual([
      { field: "lines", reason: "the order total must be at most 999,999,999,999.99" },
    ]);
  });

  it("a gross profit past the bound (sold far below the catalog cost) is refused when priced, nothing written", async () => {
    const before = await counts();
    const input = parseWith(createPurchaseInput, body(fx.accounts.rep1[0]!, [{ productId: expensive, quantity: 100_000, unitPrice: 0 }]));
    expect((await asyncIssues(createPurchase(fx.rep1, input)))[0]).toMatchObject({ field: "lines" });
    expect(await counts()).toEqual(before);
  });

  it("an order that would take the account's revenue past the bound is the user's error, and the account keeps its orders", async () => {
    const account = fx.accounts.rep2[0]!;
    // 99,999 × 10,000,000.00 = 999,990,000,000.00 fits its own columns, but the account's
    // rollups (revenue with the fixture's history, lifetime values that multiply it) do not.
    const near = [{ productId: expensive, quantity: 99_999, unitPrice: 10_000_000 }];
    await createPurchase(
      fx.rep2,
      parseWith(createPurchaseInput, body(account, [{ productId: fx.products.paper, quantity: 1, unitPrice: 5 }])),
    );
    const before = await counts();
    const refused = await asyncIssues(createPurchase(fx.rep2, parseWith(createPurchaseInput, body(account, near))));
    expect(refused).toEqual([{ field: "lines", reason: "this order would take the account's totals past 999,999,999,999.99" }]);
    expect(await counts()).toEqual(before);
    // The same through an edit of a small order on that account.
    const small = await createPurchase(
      fx.rep2,
      parseWith(createPurchaseInput, body(account, [{ productId: fx.products.paper, quantity: 1, unitPrice: 5 }])),
    );
    const edit = await asyncIssues(
      updatePurchase(fx.rep2, small.purchase.id, parseWith(updatePurchaseInput, { version: small.purchase.version, lines: near })),
    );
    expect(edit[0]).toMatchObject({ field: "lines" });
    expect((await db.prisma.purchase.findFirstOrThrow({ where: { id: small.purchase.id } })).total.toString()).toBe("5");
  });

  it("the CSV import refuses the same amounts on the row and column, and imports the rest", async () => {
    const externalId = "BOUNDS-1";
    await db.prisma.account.update({ where: { id: fx.accounts.rep1[1]! }, data: { externalId } });
    const content =
      [
        "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost",
        `ORD-OK,${externalId},2026-01-10,PRN-1,2,10.00,`,
        `ORD-LINE,${externalId},2026-01-10,PRN-1,100000,10000000.00,`,
        `ORD-TOTAL,${externalId},2026-01-10,PRN-1,60000,10000000.00,`,
        `ORD-TOTAL,${externalId},2026-01-10,PRN-1,60000,10000000.00,`,
        `ORD-PROFIT,${externalId},2026-01-10,PRN-1,100000,0.00,10000000.00`,
      ].join("\r\n") + "\r\n";
    const started = await startImport(
      fx.admin,
      { entity: "PURCHASES", mode: "VALID_ROWS", fileName: "bounds.csv", content },
      { background: false },
    );
    await runImport(db, started.id, { chunkRows: 10, refit: false });
    const result = await getImport(fx.admin, started.id);
    expect(result).toMatchObject({ status: "COMPLETED", created: 1 });
    const errors = (result as unknown as { errors: Array<{ line: number; column: string; reason: string }> }).errors;
    expect(errors.filter((e) => e.column !== "order_external_id" || !e.reason.startsWith("another line"))).toEqual([
      { line: 3, column: "unit_price", reason: "quantity × unit price must be at most 999,999,999,999.99" },
      { line: 4, column: "order_external_id", reason: "the order total must be at most 999,999,999,999.99" },
      { line: 6, column: "unit_cost", reason: expect.stringContaining("gross profit") },
    ]);
    expect(await db.prisma.purchase.findMany({ where: { externalId: { startsWith: "ORD-" } }, select: { externalId: true } })).toEqual([
      { externalId: "ORD-OK" },
    ]);
  });
});
