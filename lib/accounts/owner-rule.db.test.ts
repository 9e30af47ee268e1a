// Issue 17 §5: one rule for who may own an account — an active rep or manager —
// on every path that sets an owner: create, edit (PATCH), bulk reassign, CSV import.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Invalid } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { createAccount, updateAccount } from "./change-account";
import { reassignAccounts } from "./reassign-accounts";
import { getImport, startImport } from "@/lib/imports/imports";
import { runImport } from "@/lib/imports/run-import";

let db: Database;
let fx: SalesFixture;
let retired: Actor;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma);
  const row = await db.prisma.user.create({
    data: { email: "retired@fixture.test", name: "Retired", role: "REP", active: false, passwordHash: "x" },
  });
  retired = { id: row.id, role: row.role, email: row.email, name: row.name };
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const ownerOf = async (id: string) => (await db.prisma.account.findUniqueOrThrow({ where: { id }, select: { ownerId: true } })).ownerId;
const accountCount = () => db.prisma.account.count();
async function refusal(work: Promise<unknown>): Promise<Invalid["issues"]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).issues;
}

describe("who may own an account", () => {
  it("POST /api/accounts: a rep or manager yes; an admin, a deactivated user or nobody no", async () => {
    expect((await createAccount(fx.manager, { name: "For rep2", segment: "SMB", currency: "EUR", ownerId: fx.rep2.id })).ownerId).toBe(
      fx.rep2.id,
    );
    expect(
      (await createAccount(fx.admin, { name: "For the manager", segment: "SMB", currency: "EUR", ownerId: fx.manager.id })).ownerId,
    ).toBe(fx.manager.id);
    const before = await accountCount();
    expect(
      await refusal(createAccount(fx.manager, { name: "For the admin", segment: "SMB", currency: "EUR", ownerId: fx.admin.id })),
    ).toEqual([{ field: "ownerId", reason: "must be a rep or manager (admins own no accounts)" }]);
    // An admin without ownerId would own it: refused the same way.
    expect((await refusal(createAccount(fx.admin, { name: "Admin's own", segment: "SMB", currency: "EUR" })))[0]!.field).toBe("ownerId");
    expect(
      (await refusal(createAccount(fx.admin, { name: "Retired's", segment: "SMB", currency: "EUR", ownerId: retired.id })))[0]!.reason,
    ).toMatch(/deactivated/);
    expect(await accountCount()).toBe(before);
  });

  it("PATCH /api/accounts/{id}: reassigning to an admin or a deactivated user is refused, to a manager allowed", async () => {
    const id = fx.accounts.rep1[0]!;
    const version = async () => (await db.prisma.account.findUniqueOrThrow({ where: { id } })).version;
    expect((await refusal(updateAccount(fx.manager, id, { version: await version(), ownerId: fx.admin.id })))[0]).toMatchObject({
      field: "ownerId",
      reason: expect.stringMatching(/rep or manager/),
    });
    expect((await refusal(updateAccount(fx.admin, id, { version: await version(), ownerId: retired.id })))[0]!.field).toBe("ownerId");
    expect(await ownerOf(id)).toBe(fx.rep1.id);
    await updateAccount(fx.admin, id, { version: await version(), ownerId: fx.manager.id });
    expect(await ownerOf(id)).toBe(fx.manager.id);
    await updateAccount(fx.admin, id, { version: await version(), ownerId: fx.rep1.id });
  });

  it("bulk reassign: the same rule on toOwnerId", async () => {
    const ids = fx.accounts.rep2.slice(0, 2);
    for (const to of [fx.admin.id, retired.id]) {
      expect((await refusal(reassignAccounts(fx.manager, { accountIds: ids, toOwnerId: to })))[0]!.field).toBe("toOwnerId");
    }
    expect(await Promise.all(ids.map(ownerOf))).toEqual([fx.rep2.id, fx.rep2.id]);
    expect(await reassignAccounts(fx.manager, { accountIds: ids, toOwnerId: fx.manager.id })).toMatchObject({ moved: 2, unchanged: 0 });
    await reassignAccounts(fx.manager, { accountIds: ids, toOwnerId: fx.rep2.id });
  });

  it("CSV import: a row owned by an admin or a deactivated user is an error on owner_email; reps and managers import", async () => {
    const content =
      [
        "external_id,name,owner_email,segment",
        "OWN-1,Owned by rep1,rep1@fixture.test,SMB",
        "OWN-2,Owned by the manager,manager@fixture.test,SMB",
        "OWN-3,Owned by the admin,admin@fixture.test,SMB",
        "OWN-4,Owned by a leaver,retired@fixture.test,SMB",
      ].join("\r\n") + "\r\n";
    const started = await startImport(
      fx.admin,
      { entity: "ACCOUNTS", mode: "VALID_ROWS", fileName: "owners.csv", content },
      { background: false },
    );
    await runImport(db, started.id, { chunkRows: 10, refit: false });
    const result = await getImport(fx.admin, started.id);
    expect(result).toMatchObject({ status: "COMPLETED", created: 2, rowsInvalid: 2 });
    const errors = (result as unknown as { errors: Array<{ line: number; column: string; reason: string }> }).errors;
    expect(errors.map((e) => [e.column, e.reason])).toEqual([
      ["owner_email", "admin@fixture.test must be a rep or manager (admins own no accounts)"],
      ["owner_email", "retired@fixture.test is deactivated; accounts need an active owner"],
    ]);
    expect(await db.prisma.account.count({ where: { externalId: { in: ["OWN-3", "OWN-4"] } } })).toBe(0);
  });
});
