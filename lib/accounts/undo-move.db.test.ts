// Undoing a reassignment: exactly the accounts the move changed go back to their previous
// owner, except those reassigned again since (left alone and reported), whatever else
// happened to them meanwhile (a rename is not a reassignment).
import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { parseWith } from "@/lib/http/route";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { reassignAccounts, reassignAccountsInput } from "./reassign-accounts";
import { updateAccount } from "./change-account";
import { undoAccountMove, undoMoveInput } from "./undo-move";
import { describe, expect, it } from "vitest";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 4 });

const NO_SUCH_MOVE = "00000000-0000-4000-8000-000000000000";
const ownerOf = async (id: string) => (await db.prisma.account.findUniqueOrThrow({ where: { id } })).ownerId;
const metricsOwnerOf = async (id: string) => (await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId: id } })).ownerId;
const versionOf = async (id: string) => (await db.prisma.account.findUniqueOrThrow({ where: { id } })).version;
const move = (ids: string[], to: string, expectedOwnerId?: string) =>
  reassignAccounts(
    fx.manager,
    parseWith(reassignAccountsInput, { accountIds: ids, toOwnerId: to, ...(expectedOwnerId ? { expectedOwnerId } : {}) }),
  );
const undo = (moveId: string, actor = fx.manager) => undoAccountMove(actor, parseWith(undoMoveInput, { moveId }));

describe("undo of a reassignment", () => {
  it("reverts only the accounts the move changed and nobody reassigned since; the others are reported", async () => {
    const [a1, a2, a3, a4] = fx.accounts.rep1 as [string, string, string, string];
    const openDeal = await db.prisma.deal.create({
      data: { accountId: a1, ownerId: fx.rep1.id, title: "Open", amount: "100.00", stage: "PROPOSAL" },
    });
    const moved = await move([a1, a2, a3, a4], fx.rep2.id, fx.rep1.id);
    expect(moved).toMatchObject({ moved: 4, unchanged: 0 });
    expect(moved.moveId).toEqual(expect.any(String));

    // Since: a2 goes to the manager (a single edit), a3 to the manager and back to rep2 (owner as the move
    // left it, but reassigned again), a4 is renamed by its new owner (not a reassignment), a1 is untouched.
    await updateAccount(fx.manager, a2, { version: await versionOf(a2), ownerId: fx.manager.id });
    await move([a3], fx.manager.id);
    await move([a3], fx.rep2.id);
    await updateAccount(fx.rep2, a4, { version: await versionOf(a4), name: "Renamed by rep2" });
    // Another rep's account, not part of the move.
    const bystander = fx.accounts.rep2[0]!;

    // An admin may undo a manager's move: authorized as the move itself (reassign).
    const result = await undo(moved.moveId!, fx.admin);
    expect(result.reverted).toBe(2);
    expect(result.returnedTo).toEqual([{ ownerId: fx.rep1.id, ownerName: "rep1", accounts: 2 }]);
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { accountId: a2, name: "rep1 customer 002", reason: "moved-again", ownerName: "manager" },
        { accountId: a3, name: "rep1 customer 003", reason: "moved-again", ownerName: "rep2" },
      ]),
    );
    expect(result.skipped).toHaveLength(2);

    expect([await ownerOf(a1), await ownerOf(a2), await ownerOf(a3), await ownerOf(a4)]).toEqual([
      fx.rep1.id,
      fx.manager.id,
      fx.rep2.id,
      fx.rep1.id,
    ]);
    expect(await ownerOf(bystander)).toBe(fx.rep2.id);
    // What follows an owner follows back: the ranking's owner copy and the open deal.
    expect(await metricsOwnerOf(a1)).toBe(fx.rep1.id);
    expect(await metricsOwnerOf(a4)).toBe(fx.rep1.id);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: openDeal.id } })).ownerId).toBe(fx.rep1.id);
    // The rename stays.
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: a4 } })).name).toBe("Renamed by rep2");

    const audits = await db.prisma.auditLog.findMany({ where: { action: "account.reassign", actorId: fx.admin.id } });
    expect(audits.map((a) => a.entityId).sort()).toEqual([a1, a4].sort());
    for (const audit of audits)
      expect(audit).toMatchObject({ before: { ownerId: fx.rep2.id }, after: { ownerId: fx.rep1.id, undoOf: moved.moveId } });

    // Once only; an undo is not itself undone; unknown moves are 404.
    await expect(undo(moved.moveId!)).rejects.toBeInstanceOf(Conflict);
    const undoMove = await db.prisma.accountMove.findFirstOrThrow({ where: { undoOfId: moved.moveId } });
    await expect(undo(undoMove.id)).rejects.toBeInstanceOf(Conflict);
    await expect(undo(NO_SUCH_MOVE)).rejects.toBeInstanceOf(NotFound);
  });

  it("reps may not undo; a move whose accounts changed owner since the page loaded is refused whole", async () => {
    const [b1, b2] = fx.accounts.rep2 as [string, string];
    const moved = await move([b1], fx.rep1.id, fx.rep2.id);
    await expect(undo(moved.moveId!, fx.rep1)).rejects.toBeInstanceOf(Forbidden);
    // b1 is rep1's now: a request made from rep2's list is stale, and nothing moves (not even b2).
    const stale = await move([b1, b2], fx.manager.id, fx.rep2.id).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(Conflict);
    expect((stale as Conflict).message).toMatch(/^1 of these accounts has been reassigned by someone else/);
    expect([await ownerOf(b1), await ownerOf(b2)]).toEqual([fx.rep1.id, fx.rep2.id]);
    await undo(moved.moveId!);
    expect(await ownerOf(b1)).toBe(fx.rep2.id);
  });

  it("an account whose previous owner was deactivated since stays, reported", async () => {
    const b3 = fx.accounts.rep2[2]!;
    const moved = await move([b3], fx.rep1.id);
    await db.prisma.user.update({ where: { id: fx.rep2.id }, data: { active: false } });
    try {
      expect(await undo(moved.moveId!)).toEqual({
        reverted: 0,
        returnedTo: [],
        skipped: [{ accountId: b3, name: "rep2 customer 003", reason: "owner-unavailable", ownerName: "rep1" }],
      });
      expect(await ownerOf(b3)).toBe(fx.rep1.id);
    } finally {
      await db.prisma.user.update({ where: { id: fx.rep2.id }, data: { active: true } });
    }
  });
});
