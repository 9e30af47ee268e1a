// Browser-side calls to the JSON API, shared by the account page components.
import type { AccountDetail } from "@/lib/accounts/get-account";
import type { PurchaseView } from "@/lib/purchases/purchase-view";
import type { ProductItem } from "@/lib/products/list-products";

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly issues: Array<{ field: string; reason: string }> = []) {
    super(message);
  }
}

export async function apiFetch<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error ?? `Request failed (${response.status})`, body.issues ?? []);
  return body as T;
}

export const accountKey = (id: string) => ["account", id] as const;
export const purchasesKey = (id: string) => ["purchases", id] as const;

export const fetchAccount = (id: string) => apiFetch<AccountDetail>(`/api/accounts/${id}`);
export const fetchPurchases = (id: string) => apiFetch<{ items: PurchaseView[]; nextCursor: string | null }>(`/api/purchases?accountId=${id}&limit=20`);
export const fetchProducts = () => apiFetch<{ items: ProductItem[] }>(`/api/products`);
