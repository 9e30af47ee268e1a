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

/** A fresh idempotency key; randomUUID needs a secure context, so fall back to getRandomValues on plain http. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
