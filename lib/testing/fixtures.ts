// Small, explicit data sets for integration tests (the demo seed is for people).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { DAY_MS } from "@/lib/days";

export interface SalesFixture {
  admin: Actor;
  manager: Actor;
  rep1: Actor;
  rep2: Actor;
  products: { printer: string; toner: string; tonerPremium: string; paper: string; archived: string };
  accounts: { rep1: string[]; rep2: string[] };
}

const DAY = DAY_MS;

/** Users, a small tiered catalog, cost settings and `accountsPerRep` accounts for each of two reps. */
export async function createSalesFixture(prisma: PrismaClient, opts: { accountsPerRep?: number } = {}): Promise<SalesFixture> {
  const perRep = opts.accountsPerRep ?? 3;
  const user = async (email: string, role: Actor["role"]): Promise<Actor> => {
    const [name = email] = email.split("@");
    const row = await prisma.user.create({ data: { email, name, role, passwordHash: "not-used" } });
    return { id: row.id, role: row.role, email: row.email, name: row.name };
  };
  const admin = await user("admin@fixture.test", "ADMIN");
  const manager = await user("manager@fixture.test", "MANAGER");
  const rep1 = await user("rep1@fixture.test", "REP");
  const rep2 = await user("rep2@fixture.test", "REP");
  const printers = await prisma.category.create({ data: { name: "Printers" } });
  const toner = await prisma.category.create({ data: { name: "Toner & ink" } });
  const paper = await prisma.category.create({ data: { name: "Paper" } });
  const product = (data: {
    sku: string;
    name: string;
    categoryId: string;
    listPrice: string;
    unitCost: string;
    tierRank?: number;
    tierName?: string;
    replenishmentDays?: number;
    archived?: boolean;
  }) => prisma.product.create({ data }).then((row) => row.id);
  const products = {
    printer: await product({ sku: "PRN-1", name: "Office printer", categoryId: printers.id, listPrice: "499.00", unitCost: "320.00" }),
    toner: await product({
      sku: "TON-S",
      name: "Toner Standard",
      categoryId: toner.id,
      listPrice: "59.90",
      unitCost: "30.00",
      tierRank: 1,
      tierName: "Standard",
      replenishmentDays: 30,
    }),
    tonerPremium: await product({
      sku: "TON-P",
      name: "Toner Premium",
      categoryId: toner.id,
      listPrice: "79.90",
      unitCost: "38.00",
      tierRank: 2,
      tierName: "Premium",
      replenishmentDays: 45,
    }),
    paper: await product({
      sku: "PAP-1",
      name: "Paper A4 box",
      categoryId: paper.id,
      listPrice: "24.50",
      unitCost: "14.00",
      replenishmentDays: 21,
    }),
    archived: await product({
      sku: "OLD-1",
      name: "Old fax",
      categoryId: printers.id,
      listPrice: "99.00",
      unitCost: "50.00",
      archived: true,
    }),
  };
  await prisma.costSettings.create({
    data: {
      segment: null,
      effectiveFrom: new Date("2020-01-01"),
      acquisitionCost: "900.00",
      retentionCostPerYear: "150.00",
      grossMargin: "0.3800",
      discountRateYearly: "0.1000",
      horizonMonths: 36,
      lifespanCapYears: "10.00",
      defaultLifespanYears: "3.00",
      createdById: admin.id,
      appliedAt: new Date("2020-01-01"),
    },
  });
  const accounts = { rep1: [] as string[], rep2: [] as string[] };
  for (const [key, owner] of [
    ["rep1", rep1],
    ["rep2", rep2],
  ] as const) {
    for (let i = 0; i < perRep; i++) {
      const segment = i % 2 ? "SMB" : "Mid-market";
      const account = await prisma.account.create({
        data: {
          name: `${owner.name} customer ${String(i + 1).padStart(3, "0")}`,
          ownerId: owner.id,
          segment,
          region: "North",
          acquiredAt: new Date(Date.now() - 800 * DAY),
          // As createAccount does: every account has a metrics row from the start.
          metrics: { create: { ownerId: owner.id, segment } },
        },
      });
      accounts[key].push(account.id);
    }
  }
  return { admin, manager, rep1, rep2, products, accounts };
}

/** Adds purchase history directly (bypassing the service) so a model can be fitted. */
export async function addPurchaseHistory(prisma: PrismaClient, fixture: SalesFixture, seed = 1): Promise<void> {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const all = [...fixture.accounts.rep1, ...fixture.accounts.rep2];
  for (const [index, accountId] of all.entries()) {
    const orders = 2 + Math.floor(random() * 12);
    let day = 700 - Math.floor(random() * 100);
    for (let n = 0; n < orders && day > 0; n++) {
      const quantity = 1 + Math.floor(random() * 5);
      const productId = n === 0 && index % 2 === 0 ? fixture.products.printer : fixture.products.toner;
      const unitPrice = productId === fixture.products.printer ? 499 : 59.9;
      const unitCost = productId === fixture.products.printer ? 320 : 30;
      await prisma.purchase.create({
        data: {
          accountId,
          purchasedAt: new Date(Date.now() - day * DAY),
          total: (quantity * unitPrice).toFixed(2),
          grossProfit: (quantity * (unitPrice - unitCost)).toFixed(2),
          loggedById: fixture.admin.id,
          lines: {
            create: [
              {
                productId,
                quantity,
                unitPrice: unitPrice.toFixed(2),
                unitCost: unitCost.toFixed(2),
                lineTotal: (quantity * unitPrice).toFixed(2),
              },
            ],
          },
        },
      });
      day -= 10 + Math.floor(random() * 80);
    }
  }
}

/**
 * An SMB account of `ownerId` in another currency (GBP by default), acquired 400 days ago, with its
 * metrics row as createAccount makes it: the currency tests' "Thames Stationers Ltd".
 */
export async function createForeignAccount(prisma: PrismaClient, ownerId: string, currency = "GBP"): Promise<string> {
  const account = await prisma.account.create({
    data: {
      name: "Thames Stationers Ltd",
      ownerId,
      segment: "SMB",
      currency,
      acquiredAt: new Date(Date.now() - 400 * DAY_MS),
      metrics: { create: { ownerId, segment: "SMB" } },
    },
  });
  return account.id;
}

/**
 * Four boxes of paper at 25.00 logged now on `accountId` by `rep` through the live path: 100.00
 * more revenue on a euro account.
 */
export async function logPaperOrder(fixture: SalesFixture, rep: Actor, accountId: string, idempotencyKey: string): Promise<void> {
  const { createPurchase } = await import("@/lib/purchases/create-purchase");
  const { createPurchaseInput } = await import("@/lib/purchases/schema");
  await createPurchase(
    rep,
    createPurchaseInput.parse({
      accountId,
      purchasedAt: new Date().toISOString(),
      lines: [{ productId: fixture.products.paper, quantity: 4, unitPrice: 25 }],
      idempotencyKey,
    }),
  );
}
