import { describe, expect, it } from "vitest";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { createAccount, updateAccount } from "./change-account";
import { createAccountInput, updateAccountInput } from "./schema";
import { listAccounts } from "./list-accounts";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready));

describe("accounts", () => {
  it("a rep creates an account for themself, with a metrics row from the start, whatever ownerId they send", async () => {
    const account = await createAccount(
      fx.rep1,
      createAccountInput.parse({ name: "Neue Kunde GmbH", segment: "SMB", ownerId: fx.rep1.id }),
    );
    expect(account.ownerId).toBe(fx.rep1.id);
    expect(account.metrics).toMatchObject({ revenue: 0, orders: 0 });
    await expect(
      createAccount(fx.rep1, createAccountInput.parse({ name: "Sneaky", segment: "SMB", ownerId: fx.rep2.id })),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it("a manager reassigns an account; the rep's list follows and the change is audited", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const before = await db.prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    const moved = await updateAccount(fx.manager, accountId, updateAccountInput.parse({ version: before.version, ownerId: fx.rep2.id }));
    expect(moved.ownerId).toBe(fx.rep2.id);
    const rep2List = await listAccounts(fx.rep2, { limit: 50 });
    expect(rep2List.items.map((a) => a.id)).toContain(accountId);
    const rep1List = await listAccounts(fx.rep1, { limit: 50 });
    expect(rep1List.items.map((a) => a.id)).not.toContain(accountId);
    expect((await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } })).ownerId).toBe(fx.rep2.id);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: accountId, action: "account.reassign" } });
    expect(audit.actorId).toBe(fx.manager.id);
    expect((audit.before as { ownerId: string }).ownerId).toBe(fx.rep1.id);
  });

  it("a rep cannot reassign, cannot see another rep's account, and a stale version answers Conflict", async () => {
    const mine = fx.accounts.rep1[1]!;
    const current = await db.prisma.account.findUniqueOrThrow({ where: { id: mine } });
    await expect(
      updateAccount(fx.rep1, mine, updateAccountInput.parse({ version: current.version, ownerId: fx.rep2.id })),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(updateAccount(fx.rep1, fx.accounts.rep2[0]!, updateAccountInput.parse({ version: 1, name: "x" }))).rejects.toBeInstanceOf(
      NotFound,
    );
    await updateAccount(fx.rep1, mine, updateAccountInput.parse({ version: current.version, name: "Renamed Ltd" }));
    const stale = await updateAccount(fx.rep1, mine, updateAccountInput.parse({ version: current.version, name: "Again" })).catch((e) => e);
    expect(stale).toBeInstanceOf(Conflict);
    expect((stale as Conflict).details).toMatchObject({ name: "Renamed Ltd" });
  });
});
