// Creating and editing accounts. A new account gets its metrics row in the same
// transaction; a reassignment needs the reassign permission and is audited.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/errors";
import { recomputeAccountMetrics, shareMetricsInputs } from "@/lib/metrics/recompute";
import { recordAudit } from "@/lib/audit/record-audit";
import { accountFor } from "./access";
import { followAccountOwner } from "./follow-owner";
import { transactionQuery } from "@/lib/db/sql";
import { recordAccountMove } from "./account-moves";
import { getAccount } from "./get-account";
import { assertAccountOwner } from "./owner-rule";
import type { CreateAccountInput, UpdateAccountInput } from "./schema";

export async function createAccount(actor: Actor, input: CreateAccountInput) {
  if (!can(actor, "write", "account")) throw new Forbidden("Your role may not create accounts.");
  const ownerId = input.ownerId && input.ownerId !== actor.id ? input.ownerId : actor.id;
  if (ownerId !== actor.id && !can(actor, "reassign", "account"))
    throw new Forbidden("Only managers and admins create accounts for other reps.");
  const prisma = await getPrisma();
  const taken = () => new Conflict(`An account with the external id ${input.externalId} already exists.`, null, "externalId");
  let id: string;
  try {
    id = await prisma.$transaction(async (tx) => {
      await assertAccountOwner(tx, ownerId, "ownerId");
      if (input.externalId && (await tx.account.findUnique({ where: { externalId: input.externalId }, select: { id: true } })))
        throw taken();
      const account = await tx.account.create({
        data: {
          name: input.name,
          segment: input.segment,
          industry: input.industry,
          region: input.region,
          currency: input.currency,
          acquiredAt: input.acquiredAt ?? new Date(),
          acquisitionChannel: input.acquisitionChannel,
          externalId: input.externalId,
          ownerId,
        },
      });
      if (input.contact) {
        const { name, title, email, phone, decisionRole } = input.contact;
        await tx.contact.create({
          data: { accountId: account.id, name, title: title ?? null, email: email ?? null, phone: phone ?? null, decisionRole },
        });
      }
      await recomputeAccountMetrics(tx, account.id);
      await recordAudit(tx, { actorId: actor.id, action: "account.create", entityType: "account", entityId: account.id, after: account });
      return account.id;
    });
  } catch (error) {
    // Two creates with one external id at once: the unique index decides.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  return getAccount(actor, id);
}

export async function updateAccount(actor: Actor, accountId: string, input: UpdateAccountInput) {
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    // Before the UPDATE below touches the metrics row (reassignment, segment trigger): see shareMetricsInputs.
    await shareMetricsInputs(tx);
    await accountFor(tx, actor, accountId, "read");
    const current = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
    const { version, ownerId, ...fields } = input;
    const reassigning = ownerId !== undefined && ownerId !== current.ownerId;
    if (reassigning) {
      if (!can(actor, "reassign", "account", current)) throw new Forbidden("Only managers and admins reassign accounts.");
      await assertAccountOwner(tx, ownerId, "ownerId");
    }
    if (Object.keys(fields).length > 0 && !can(actor, "write", "account", current) && !can(actor, "reassign", "account", current)) {
      throw new Forbidden("Your role may not change this account.");
    }
    const { count } = await tx.account.updateMany({
      where: { id: accountId, version },
      data: { ...fields, ...(reassigning ? { ownerId } : {}), version: { increment: 1 } },
    });
    if (count === 0) throw new Conflict("This account was changed by someone else; here is the current version.", current);
    if (reassigning) {
      await followAccountOwner(tx, [accountId], ownerId);
      await recordAccountMove(transactionQuery(tx), actor.id, [{ accountId, fromOwnerId: current.ownerId, toOwnerId: ownerId }]);
    }
    if (input.segment && input.segment !== current.segment) await recomputeAccountMetrics(tx, accountId);
    const after = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: reassigning ? "account.reassign" : "account.update",
      entityType: "account",
      entityId: accountId,
      before: current,
      after,
    });
  });
  return getAccount(actor, accountId);
}
