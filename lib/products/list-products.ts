// The catalog as the order form's product picker and GET /api/products see it.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";

export const listProductsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    includeArchived: z.enum(["true", "false"]).optional(),
  })
  .strict();

export interface ProductItem {
  id: string;
  sku: string;
  name: string;
  category: string;
  tier: string | null;
  tierRank: number | null;
  listPrice: number;
  replenishmentDays: number | null;
  archived: boolean;
}

export async function listProducts(actor: Actor, query: z.infer<typeof listProductsQuery>): Promise<{ items: ProductItem[] }> {
  if (!can(actor, "read", "product")) throw new Forbidden("Your role may not read the catalog.");
  const prisma = await getPrisma();
  const products = await prisma.product.findMany({
    where: {
      ...(query.includeArchived === "true" ? {} : { archived: false }),
      ...(query.q
        ? { OR: [{ name: { contains: query.q, mode: "insensitive" } }, { sku: { contains: query.q, mode: "insensitive" } }] }
        : {}),
    },
    include: { category: { select: { name: true } } },
    orderBy: [{ category: { name: "asc" } }, { tierRank: "asc" }, { name: "asc" }],
  });
  return {
    items: products.map((product) => ({
      id: product.id,
      sku: product.sku,
      name: product.name,
      category: product.category.name,
      tier: product.tierName,
      tierRank: product.tierRank,
      listPrice: product.listPrice.toNumber(),
      replenishmentDays: product.replenishmentDays,
      archived: product.archived,
    })),
  };
}
