// Builders for the flags tests: accounts described in "days ago", as a rep would.

import { seededUniform } from "@/lib/random";
import type { AccountFlagInput, CatalogProduct, FlagContext, PurchaseInput, PurchaseLineInput } from "./types";

export const AS_OF = new Date("2025-06-30T15:00:00Z");
import { DAY_MS } from "@/lib/days";

export function daysAgo(days: number, asOf: Date = AS_OF): Date {
  return new Date(asOf.getTime() - days * DAY_MS);
}

export function line(productId: string, overrides: Partial<PurchaseLineInput> = {}): PurchaseLineInput {
  return { productId, category: "misc", tier: null, quantity: 1, unitPrice: 100, ...overrides };
}

export function purchase(ageDays: number, total = 100, lines: PurchaseLineInput[] = []): PurchaseInput {
  return { purchasedAt: daysAgo(ageDays), total, lines };
}

/** `count` orders `gapDays` apart, the latest `lastAgeDays` ago. */
export function regularOrders(
  count: number,
  gapDays: number,
  lastAgeDays: number,
  total = 100,
  lines: PurchaseLineInput[] = [],
): PurchaseInput[] {
  return Array.from({ length: count }, (_, i) => purchase(lastAgeDays + i * gapDays, total, lines));
}

export function account(overrides: Partial<AccountFlagInput> = {}): AccountFlagInput {
  return {
    accountId: "acc-1",
    segment: "SMB",
    asOf: AS_OF,
    purchases: [],
    pAlive: null,
    pNoOrder90: null,
    predictedClv: null,
    averageOrderValue: null,
    currency: "EUR",
    ...overrides,
  };
}

export function product(id: string, overrides: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id,
    name: id,
    category: "misc",
    tierRank: null,
    tierName: null,
    listPrice: 100,
    replenishmentDays: null,
    archived: false,
    ...overrides,
  };
}

export function context(overrides: Partial<FlagContext> = {}): FlagContext {
  return {
    catalog: [],
    segments: {},
    allAccounts: null,
    categoryRules: [],
    categoryAverageOrderValue: {},
    ...overrides,
  };
}

/** Seeded so large generated data sets are reproducible. */
export const seededRandom = seededUniform;
