// Changing a deal (stage moves on the board, amount, probability, …) with
// optimistic concurrency: a stale version answers Conflict with the current deal.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { decimalStringFromCents } from "@/lib/money";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLOSED_STAGES, type UpdateDealInput } from "./schema";
import { stageProbabilities } from "./stage-probabilities";
import { dealView, DEAL_INCLUDE, type DealView } from "./list-deals";
import { checkDealProduct } from "./create-deal";
import { recordAudit } from "@/lib/audit/record-audit";
import { dealAuditState } from "./deal-audit";

/** The contact must be one of the deal's account's people; names the field otherwise. */
async function checkDealContact(db: Pick<Prisma.TransactionClient, "contact">, contactId: string, accountId: string): Promise<void> {
  const contact = await db.contact.findFirst({ where: { id: contactId }, select: { accountId: true } });
  if (!contact || contact.accountId !== accountId) {
    throw new Invalid("Invalid body: contactId: not a contact of this deal's account", [
      { field: "contactId", reason: "not a contact of this deal's account" },
    ]);
  }
}

export async function updateDeal(actor: Actor, dealId: string, input: UpdateDealInput): Promise<DealView> {
  const prisma = await getPrisma();
  const existing = await prisma.deal.findFirst({ where: { id: dealId }, select: { accountId: true, stage: true } });
  if (!existing) throw new NotFound("No such deal.");
  try {
    await accountFor(prisma, actor, existing.accountId, "write", "deal");
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("No such deal.");
    throw error;
  }
  if (input.productId) await checkDealProduct(prisma, input.productId);
  if (input.contactId) await checkDealContact(prisma, input.contactId, existing.accountId);
  const stageAfter = input.stage ?? existing.stage;
  if (stageAfter === "LOST" && existing.stage !== "LOST" && !input.lostReason) {
    throw new Invalid("Invalid body: lostReason: say why the deal was lost", [
      { field: "lostReason", reason: "say why the deal was lost" },
    ]);
  }
  if (stageAfter !== "LOST" && input.lostReason) {
    throw new Invalid("Invalid body: lostReason: only a lost deal has a reason", [
      { field: "lostReason", reason: "only a lost deal has a reason" },
    ]);
  }

  const { version, ...changes } = input;
  const data: Prisma.DealUncheckedUpdateManyInput = {
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.type !== undefined ? { type: changes.type } : {}),
    ...(changes.amount !== undefined ? { amount: decimalStringFromCents(changes.amount) } : {}),
    ...(changes.probability !== undefined ? { probability: changes.probability } : {}),
    ...(changes.expectedCloseAt !== undefined ? { expectedCloseAt: changes.expectedCloseAt } : {}),
    ...(changes.productId !== undefined ? { productId: changes.productId } : {}),
    ...(changes.contactId !== undefined ? { contactId: changes.contactId } : {}),
    ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    ...(changes.lostReason !== undefined ? { lostReason: changes.lostReason } : {}),
    version: { increment: 1 },
    updatedAt: new Date(),
  };
  // `existing.stage` is what the client's version saw whenever the update below
  // matches that version, so the closed-at decision is made on the right stage.
  if (changes.stage !== undefined && changes.stage !== existing.stage) {
    data.stage = changes.stage;
    data.closedAt = CLOSED_STAGES.has(changes.stage) ? new Date() : null;
    // A move sets the stage's probability (an admin setting; Won 100 %, Lost 0 %),
    // unless the same request sends its own.
    if (changes.probability === undefined) data.probability = (await stageProbabilities(prisma))[changes.stage];
    // Only a lost deal keeps a reason.
    if (changes.stage !== "LOST") data.lostReason = null;
  }
  // The change and its audit entry commit together. `before` is the version the update matched:
  // a change committed in between bumps the version, and the update then matches nothing.
  const { changed, current } = await prisma.$transaction(async (tx) => {
    const before = await tx.deal.findFirst({ where: { id: dealId } });
    const { count } = await tx.deal.updateMany({ where: { id: dealId, version }, data });
    const after = await tx.deal.findFirst({ where: { id: dealId }, include: DEAL_INCLUDE });
    if (!after || !before) throw new NotFound("No such deal.");
    if (count > 0) {
      const moved = before.stage !== after.stage;
      await recordAudit(tx, {
        actorId: actor.id,
        action: moved ? "deal.stage" : "deal.update",
        entityType: "deal",
        entityId: dealId,
        before: dealAuditState(before),
        after: dealAuditState(after),
      });
    }
    return { changed: count > 0, current: after };
  });
  if (!changed) {
    throw new Conflict("Someone changed this deal since you opened it; here is the current version.", dealView(current, actor));
  }
  return dealView(current, actor);
}
