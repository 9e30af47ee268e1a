import { describe, expect, it } from "vitest";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden } from "@/lib/errors";
import { updateAccount } from "@/lib/accounts/change-account";
import { dataCounts } from "./data-counts";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let fx: SalesFixture;
useFixtureDatabase((ready) => ({ fx } = ready));

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
