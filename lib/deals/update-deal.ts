// Changing a deal (stage moves on the board, amount, probability, …) with
// optimistic concurrency: a stale version answers Conflict with the current deal.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, NotFound } from "@/lib/errors";
import { decimalStringFromCents } from "@/lib/money";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLOSED_STAGES, STAGE_PROBABILITY, type UpdateDealInput } from "./schema";
import { dealView, DEAL_INCLUDE, type DealView } from "./list-deals";
import { checkDealProduct } from "./create-deal";

export async function updateDeal(actor: Actor, dealId: string, input: UpdateDealInput): Promise<DealView> {
  const prisma = await getPrisma();
  const existing = await prisma.deal.findUnique({ where: { id: dealId }, select: { accountId: true, stage: true } });
  if (!existing) throw new NotFound("No such deal.");
  try {
    await accountFor(prisma, actor, existing.accountId, "write", "deal");
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("No such deal.");
    throw error;
  }
  if (input.productId) await checkDealProduct(prisma, input.productId);

  const { version, ...changes } = input;
  const data: Prisma.DealUncheckedUpdateManyInput = {
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.type !== undefined ? { type: changes.type } : {}),
    ...(changes.amount !== undefined ? { amount: decimalStringFromCents(changes.amount) } : {}),
    ...(changes.probability !== undefined ? { probability: changes.probability } : {}),
    ...(changes.expectedCloseAt !== undefined ? { expectedCloseAt: changes.expectedCloseAt } : {}),
    ...(changes.productId !== undefined ? { productId: changes.productId } : {}),
    version: { increment: 1 },
    updatedAt: new Date(),
  };
  // `existing.stage` is what the client's version saw whenever the update below
  // matches that version, so the closed-at decision is made on the right stage.
  if (changes.stage !== undefined && changes.stage !== existing.stage) {
    data.stage = changes.stage;
    data.closedAt = CLOSED_STAGES.has(changes.stage) ? new Date() : null;
    // Won is certain and lost is gone; a reopened deal falls back to its stage's usual
    // odds. A probability the rep typed elsewhere is kept; one sent with the move wins.
    const closing = CLOSED_STAGES.has(changes.stage);
    const reopening = CLOSED_STAGES.has(existing.stage) && !closing;
    if (changes.probability === undefined && (closing || reopening)) data.probability = STAGE_PROBABILITY[changes.stage];
  }
  const { count } = await prisma.deal.updateMany({ where: { id: dealId, version }, data });
  const current = await prisma.deal.findUnique({ where: { id: dealId }, include: DEAL_INCLUDE });
  if (!current) throw new NotFound("No such deal.");
  if (count === 0) {
    throw new Conflict("Someone changed this deal since you opened it; here is the current version.", dealView(current, actor));
  }
  return dealView(current, actor);
}
