// Undo of a reassignment (POST /api/accounts/reassign/undo): each account the move changed
// goes back to the owner it had before, unless it has been reassigned again since (its last
// recorded owner change is not this move's, or its owner is no longer the one the move gave
// it); those stay where they are and are reported. Authorized like the move itself (managers
// and admins reassign); the previous owner must still be able to own accounts. The undo is a
// move of its own (recorded and audited the same way) and a move is undone once.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { recordAudits } from "@/lib/audit/record-audit";
import { recordId } from "@/lib/http/ids";
import { followAccountOwner } from "./follow-owner";
import { transactionQuery } from "@/lib/db/sql";
import { markMoveUndone, recordAccountMove, type MovedAccount } from "./account-moves";
import { ownerRefusal } from "./owner-rule";
import type { Role } from "@/lib/generated/prisma/enums";

export const undoMoveInput = z.object({ moveId: recordId("a move id") }).strict();
export type UndoMoveInput = z.infer<typeof undoMoveInput>;

export interface UndoSkip {
  accountId: string;
  name: string;
  /** "moved-again": reassigned since (ownerName has it now); "owner-unavailable": the previous owner may no longer own accounts. */
  reason: "moved-again" | "owner-unavailable";
  /** Who owns the account now. */
  ownerName: string;
}

export interface UndoResult {
  reverted: number;
  /** Where the reverted accounts went, by previous owner. */
  returnedTo: Array<{ ownerId: string; ownerName: string; accounts: number }>;
  skipped: UndoSkip[];
}

interface ItemRow {
  account_id: string;
  from_owner_id: string;
  to_owner_id: string;
  name: string;
  owner_id: string;
  owner_name: string;
  moved_again: boolean;
}

export async function undoAccountMove(actor: Actor, input: UndoMoveInput): Promise<UndoResult> {
  if (!can(actor, "reassign", "account")) throw new Forbidden("Only managers and admins reassign accounts.");
  const prisma = await getPrisma();
  return prisma.$transaction(
    async (tx) => {
      const [move] = await tx.$queryRawUnsafe<Array<{ id: string; undo_of_id: string | null; undone_at: Date | null }>>(
        `SELECT id::text AS id, undo_of_id::text AS undo_of_id, undone_at FROM account_moves WHERE id = $1::uuid FOR UPDATE`,
        input.moveId.toLowerCase(),
      );
      if (!move) throw new NotFound("No such reassignment.");
      if (move.undone_at) throw new Conflict("This reassignment has already been undone.");
      if (move.undo_of_id) throw new Conflict("This was itself an undo; reassign the accounts again instead.");
      // The accounts' rows first (in id order, as every reassignment locks them), then what they are now.
      await tx.$queryRawUnsafe(
        `SELECT a.id FROM accounts a JOIN account_move_items i ON i.account_id = a.id
          WHERE i.move_id = $1::uuid ORDER BY a.id FOR UPDATE OF a`,
        move.id,
      );
      const items = await tx.$queryRawUnsafe<ItemRow[]>(
        `SELECT i.account_id::text AS account_id, i.from_owner_id::text AS from_owner_id, i.to_owner_id::text AS to_owner_id,
                a.name, a.owner_id::text AS owner_id, u.name AS owner_name,
                EXISTS (SELECT 1 FROM account_move_items later WHERE later.account_id = i.account_id AND later.seq > i.seq) AS moved_again
           FROM account_move_items i
           JOIN accounts a ON a.id = i.account_id
           JOIN users u ON u.id = a.owner_id
          WHERE i.move_id = $1::uuid
          ORDER BY a.name, a.id`,
        move.id,
      );
      const previous = await tx.user.findMany({
        where: { id: { in: [...new Set(items.map((item) => item.from_owner_id))] } },
        select: { id: true, name: true, active: true, role: true },
      });
      const owners = new Map<string, { name: string; active: boolean; role: Role }>(previous.map((user) => [user.id, user]));

      const skipped: UndoSkip[] = [];
      const reverted: MovedAccount[] = [];
      const back = new Map<string, string[]>();
      for (const item of items) {
        const skip = (reason: UndoSkip["reason"]) =>
          skipped.push({ accountId: item.account_id, name: item.name, reason, ownerName: item.owner_name });
        if (item.moved_again || item.owner_id !== item.to_owner_id) skip("moved-again");
        else if (ownerRefusal(owners.get(item.from_owner_id))) skip("owner-unavailable");
        else {
          reverted.push({ accountId: item.account_id, fromOwnerId: item.to_owner_id, toOwnerId: item.from_owner_id });
          const accountIds = back.get(item.from_owner_id) ?? [];
          accountIds.push(item.account_id);
          back.set(item.from_owner_id, accountIds);
        }
      }
      for (const [ownerId, accountIds] of back) {
        await tx.$executeRawUnsafe(
          `UPDATE accounts SET owner_id = $1::uuid, version = version + 1, updated_at = now() WHERE id = ANY($2::uuid[])`,
          ownerId,
          accountIds,
        );
        await followAccountOwner(tx, accountIds, ownerId);
      }
      await recordAccountMove(transactionQuery(tx), actor.id, reverted, { undoOfId: move.id });
      await markMoveUndone(transactionQuery(tx), move.id);
      await recordAudits(
        tx,
        reverted.map((change) => ({
          actorId: actor.id,
          action: "account.reassign",
          entityType: "account",
          entityId: change.accountId,
          before: { ownerId: change.fromOwnerId },
          after: { ownerId: change.toOwnerId, undoOf: move.id },
        })),
      );
      return {
        reverted: reverted.length,
        returnedTo: [...back].map(([ownerId, accountIds]) => ({
          ownerId,
          ownerName: owners.get(ownerId)!.name,
          accounts: accountIds.length,
        })),
        skipped,
      };
    },
    // As many accounts as a bulk move (up to 5,000) with their metrics, deals and audit rows.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
