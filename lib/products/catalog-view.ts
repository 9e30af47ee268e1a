// The catalog as the admin sees it: every field, money as exact decimal strings,
// and whether purchases or deals refer to the product (then DELETE archives it).
import type { Prisma } from "@/lib/generated/prisma/client";

export const catalogSelect = {
  id: true,
  sku: true,
  name: true,
  categoryId: true,
  tierRank: true,
  tierName: true,
  listPrice: true,
  unitCost: true,
  replenishmentDays: true,
  archived: true,
  createdAt: true,
  updatedAt: true,
  category: { select: { name: true } },
  _count: { select: { purchaseLines: true, deals: true } },
} satisfies Prisma.ProductSelect;

type Row = Prisma.ProductGetPayload<{ select: typeof catalogSelect }>;

export interface CatalogProductView {
  id: string;
  sku: string;
  name: string;
  categoryId: string;
  category: string;
  tierRank: number | null;
  tierName: string | null;
  listPrice: string;
  unitCost: string;
  replenishmentDays: number | null;
  archived: boolean;
  /** Purchase lines and deals that refer to it: a product in use is archived, never deleted. */
  references: number;
  updatedAt: string;
}

export function catalogView(row: Row): CatalogProductView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    categoryId: row.categoryId,
    category: row.category.name,
    tierRank: row.tierRank,
    tierName: row.tierName,
    listPrice: row.listPrice.toFixed(2),
    unitCost: row.unitCost.toFixed(2),
    replenishmentDays: row.replenishmentDays,
    archived: row.archived,
    references: row._count.purchaseLines + row._count.deals,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audited fields (no counts, no relation names). */
export function productAuditState(
  row: Pick<Row, "sku" | "name" | "categoryId" | "tierRank" | "tierName" | "listPrice" | "unitCost" | "replenishmentDays" | "archived">,
) {
  return {
    sku: row.sku,
    name: row.name,
    categoryId: row.categoryId,
    tierRank: row.tierRank,
    tierName: row.tierName,
    listPrice: row.listPrice.toFixed(2),
    unitCost: row.unitCost.toFixed(2),
    replenishmentDays: row.replenishmentDays,
    archived: row.archived,
  };
}
