import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden } from "@/lib/errors";
import { updateAccount } from "@/lib/accounts/change-account";
import { dataCounts } from "./data-counts";

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

describe("dataCounts", () => {
  it("is for admins only", async () => {
    await expect(dataCounts(fx.manager)).rejects.toBeInstanceOf(Forbidden);
    await expect(dataCounts(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
  });

  it("stays equal while nothing is written and changes with any edit", async () => {
    const first = await dataCounts(fx.admin);
    expect(first.counts.accounts).toBe(6);
    expect(first.counts.users).toBe(4);
    expect(await dataCounts(fx.admin)).toEqual(first);
    // An edit that changes no count still shows: version sum, last change, audit entry.
    await updateAccount(fx.rep1, fx.accounts.rep1[0]!, { version: 1, region: "South" });
    const after = await dataCounts(fx.admin);
    expect(after.counts.accounts).toBe(first.counts.accounts);
    expect(after.versionSum.accounts).toBe(first.versionSum.accounts + 1);
    expect(after.newestAudit?.action).toBe("account.update");
    expect(after).not.toEqual(first);
  });
});
