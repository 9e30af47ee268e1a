import { describe, expect, it } from "vitest";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden, Invalid, Unprocessable } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { reassignAccounts, reassignAccountsInput } from "./reassign-accounts";
import { updateAccount } from "./change-account";
import { listAccounts } from "./list-accounts";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 6 });

const UNKNOWN = "00000000-0000-4000-8000-00000000abcd";
const owners = async (ids: string[]) => {
  const [accounts, metrics] = await Promise.all([
    db.prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true, ownerId: true } }),
    db.prisma.accountMetrics.findMany({ where: { accountId: { in: ids } }, select: { accountId: true, ownerId: true } }),
  ]);
  return { accounts: new Set(accounts.map((a) => a.ownerId)), metrics: new Set(metrics.map((m) => m.ownerId)) };
};

describe("bulk reassignment", () => {
  it("a manager moves selected accounts: accounts, metrics and open deals follow, won deals stay; one audit row per account", async () => {
    const ids = fx.accounts.rep1.slice(0, 3);
    const open = await db.prisma.deal.create({
      data: { accountId: ids[0]!, ownerId: fx.rep1.id, title: "Open", amount: "100.00", stage: "PROPOSAL" },
    });
    const won = await db.prisma.deal.create({
      data: { accountId: ids[0]!, ownerId: fx.rep1.id, title: "Won", amount: "100.00", stage: "WON" },
    });
    const versions = await db.prisma.account.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } });

    const result = await reassignAccounts(fx.manager, parseWith(reassignAccountsInput, { accountIds: ids, toOwnerId: fx.rep2.id }));
    expect(result).toEqual({ moved: 3, unchanged: 0, moveId: expect.any(String) });
    expect(await owners(ids)).toEqual({ accounts: new Set([fx.rep2.id]), metrics: new Set([fx.rep2.id]) });
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: open.id } })).ownerId).toBe(fx.rep2.id);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: won.id } })).ownerId).toBe(fx.rep1.id);
    for (const before of versions) {
      expect((await db.prisma.account.findUniqueOrThrow({ where: { id: before.id } })).version).toBe(before.version + 1);
    }
    const audits = await db.prisma.auditLog.findMany({ where: { action: "account.reassign", entityId: { in: ids } } });
    expect(audits).toHaveLength(3);
    for (const audit of audits)
      expect(audit).toMatchObject({
        actorId: fx.manager.id,
        entityType: "account",
        before: { ownerId: fx.rep1.id },
        after: { ownerId: fx.rep2.id },
      });
    const rep2List = await listAccounts(fx.rep2, { limit: 50 });
    expect(rep2List.items.map((a) => a.id)).toEqual(expect.arrayContaining(ids));

    // Moving them again to the same owner changes nothing and writes no audit row.
    expect(await reassignAccounts(fx.manager, parseWith(reassignAccountsInput, { accountIds: ids, toOwnerId: fx.rep2.id }))).toEqual({
      moved: 0,
      unchanged: 3,
      moveId: null,
    });
    expect(await db.prisma.auditLog.count({ where: { action: "account.reassign", entityId: { in: ids } } })).toBe(3);
  });

  it("the single reassign moves open deals the same way", async () => {
    const id = fx.accounts.rep1[3]!;
    const open = await db.prisma.deal.create({ data: { accountId: id, ownerId: fx.rep1.id, title: "Open", amount: "100.00" } });
    const current = await db.prisma.account.findUniqueOrThrow({ where: { id } });
    await updateAccount(fx.manager, id, { version: current.version, ownerId: fx.rep2.id });
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: open.id } })).ownerId).toBe(fx.rep2.id);
    expect((await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId: id } })).ownerId).toBe(fx.rep2.id);
  });

  it("unknown ids reject the whole request, listing them, and nothing is written", async () => {
    const ids = [fx.accounts.rep2[0]!, UNKNOWN];
    const auditsBefore = await db.prisma.auditLog.count();
    const error = await reassignAccounts(fx.admin, parseWith(reassignAccountsInput, { accountIds: ids, toOwnerId: fx.rep1.id })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(Unprocessable);
    expect((error as Unprocessable).message).toContain(UNKNOWN);
    expect((error as Unprocessable).message).not.toContain(fx.accounts.rep2[0]!);
    expect(await owners([fx.accounts.rep2[0]!])).toEqual({ accounts: new Set([fx.rep2.id]), metrics: new Set([fx.rep2.id]) });
    expect(await db.prisma.auditLog.count()).toBe(auditsBefore);
  });

  it("all accounts of one owner move back with fromOwnerId", async () => {
    const rep2Before = await db.prisma.account.count({ where: { ownerId: fx.rep2.id } });
    const result = await reassignAccounts(fx.admin, parseWith(reassignAccountsInput, { fromOwnerId: fx.rep2.id, toOwnerId: fx.rep1.id }));
    expect(result.moved).toBe(rep2Before);
    expect(await db.prisma.account.count({ where: { ownerId: fx.rep2.id } })).toBe(0);
    expect(await db.prisma.accountMetrics.count({ where: { ownerId: fx.rep2.id } })).toBe(0);
    expect(await db.prisma.accountMetrics.count({ where: { ownerId: fx.rep1.id } })).toBe(12);
  });

  it("a bulk move racing single reassigns leaves every metrics row with its account's owner", async () => {
    const ids = await db.prisma.account.findMany({ select: { id: true, version: true } });
    const singles = ids
      .slice(0, 4)
      .map((account) => updateAccount(fx.manager, account.id, { version: account.version, ownerId: fx.rep2.id }).catch((e) => e));
    const bulk = reassignAccounts(fx.admin, parseWith(reassignAccountsInput, { accountIds: ids.map((a) => a.id), toOwnerId: fx.rep1.id }));
    await Promise.all([...singles, bulk]);
    const mismatched = await db.prisma.$queryRawUnsafe<unknown[]>(
      `SELECT a.id FROM accounts a JOIN account_metrics m ON m.account_id = a.id WHERE m.owner_id <> a.owner_id`,
    );
    expect(mismatched).toEqual([]);
  });

  it("reps may not reassign; the target must be an active rep or manager; the input names the field", async () => {
    await expect(
      reassignAccounts(fx.rep1, parseWith(reassignAccountsInput, { accountIds: [fx.accounts.rep1[0]!], toOwnerId: fx.rep2.id })),
    ).rejects.toBeInstanceOf(Forbidden);
    const toAdmin = await reassignAccounts(
      fx.manager,
      parseWith(reassignAccountsInput, { accountIds: [fx.accounts.rep1[0]!], toOwnerId: fx.admin.id }),
    ).catch((e) => e);
    expect(toAdmin).toBeInstanceOf(Invalid);
    expect((toAdmin as Invalid).issues[0]?.field).toBe("toOwnerId");
    await db.prisma.user.update({ where: { id: fx.rep2.id }, data: { active: false } });
    const toInactive = await reassignAccounts(
      fx.manager,
      parseWith(reassignAccountsInput, { accountIds: [fx.accounts.rep1[0]!], toOwnerId: fx.rep2.id }),
    ).catch((e) => e);
    expect((toInactive as Invalid).issues[0]?.field).toBe("toOwnerId");
    await db.prisma.user.update({ where: { id: fx.rep2.id }, data: { active: true } });

    const fields = (body: unknown) => {
      try {
        parseWith(reassignAccountsInput, body);
        return [];
      } catch (error) {
        return (error as Invalid).issues.map((issue) => issue.field);
      }
    };
    expect(fields({ toOwnerId: fx.rep2.id })).toEqual(["accountIds"]);
    expect(fields({ accountIds: [fx.accounts.rep1[0]], fromOwnerId: fx.rep1.id, toOwnerId: fx.rep2.id })).toEqual(["accountIds"]);
    expect(fields({ accountIds: [], toOwnerId: fx.rep2.id })).toEqual(["accountIds"]);
    expect(fields({ accountIds: Array.from({ length: 5001 }, () => UNKNOWN), toOwnerId: fx.rep2.id })).toEqual(["accountIds"]);
    expect(fields({ accountIds: ["nope"], toOwnerId: fx.rep2.id })).toEqual(["accountIds.0"]);
    expect(fields({ fromOwnerId: fx.rep1.id })).toEqual(["toOwnerId"]);
  });
});
