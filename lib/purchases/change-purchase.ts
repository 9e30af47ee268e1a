// Editing and deleting an order. Both lock the account, check the version the
// client saw (a stale edit answers 409 with the current order), and recompute
// the account's metrics in the same transaction.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { flagsOf, metricsView } from "@/lib/accounts/metrics-view";
import { noteMetricsWrite } from "@/lib/metrics/jobs";
import { recordAudit } from "@/lib/audit/record-audit";
import { Conflict, NotFound } from "@/lib/errors";
import { decimalStringFromCents } from "@/lib/money";
import type { Prisma } from "@/lib/generated/prisma/client";
import { priceLines, recomputeAfterOrder } from "./create-purchase";
import { purchaseAuditState, purchaseView, PURCHASE_INCLUDE } from "./purchase-view";
import type { UpdatePurchaseInput } from "./schema";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";

async function lockedPurchase(tx: Prisma.TransactionClient, actor: Actor, purchaseId: string) {
  const found = await tx.purchase.findFirst({ where: { id: purchaseId }, select: { accountId: true } });
  if (!found) throw new NotFound("No such order.");
  await tx.$queryRawUnsafe(`SELECT id FROM accounts WHERE id = $1::uuid FOR UPDATE`, found.accountId);
  await accountFor(tx, actor, found.accountId, "write", "purchase");
  const purchase = await tx.purchase.findFirst({ where: { id: purchaseId }, include: PURCHASE_INCLUDE });
  if (!purchase) throw new NotFound("No such order.");
  return purchase;
}

async function metricsAfter(tx: Prisma.TransactionClient, accountId: string) {
  await recomputeAfterOrder(tx, accountId);
  const metrics = await tx.accountMetrics.findUnique({ where: { accountId } });
  return { metrics: metrics ? metricsView(metrics) : null, flags: flagsOf(metrics) };
}

export async function updatePurchase(actor: Actor, purchaseId: string, input: UpdatePurchaseInput) {
  const prisma = await getPrisma();
  const result = await prisma.$transaction(async (tx) => {
    const current = await lockedPurchase(tx, actor, purchaseId);
    if (current.version !== input.version) {
      throw new Conflict("This order was changed by someone else; here is the current version.", purchaseView(current));
    }
    const data: Prisma.PurchaseUpdateInput = { version: { increment: 1 } };
    if (input.purchasedAt) data.purchasedAt = input.purchasedAt;
    if (input.lines) {
      const { priced, totalCents, grossProfitCents } = await priceLines(tx, input.lines);
      await tx.purchaseLine.deleteMany({ where: { accountId: current.accountId, purchaseId } });
      data.total = decimalStringFromCents(totalCents);
      data.grossProfit = decimalStringFromCents(grossProfitCents);
      data.lines = { create: priced };
    }
    const updated = await tx.purchase.update({
      where: { accountId_id: { accountId: current.accountId, id: purchaseId } },
      data,
      include: PURCHASE_INCLUDE,
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "purchase.update",
      entityType: "purchase",
      entityId: purchaseId,
      before: purchaseAuditState(purchaseView(current)),
      after: purchaseAuditState(purchaseView(updated)),
    });
    return { purchase: purchaseView(updated), ...(await metricsAfter(tx, updated.accountId)) };
  }, LIVE_WRITE_TRANSACTION);
  noteMetricsWrite();
  return result;
}

export async function deletePurchase(actor: Actor, purchaseId: string, expectedVersion?: number) {
  const prisma = await getPrisma();
  const result = await prisma.$transaction(async (tx) => {
    const current = await lockedPurchase(tx, actor, purchaseId);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new Conflict("This order was changed by someone else; here is the current version.", purchaseView(current));
    }
    await tx.purchase.delete({ where: { accountId_id: { accountId: current.accountId, id: purchaseId } } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "purchase.delete",
      entityType: "purchase",
      entityId: purchaseId,
      before: purchaseAuditState(purchaseView(current)),
    });
    return metricsAfter(tx, current.accountId);
  }, LIVE_WRITE_TRANSACTION);
  noteMetricsWrite();
  return result;
}
