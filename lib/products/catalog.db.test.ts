import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { createProduct, listCatalog, removeProduct, updateProduct } from "./change-product";
import { createCategory, listCategories } from "./categories";
import { createCategoryInput, createProductInput, updateProductInput } from "./schema";
import { listProducts } from "./list-products";

let db: Database;
let fx: SalesFixture;
let tonerCategory: string;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma);
  tonerCategory = (await db.prisma.category.findFirstOrThrow({ where: { name: "Toner & ink" } })).id;
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const fieldsOf = (error: unknown) => (error as Invalid).issues.map((issue) => issue.field);
const newProduct = (overrides: Record<string, unknown> = {}) =>
  createProductInput.parse({
    sku: "TON-X",
    name: "Toner Extra",
    categoryId: tonerCategory,
    tierRank: 3,
    tierName: "Extra",
    listPrice: "99.90",
    unitCost: "41.25",
    replenishmentDays: 60,
    ...overrides,
  });

describe("catalog", () => {
  it("an admin creates a product with exact money and tier; it is audited and reps see it in the picker", async () => {
    const product = await createProduct(fx.admin, newProduct());
    expect(product).toMatchObject({
      sku: "TON-X",
      category: "Toner & ink",
      tierRank: 3,
      tierName: "Extra",
      listPrice: "99.90",
      unitCost: "41.25",
      replenishmentDays: 60,
      archived: false,
      references: 0,
    });
    const row = await db.prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(row.listPrice.toFixed(2)).toBe("99.90");
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: product.id, action: "product.create" } });
    expect(audit).toMatchObject({ actorId: fx.admin.id, entityType: "product", before: null });
    expect(audit.after).toMatchObject({ sku: "TON-X", listPrice: "99.90" });
    expect((await listProducts(fx.rep1, {})).items.map((p) => p.sku)).toContain("TON-X");
  });

  it("reps and managers may read but not change the catalog", async () => {
    for (const actor of [fx.rep1, fx.manager]) {
      await expect(createProduct(actor, newProduct({ sku: "NOPE-1" }))).rejects.toBeInstanceOf(Forbidden);
      await expect(
        updateProduct(actor, fx.products.paper, updateProductInput.parse({ expectedUpdatedAt: new Date().toISOString(), name: "x" })),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(removeProduct(actor, fx.products.paper)).rejects.toBeInstanceOf(Forbidden);
      await expect(createCategory(actor, { name: "Nope" })).rejects.toBeInstanceOf(Forbidden);
      await expect(listCatalog(actor)).rejects.toBeInstanceOf(Forbidden);
      expect((await listCategories(actor)).items.length).toBeGreaterThan(0);
    }
    expect(await db.prisma.product.count({ where: { sku: "NOPE-1" } })).toBe(0);
  });

  it("validation names the field: negative or float-ish money, tier without name, replenishment out of range, unknown field", () => {
    const attempt = (body: Record<string, unknown>) => {
      try {
        parseWith(createProductInput, { sku: "A-1", name: "A", categoryId: tonerCategory, listPrice: "1.00", unitCost: "0.50", ...body });
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(Invalid);
        return fieldsOf(error);
      }
    };
    expect(attempt({})).toEqual([]);
    expect(attempt({ listPrice: "-1.00" })).toEqual(["listPrice"]);
    expect(attempt({ unitCost: "1.005" })).toEqual(["unitCost"]);
    expect(attempt({ listPrice: 12.5 })).toEqual(["listPrice"]);
    expect(attempt({ tierRank: 0 })).toEqual(["tierRank"]);
    expect(attempt({ replenishmentDays: 0 })).toEqual(["replenishmentDays"]);
    expect(attempt({ replenishmentDays: 3651 })).toEqual(["replenishmentDays"]);
    expect(attempt({ replenishmentDays: 3650 })).toEqual([]);
    expect(attempt({ sku: "" })).toEqual(["sku"]);
    expect(attempt({ colour: "red" })).toEqual(["colour"]);
  });

  it("a tier rank needs a tier name and a category must exist, each naming the field", async () => {
    const noName = await createProduct(fx.admin, newProduct({ sku: "T-1", tierName: null })).catch((e) => e);
    expect(noName).toBeInstanceOf(Invalid);
    expect(fieldsOf(noName)).toEqual(["tierName"]);
    const noCategory = await createProduct(fx.admin, newProduct({ sku: "T-2", categoryId: "00000000-0000-4000-8000-000000000000" })).catch(
      (e) => e,
    );
    expect(fieldsOf(noCategory)).toEqual(["categoryId"]);
    expect(await db.prisma.product.count({ where: { sku: { in: ["T-1", "T-2"] } } })).toBe(0);
  });

  it("a duplicate SKU (any case) answers Conflict naming the product that has it", async () => {
    const error = await createProduct(fx.admin, newProduct({ sku: "ton-s" })).catch((e) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).message).toMatch(/TON-S.*Toner Standard/);
    expect((error as Conflict).details).toMatchObject({ id: fx.products.toner });
    const paper = await db.prisma.product.findUniqueOrThrow({ where: { id: fx.products.paper } });
    const rename = await updateProduct(
      fx.admin,
      fx.products.paper,
      updateProductInput.parse({ expectedUpdatedAt: paper.updatedAt.toISOString(), sku: "PRN-1" }),
    ).catch((e) => e);
    expect(rename).toBeInstanceOf(Conflict);
  });

  it("edits with optimistic concurrency: a stale updatedAt answers Conflict with the current product; the change is audited", async () => {
    const loaded = await db.prisma.product.findUniqueOrThrow({ where: { id: fx.products.paper } });
    const updated = await updateProduct(
      fx.admin,
      fx.products.paper,
      updateProductInput.parse({ expectedUpdatedAt: loaded.updatedAt.toISOString(), listPrice: "26.00", replenishmentDays: null }),
    );
    expect(updated).toMatchObject({ listPrice: "26.00", replenishmentDays: null });
    const stale = await updateProduct(
      fx.admin,
      fx.products.paper,
      updateProductInput.parse({ expectedUpdatedAt: loaded.updatedAt.toISOString(), listPrice: "1.00" }),
    ).catch((e) => e);
    expect(stale).toBeInstanceOf(Conflict);
    expect((stale as Conflict).details).toMatchObject({ listPrice: "26.00" });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: fx.products.paper, action: "product.update" } });
    expect(audit.before).toMatchObject({ listPrice: "24.50", replenishmentDays: 21 });
    expect(audit.after).toMatchObject({ listPrice: "26.00", replenishmentDays: null });
    await expect(
      updateProduct(
        fx.admin,
        "00000000-0000-4000-8000-000000000000",
        updateProductInput.parse({ expectedUpdatedAt: loaded.updatedAt.toISOString() }),
      ),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("removing a product that a purchase refers to archives it; an unused one is deleted; unarchive via update", async () => {
    const account = fx.accounts.rep1[0]!;
    await db.prisma.purchase.create({
      data: {
        accountId: account,
        purchasedAt: new Date(),
        total: "59.90",
        grossProfit: "29.90",
        loggedById: fx.rep1.id,
        lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90", unitCost: "30.00", lineTotal: "59.90" }] },
      },
    });
    const archived = await removeProduct(fx.admin, fx.products.toner);
    expect(archived).toMatchObject({ outcome: "archived", references: 1, product: { archived: true } });
    expect(await db.prisma.product.findUnique({ where: { id: fx.products.toner } })).not.toBeNull();
    expect((await listProducts(fx.rep1, {})).items.map((p) => p.id)).not.toContain(fx.products.toner);
    expect(await db.prisma.auditLog.count({ where: { entityId: fx.products.toner, action: "product.archive" } })).toBe(1);

    // A deal alone also keeps the product.
    await db.prisma.deal.create({
      data: { accountId: account, ownerId: fx.rep1.id, title: "Printer", amount: "499.00", productId: fx.products.printer },
    });
    expect((await removeProduct(fx.admin, fx.products.printer)).outcome).toBe("archived");

    const fresh = await createProduct(fx.admin, newProduct({ sku: "FRESH-1", tierRank: null, tierName: null }));
    const deleted = await removeProduct(fx.admin, fresh.id);
    expect(deleted.outcome).toBe("deleted");
    expect(await db.prisma.product.findUnique({ where: { id: fresh.id } })).toBeNull();
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: fresh.id, action: "product.delete" } });
    expect(audit.before).toMatchObject({ sku: "FRESH-1" });
    await expect(removeProduct(fx.admin, fresh.id)).rejects.toBeInstanceOf(NotFound);

    const current = await db.prisma.product.findUniqueOrThrow({ where: { id: fx.products.toner } });
    const back = await updateProduct(
      fx.admin,
      fx.products.toner,
      updateProductInput.parse({ expectedUpdatedAt: current.updatedAt.toISOString(), archived: false }),
    );
    expect(back.archived).toBe(false);
    expect((await listCatalog(fx.admin)).find((p) => p.id === fx.products.toner)).toMatchObject({ archived: false, references: 1 });
  });

  it("categories: unique name regardless of case, audited", async () => {
    const created = await createCategory(fx.admin, createCategoryInput.parse({ name: " Service plans " }));
    expect(created).toMatchObject({ name: "Service plans", products: 0 });
    const duplicate = await createCategory(fx.admin, createCategoryInput.parse({ name: "service PLANS" })).catch((e) => e);
    expect(duplicate).toBeInstanceOf(Conflict);
    expect((duplicate as Conflict).details).toMatchObject({ id: created.id });
    expect((await listCategories(fx.rep1)).items.map((c) => c.name)).toContain("Service plans");
    expect(await db.prisma.auditLog.count({ where: { entityId: created.id, action: "category.create" } })).toBe(1);
  });
});
