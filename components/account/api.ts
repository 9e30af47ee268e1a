// The account page's queries: their keys and fetchers (through the app's API client).
import type { AccountDetail } from "@/lib/accounts/get-account";
import type { PurchaseView } from "@/lib/purchases/purchase-view";
import type { ProductItem } from "@/lib/products/list-products";
import { apiFetch } from "@/components/api-client";

export const accountKey = (id: string) => ["account", id] as const;
export const purchasesKey = (id: string) => ["purchases", id] as const;

export const fetchAccount = (id: string) => apiFetch<AccountDetail>(`/api/accounts/${id}`);
export const fetchPurchases = (id: string) =>
  apiFetch<{ items: PurchaseView[]; nextCursor: string | null }>(`/api/purchases?accountId=${id}&limit=20`);
export const fetchProducts = () => apiFetch<{ items: ProductItem[] }>(`/api/products`);
