// Opening a deal on an account the actor may write. The owner is the signed-in
// user, never a client-supplied id.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Invalid } from "@/lib/errors";
import { decimalStringFromCents } from "@/lib/money";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLOSED_STAGES, type CreateDealInput } from "./schema";
import { dealView, DEAL_INCLUDE, type DealView } from "./list-deals";
import { markFlagActed, txQuery } from "@/lib/flag-records/flag-actions";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import { recordAudit } from "@/lib/audit/record-audit";
import { dealAuditState } from "./deal-audit";

/** The product must exist and still be sold; names the field otherwise. */
export async function checkDealProduct(db: Pick<Prisma.TransactionClient, "product">, productId: string): Promise<void> {
  const product = await db.product.findUnique({ where: { id: productId }, select: { archived: true, name: true } });
  const reason = !product ? "no such product" : product.archived ? `${product.name} is archived and cannot be sold` : null;
  if (reason) throw new Invalid(`Invalid body: productId: ${reason}`, [{ field: "productId", reason }]);
}

export async function createDeal(actor: Actor, input: CreateDealInput): Promise<DealView> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const account = await accountFor(tx, actor, input.accountId, "write", "deal", { lock: Boolean(input.flagId) });
    if (input.productId) await checkDealProduct(tx, input.productId);
    if (input.contactId) {
      const contact = await tx.contact.findFirst({ where: { id: input.contactId, accountId: account.id }, select: { id: true } });
      if (!contact)
        throw new Invalid("Invalid body: contactId: no such contact on this account", [
          { field: "contactId", reason: "no such contact on this account" },
        ]);
    }
    // A deal from an upsell or cross-sell flag answers it: the flag becomes acted (400 naming flagId otherwise).
    if (input.flagId) await markFlagActed(txQuery(tx), account.id, input.flagId, ["upsell", "cross_sell"], new Date(), actor.id, "deal");
    const deal = await tx.deal.create({
      data: {
        flagId: input.flagId,
        contactId: input.contactId,
        accountId: account.id,
        ownerId: actor.id,
        title: input.title,
        type: input.type,
        stage: input.stage,
        amount: decimalStringFromCents(input.amount),
        probability: input.probability,
        expectedCloseAt: input.expectedCloseAt,
        closedAt: CLOSED_STAGES.has(input.stage) ? new Date() : null,
        productId: input.productId,
      },
      include: DEAL_INCLUDE,
    });
    await recordAudit(tx, { actorId: actor.id, action: "deal.create", entityType: "deal", entityId: deal.id, after: dealAuditState(deal) });
    return dealView(deal, actor);
  }, LIVE_WRITE_TRANSACTION);
}
