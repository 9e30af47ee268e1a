// Issue 17 §4: a unique value that is already taken answers 409 naming the field
// (account externalId, product SKU, user email) and writes nothing. The account's
// external id used to reach the database unchecked and answer 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { createAccount } from "@/lib/accounts/change-account";
import { createProduct, updateProduct } from "@/lib/products/change-product";
import { createUser } from "@/lib/users/change-user";
import { errorResponse } from "./route";

let db: Database;
let fx: SalesFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma);
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

/** The HTTP answer the route would give for this call. */
async function answer(work: Promise<unknown>): Promise<{ status: number; body: { error?: string; issues?: unknown } }> {
  try {
    await work;
    return { status: 200, body: {} };
  } catch (error) {
    const response = errorResponse(error);
    return { status: response.status, body: await response.json() };
  }
}

describe("taken unique values answer 409 naming the field", () => {
  it("account externalId", async () => {
    await createAccount(fx.rep1, { name: "First", segment: "SMB", currency: "EUR", externalId: "EXT-1" });
    const before = await db.prisma.account.count();
    const second = await answer(createAccount(fx.rep2, { name: "Second", segment: "SMB", currency: "EUR", externalId: "EXT-1" }));
    expect(second).toMatchObject({ status: 409, body: { issues: [{ field: "externalId", reason: "already in use" }] } });
    expect(second.body.error).toContain("EXT-1");
    // Racing creates: both pass the look-up, the unique index decides; still 409, never 500.
    const racing = await Promise.all(
      [1, 2].map((n) => answer(createAccount(fx.rep1, { name: `Race ${n}`, segment: "SMB", currency: "EUR", externalId: "EXT-RACE" }))),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await db.prisma.account.count()).toBe(before + 1);
  });

  it("product SKU, on create and on edit", async () => {
    const category = (await db.prisma.category.findFirstOrThrow()).id;
    const base = { name: "Stapler", categoryId: category, listPrice: "10.00", unitCost: "5.00" };
    const taken = await answer(createProduct(fx.admin, { ...base, sku: "prn-1" }));
    expect(taken).toMatchObject({ status: 409, body: { issues: [{ field: "sku", reason: "already in use" }] } });
    const stapler = await createProduct(fx.admin, { ...base, sku: "STP-1" });
    const edit = await answer(updateProduct(fx.admin, stapler.id, { sku: "PRN-1", expectedUpdatedAt: stapler.updatedAt }));
    expect(edit).toMatchObject({ status: 409, body: { issues: [{ field: "sku", reason: "already in use" }] } });
  });

  it("user email", async () => {
    const before = await db.prisma.user.count();
    const taken = await answer(
      createUser(fx.admin, { email: "rep1@fixture.test", name: "Again", role: "REP", password: "a long new password" }),
    );
    expect(taken).toMatchObject({ status: 409, body: { issues: [{ field: "email", reason: "already in use" }] } });
    expect(await db.prisma.user.count()).toBe(before);
  });
});
