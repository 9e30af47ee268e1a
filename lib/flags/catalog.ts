// Catalog lookups shared by the upsell, cross-sell and replenishment flags. The index is
// memoised per catalog array, so a caller that caches the catalog pays for it once, not
// once per account (flags are recomputed inside every purchase transaction).

import type { CatalogProduct } from "./types";

export interface CatalogIndex {
  byId: ReadonlyMap<string, CatalogProduct>;
  /** Non-archived products per category, sorted by tier rank (nulls last), list price, id. */
  activeByCategory: ReadonlyMap<string, readonly CatalogProduct[]>;
}

const indexes = new WeakMap<readonly CatalogProduct[], CatalogIndex>();

function compareProducts(a: CatalogProduct, b: CatalogProduct): number {
  const ra = a.tierRank ?? Number.POSITIVE_INFINITY;
  const rb = b.tierRank ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra - rb;
  if (a.listPrice !== b.listPrice) return a.listPrice - b.listPrice;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function catalogIndex(catalog: readonly CatalogProduct[]): CatalogIndex {
  const cached = indexes.get(catalog);
  if (cached) return cached;
  const byId = new Map<string, CatalogProduct>();
  const activeByCategory = new Map<string, CatalogProduct[]>();
  for (const product of catalog) {
    byId.set(product.id, product);
    if (product.archived) continue;
    let list = activeByCategory.get(product.category);
    if (!list) activeByCategory.set(product.category, (list = []));
    list.push(product);
  }
  for (const list of activeByCategory.values()) list.sort(compareProducts);
  const index: CatalogIndex = { byId, activeByCategory };
  indexes.set(catalog, index);
  return index;
}
