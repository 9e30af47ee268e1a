// Reassignments as records: the one writer of account_moves and account_move_items. Every
// owner change the app makes (a bulk move, a single edit, an undo, a CSV import) records one
// move with an item per account, written in the change's transaction while the accounts' rows are locked,
// so the items' seq orders the owner changes of each account. An undo (undo-move.ts) reverts
// exactly the accounts whose last recorded change is still the move's own.
import { randomUUID } from "node:crypto";
import type { Query } from "@/lib/db/sql";

export interface MovedAccount {
  accountId: string;
  fromOwnerId: string;
  toOwnerId: string;
}

/** Records one move (call it after the owners are written, in the same transaction); returns its id. */
export async function recordAccountMove(
  query: Query,
  actorId: string,
  moved: MovedAccount[],
  opts: { undoOfId?: string } = {},
): Promise<string> {
  const moveId = randomUUID();
  await query(`INSERT INTO account_moves (id, actor_id, undo_of_id) VALUES ($1::uuid, $2::uuid, $3::uuid)`, [
    moveId,
    actorId,
    opts.undoOfId ?? null,
  ]);
  if (moved.length > 0) {
    // One statement with array parameters, whatever the number of accounts (bulk moves up to 5,000).
    await query(
      `INSERT INTO account_move_items (move_id, account_id, from_owner_id, to_owner_id)
       SELECT $1::uuid, u.account_id, u.from_owner_id, u.to_owner_id
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS u(account_id, from_owner_id, to_owner_id)`,
      [moveId, moved.map((m) => m.accountId), moved.map((m) => m.fromOwnerId), moved.map((m) => m.toOwnerId)],
    );
  }
  return moveId;
}

/** Marks a move undone (undo-move.ts, after its accounts went back), so it is undone once. */
export async function markMoveUndone(query: Query, moveId: string): Promise<void> {
  await query(`UPDATE account_moves SET undone_at = now() WHERE id = $1::uuid`, [moveId]);
}
