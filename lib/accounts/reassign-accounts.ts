// Bulk reassignment (managers and admins): some accounts, or all of one owner's,
// to one new owner, in one transaction. The account rows are locked first, so a
// concurrent single reassign either finishes before or waits; unknown ids reject
// the whole request and nothing is written. One audit row per moved account, and one
// move record (account-moves.ts) whose id the answer carries, so the move can be undone.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden, Invalid, Unprocessable } from "@/lib/errors";
import { recordAudits } from "@/lib/audit/record-audit";
import { recordId } from "@/lib/http/ids";
import { followAccountOwner } from "./follow-owner";
import { transactionQuery } from "@/lib/db/sql";
import { recordAccountMove } from "./account-moves";
import { assertAccountOwner } from "./owner-rule";

export const MAX_BULK_REASSIGN = 5000;

export const reassignAccountsInput = z
  .object({
    accountIds: z
      .array(recordId("an account id"))
      .min(1, "must list at least one account")
      .max(MAX_BULK_REASSIGN, `must list at most ${MAX_BULK_REASSIGN} accounts`)
      .optional(),
    fromOwnerId: recordId("a user id").optional(),
    toOwnerId: recordId("a user id"),
    // With accountIds: the owner the caller saw. An account that has another owner by now
    // refuses the whole request (409), so "from Ana to Ben" is true of every account moved.
    expectedOwnerId: recordId("a user id").optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.accountIds === undefined) === (input.fromOwnerId === undefined)) {
      ctx.addIssue({ code: "custom", path: ["accountIds"], message: "send either accountIds or fromOwnerId, not both or neither" });
    }
    if (input.expectedOwnerId !== undefined && input.accountIds === undefined) {
      ctx.addIssue({ code: "custom", path: ["expectedOwnerId"], message: "goes with accountIds only" });
    }
  });
export type ReassignAccountsInput = z.infer<typeof reassignAccountsInput>;

export interface ReassignResult {
  /** Accounts whose owner changed (one audit row each). */
  moved: number;
  /** Accounts that already belonged to the new owner. */
  unchanged: number;
  /** The move to undo (POST /api/accounts/reassign/undo); null when nothing moved. */
  moveId: string | null;
}

export async function reassignAccounts(actor: Actor, input: ReassignAccountsInput): Promise<ReassignResult> {
  if (!can(actor, "reassign", "account")) throw new Forbidden("Only managers and admins reassign accounts.");
  const prisma = await getPrisma();
  return prisma.$transaction(
    async (tx) => {
      await assertAccountOwner(tx, input.toOwnerId, "toOwnerId");
      let rows: Array<{ id: string; owner_id: string }>;
      if (input.accountIds) {
        const ids = [...new Set(input.accountIds.map((id) => id.toLowerCase()))];
        rows = await tx.$queryRawUnsafe(
          `SELECT id::text AS id, owner_id::text AS owner_id FROM accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
          ids,
        );
        if (rows.length !== ids.length) {
          const found = new Set(rows.map((row) => row.id));
          const unknown = ids.filter((id) => !found.has(id));
          const shown = unknown.slice(0, 50).join(", ");
          throw new Unprocessable(
            `No such account${unknown.length === 1 ? "" : "s"} (${unknown.length}): ${shown}${unknown.length > 50 ? ", …" : ""}. Nothing was reassigned.`,
          );
        }
        const moved = input.expectedOwnerId ? rows.filter((row) => row.owner_id !== input.expectedOwnerId) : [];
        if (moved.length > 0) {
          throw new Conflict(
            `${moved.length === 1 ? "1 of these accounts has" : `${moved.length} of these accounts have`} been reassigned by someone else since you loaded them. Nothing was moved; reload and choose again.`,
            { accountIds: moved.map((row) => row.id) },
          );
        }
      } else {
        if (input.fromOwnerId === input.toOwnerId) {
          throw new Invalid("Invalid body: toOwnerId: must differ from fromOwnerId", [
            { field: "toOwnerId", reason: "must differ from fromOwnerId" },
          ]);
        }
        const from = await tx.user.findUnique({ where: { id: input.fromOwnerId! }, select: { id: true } });
        if (!from) throw new Invalid("Invalid body: fromOwnerId: no such user", [{ field: "fromOwnerId", reason: "no such user" }]);
        rows = await tx.$queryRawUnsafe(
          `SELECT id::text AS id, owner_id::text AS owner_id FROM accounts WHERE owner_id = $1::uuid ORDER BY id FOR UPDATE`,
          input.fromOwnerId,
        );
      }
      const moving = rows.filter((row) => row.owner_id !== input.toOwnerId);
      const ids = moving.map((row) => row.id);
      if (ids.length > 0) {
        await tx.$executeRawUnsafe(
          `UPDATE accounts SET owner_id = $1::uuid, version = version + 1, updated_at = now() WHERE id = ANY($2::uuid[])`,
          input.toOwnerId,
          ids,
        );
        await followAccountOwner(tx, ids, input.toOwnerId);
      }
      const moveId =
        moving.length > 0
          ? await recordAccountMove(
              transactionQuery(tx),
              actor.id,
              moving.map((row) => ({ accountId: row.id, fromOwnerId: row.owner_id, toOwnerId: input.toOwnerId })),
            )
          : null;
      await recordAudits(
        tx,
        moving.map((row) => ({
          actorId: actor.id,
          action: "account.reassign",
          entityType: "account",
          entityId: row.id,
          before: { ownerId: row.owner_id },
          after: { ownerId: input.toOwnerId },
        })),
      );
      return { moved: moving.length, unchanged: rows.length - moving.length, moveId };
    },
    // Up to 5,000 accounts with their metrics, deals and audit rows: more than the 5 s default.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
