import type { Prisma } from "@/lib/generated/prisma/client";

export const PURCHASE_INCLUDE = {
  lines: { include: { product: { select: { name: true, sku: true, category: { select: { name: true } } } } } },
} satisfies Prisma.PurchaseInclude;

type PurchaseWithLines = Prisma.PurchaseGetPayload<{ include: typeof PURCHASE_INCLUDE }>;

export interface PurchaseView {
  id: string;
  accountId: string;
  purchasedAt: string;
  total: number;
  grossProfit: number;
  loggedById: string;
  dealId: string | null;
  version: number;
  lines: Array<{
    id: string;
    productId: string;
    productName: string;
    sku: string;
    category: string;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
  }>;
}

export function purchaseView(purchase: PurchaseWithLines): PurchaseView {
  return {
    id: purchase.id,
    accountId: purchase.accountId,
    purchasedAt: purchase.purchasedAt.toISOString(),
    total: purchase.total.toNumber(),
    grossProfit: purchase.grossProfit.toNumber(),
    loggedById: purchase.loggedById,
    dealId: purchase.dealId,
    version: purchase.version,
    lines: purchase.lines.map((line) => ({
      id: line.id,
      productId: line.productId,
      productName: line.product.name,
      sku: line.product.sku,
      category: line.product.category.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice.toNumber(),
      lineTotal: line.lineTotal.toNumber(),
    })),
  };
}

/** What the audit log keeps of an order: no idempotency key or version, the lines by product name. */
export function purchaseAuditState(view: PurchaseView) {
  return {
    accountId: view.accountId,
    purchasedAt: view.purchasedAt,
    total: view.total,
    grossProfit: view.grossProfit,
    dealId: view.dealId,
    lines: view.lines.map((line) => ({
      productId: line.productId,
      productName: line.productName,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    })),
  };
}
