"use client";
import { DateText } from "@/components/app-calendar";
import { useQuery } from "@tanstack/react-query";
import { fetchPurchases, purchasesKey } from "./api";
import { formatPrice } from "@/components/ui/format";
import { plural } from "@/lib/plural";

export function PurchaseHistory({ accountId, currency }: { accountId: string; currency: string }) {
  const purchases = useQuery({ queryKey: purchasesKey(accountId), queryFn: () => fetchPurchases(accountId) });
  return (
    <section aria-labelledby="purchases-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="purchases-heading" className="mb-2 text-base font-semibold">
        Orders
      </h2>
      {purchases.isLoading ? <p className="text-sm text-slate-500">Loading orders…</p> : null}
      {purchases.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Orders could not be loaded.{" "}
          <button className="underline" onClick={() => purchases.refetch()}>
            Try again
          </button>
        </p>
      ) : null}
      {purchases.data && purchases.data.items.length === 0 ? <p className="text-sm text-slate-600">No orders yet.</p> : null}
      {purchases.data && purchases.data.items.length > 0 ? (
        <ul className="divide-y divide-slate-100" data-testid="purchase-list">
          {purchases.data.items.map((purchase) => (
            <li key={purchase.id} className="py-2">
              <details>
                <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2 text-sm">
                  <span>
                    <DateText value={purchase.purchasedAt} kind="instant" /> · {plural(purchase.lines.length, "line")}
                  </span>
                  <span className="font-medium">{formatPrice(purchase.total, currency)}</span>
                </summary>
                <ul className="mt-1 space-y-1 pl-2 text-sm text-slate-600">
                  {purchase.lines.map((line) => (
                    <li key={line.id} className="flex justify-between gap-2">
                      <span>
                        {line.quantity} × {line.productName} <span className="text-xs">({line.category})</span>
                      </span>
                      <span>{formatPrice(line.lineTotal, currency)}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
