// Creating, editing and removing catalog products (admins only), each audited in
// the same transaction. A product that purchase lines or deals refer to is
// archived instead of deleted, so past orders keep their product.
//
// Metrics: flags read the catalog (tiers for upsell, replenishment cycles), but
// refreshing them means recomputing every account (lib/metrics/background.ts),
// far too slow per catalog edit. Catalog changes show in an account's flags at its
// next live write and everywhere at the next refit (automatic, or "Refit the model
// now" on /admin).
import { getPrisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { catalogSelect, catalogView, productAuditState, type CatalogProductView } from "./catalog-view";
import type { CreateProductInput, UpdateProductInput } from "./schema";

type Tx = Prisma.TransactionClient;

function assertAdmin(actor: Actor) {
  if (!can(actor, "write", "product")) throw new Forbidden("Only admins change the catalog.");
}

function assertTier(tierRank: number | null, tierName: string | null) {
  if (tierRank !== null && tierName === null)
    throw new Invalid("Invalid body: tierName: is required with a tier rank", [
      { field: "tierName", reason: "is required with a tier rank" },
    ]);
  if (tierRank === null && tierName !== null)
    throw new Invalid("Invalid body: tierRank: is required with a tier name", [
      { field: "tierRank", reason: "is required with a tier name" },
    ]);
}

async function assertCategory(tx: Tx, categoryId: string) {
  const category = await tx.category.findUnique({ where: { id: categoryId }, select: { id: true } });
  if (!category) throw new Invalid("Invalid body: categoryId: no such category", [{ field: "categoryId", reason: "no such category" }]);
}

/** SKUs are unique regardless of case; the conflict names the product that has it. */
async function skuConflict(tx: Tx | Awaited<ReturnType<typeof getPrisma>>, sku: string, exceptId?: string): Promise<Conflict | null> {
  const holder = await tx.product.findFirst({
    where: { sku: { equals: sku, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: catalogSelect,
  });
  return holder ? new Conflict(`SKU ${holder.sku} is already used by "${holder.name}".`, catalogView(holder), "sku") : null;
}

async function withSkuGuard<T>(sku: string | undefined, exceptId: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // Two admins saving the same SKU at once: the unique index decides.
    if (sku && isUniqueViolation(error))
      throw (await skuConflict(await getPrisma(), sku, exceptId)) ?? new Conflict(`SKU ${sku} is already in use.`, undefined, "sku");
    throw error;
  }
}

export async function listCatalog(actor: Actor, opts: { includeArchived?: boolean } = {}): Promise<CatalogProductView[]> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const rows = await prisma.product.findMany({
    where: opts.includeArchived === false ? { archived: false } : {},
    select: catalogSelect,
    orderBy: [{ category: { name: "asc" } }, { tierRank: "asc" }, { name: "asc" }, { id: "asc" }],
  });
  return rows.map(catalogView);
}

export async function createProduct(actor: Actor, input: CreateProductInput): Promise<CatalogProductView> {
  assertAdmin(actor);
  const tierRank = input.tierRank ?? null;
  const tierName = input.tierName ?? null;
  assertTier(tierRank, tierName);
  const prisma = await getPrisma();
  return withSkuGuard(input.sku, undefined, () =>
    prisma.$transaction(async (tx) => {
      await assertCategory(tx, input.categoryId);
      const taken = await skuConflict(tx, input.sku);
      if (taken) throw taken;
      const product = await tx.product.create({
        data: {
          sku: input.sku,
          name: input.name,
          categoryId: input.categoryId,
          tierRank,
          tierName,
          listPrice: input.listPrice,
          unitCost: input.unitCost,
          replenishmentDays: input.replenishmentDays ?? null,
        },
        select: catalogSelect,
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "product.create",
        entityType: "product",
        entityId: product.id,
        after: productAuditState(product),
      });
      return catalogView(product);
    }),
  );
}

export async function updateProduct(actor: Actor, productId: string, input: UpdateProductInput): Promise<CatalogProductView> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const { expectedUpdatedAt, ...fields } = input;
  return withSkuGuard(fields.sku, productId, () =>
    prisma.$transaction(async (tx) => {
      const current = await tx.product.findUnique({ where: { id: productId }, select: catalogSelect });
      if (!current) throw new NotFound("No such product.");
      assertTier(
        fields.tierRank !== undefined ? fields.tierRank : current.tierRank,
        fields.tierName !== undefined ? fields.tierName : current.tierName,
      );
      if (fields.categoryId && fields.categoryId !== current.categoryId) await assertCategory(tx, fields.categoryId);
      if (fields.sku && fields.sku.toLowerCase() !== current.sku.toLowerCase()) {
        const taken = await skuConflict(tx, fields.sku, productId);
        if (taken) throw taken;
      }
      const { count } = await tx.product.updateMany({ where: { id: productId, updatedAt: new Date(expectedUpdatedAt) }, data: fields });
      if (count === 0) throw new Conflict("This product was changed by someone else; here is the current version.", catalogView(current));
      const updated = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: catalogSelect });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "product.update",
        entityType: "product",
        entityId: productId,
        before: productAuditState(current),
        after: productAuditState(updated),
      });
      return catalogView(updated);
    }),
  );
}

export interface RemoveProductResult {
  outcome: "archived" | "deleted";
  /** Purchase lines and deals that refer to the product (why it was archived). */
  references: number;
  product: CatalogProductView;
}

export async function removeProduct(actor: Actor, productId: string): Promise<RemoveProductResult> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    // Locking the row makes a concurrent order's foreign-key check wait for us, and
    // the counts below (a fresh snapshot after the lock) see any line committed before.
    const locked = await tx.$queryRawUnsafe<unknown[]>(`SELECT id FROM products WHERE id = $1::uuid FOR UPDATE`, productId);
    if (locked.length === 0) throw new NotFound("No such product.");
    const current = await tx.product.findUniqueOrThrow({ where: { id: productId }, select: catalogSelect });
    const references = current._count.purchaseLines + current._count.deals;
    if (references > 0) {
      const archived = await tx.product.update({ where: { id: productId }, data: { archived: true }, select: catalogSelect });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "product.archive",
        entityType: "product",
        entityId: productId,
        before: productAuditState(current),
        after: productAuditState(archived),
      });
      return { outcome: "archived" as const, references, product: catalogView(archived) };
    }
    await tx.product.delete({ where: { id: productId } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "product.delete",
      entityType: "product",
      entityId: productId,
      before: productAuditState(current),
    });
    return { outcome: "deleted" as const, references: 0, product: catalogView(current) };
  });
}
