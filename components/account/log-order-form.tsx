"use client";
// Log an order in a few taps: pick products (searchable), adjust quantity and
// price, see the total while typing. The idempotency key is made once per order
// and reused on retry, so a flaky connection never doubles an order. The
// account's measures update optimistically and roll back if the server refuses.
import { useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AccountDetail } from "@/lib/accounts/get-account";
import type { PurchaseView } from "@/lib/purchases/purchase-view";
import type { MetricsView } from "@/lib/accounts/metrics-view";
import type { Flag } from "@/lib/flags/types";
import { apiFetch, newIdempotencyKey } from "@/components/api-client";
import { accountKey, fetchProducts, purchasesKey } from "./api";
import { formatPrice } from "@/components/ui/format";
import { Button } from "@/components/ui/button";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import { normalizeDecimal } from "@/components/ui/number-input";
import { CloseFollowUpsField, useFollowUpsToClose } from "@/components/follow-ups/close-follow-ups-field";
import type { FollowUpView } from "@/lib/follow-ups/follow-ups";

interface Line {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: string;
}

const toCents = (text: string) => {
  const value = Number(normalizeDecimal(text));
  return Number.isFinite(value) ? Math.round(value * 100) : 0;
};
const today = () => new Date().toISOString().slice(0, 10);

export function LogOrderForm({
  accountId,
  currency,
  initialProductId,
  dealId,
  onDone,
}: {
  accountId: string;
  currency: string;
  initialProductId?: string;
  dealId?: string;
  onDone: (summary: string) => void;
}) {
  const queryClient = useQueryClient();
  const products = useQuery({ queryKey: ["products"], queryFn: fetchProducts, staleTime: 5 * 60_000 });
  const [search, setSearch] = useState("");
  const [lines, setLines] = useState<Line[]>([]);
  const [date, setDate] = useState(today());
  const [message, setMessage] = useState<string | null>(null);
  const idempotencyKey = useRef<string>(newIdempotencyKey());
  const [seededWith, setSeededWith] = useState<string | null>(null);
  const followUps = useFollowUpsToClose(accountId);

  // A replenishment flag opens the form with its product already on the order.
  // (State set while rendering, React's pattern for state derived from props: no extra render pass.)
  if (initialProductId && products.data && seededWith !== initialProductId) {
    setSeededWith(initialProductId);
    const product = products.data.items.find((item) => item.id === initialProductId);
    if (product) setLines([{ productId: product.id, name: product.name, quantity: 1, unitPrice: product.listPrice.toFixed(2) }]);
  }

  const matches = useMemo(() => {
    const term = search.trim().toLowerCase();
    if (!products.data || term.length === 0) return [];
    return products.data.items
      .filter(
        (item) =>
          item.name.toLowerCase().includes(term) || item.sku.toLowerCase().includes(term) || item.category.toLowerCase().includes(term),
      )
      .slice(0, 8);
  }, [products.data, search]);

  const totalCents = lines.reduce((sum, line) => sum + line.quantity * toCents(line.unitPrice), 0);

  const mutation = useMutation({
    mutationFn: (body: unknown) =>
      apiFetch<{ purchase: PurchaseView; metrics: MetricsView | null; flags: Flag[]; closedFollowUps: FollowUpView[] }>("/api/purchases", {
        method: "POST",
        body: JSON.stringify(body),
      }),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: accountKey(accountId) });
      const previous = queryClient.getQueryData<AccountDetail>(accountKey(accountId));
      if (previous?.metrics) {
        const revenue = previous.metrics.revenue + totalCents / 100;
        const orders = previous.metrics.orders + 1;
        queryClient.setQueryData<AccountDetail>(accountKey(accountId), {
          ...previous,
          metrics: { ...previous.metrics, revenue, orders, averageOrderValue: revenue / orders },
        });
      }
      return { previous };
    },
    // The reasons show by their fields below (formErrors).
    onError: (_error, _body, context) => {
      if (context?.previous) queryClient.setQueryData(accountKey(accountId), context.previous);
    },
    onSuccess: (result) => {
      queryClient.setQueryData<AccountDetail>(accountKey(accountId), (current) =>
        // Flags come back with their records when the account is refetched (onSettled).
        current ? { ...current, metrics: result.metrics } : current,
      );
      idempotencyKey.current = newIdempotencyKey();
      setLines([]);
      followUps.reset();
      const closed = result.closedFollowUps.length;
      onDone(
        `Order of ${formatPrice(result.purchase.total, currency)} saved.${closed ? ` ${closed === 1 ? "1 follow-up" : `${closed} follow-ups`} marked done.` : ""}`,
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: accountKey(accountId) });
      void queryClient.invalidateQueries({ queryKey: purchasesKey(accountId) });
      void queryClient.invalidateQueries({ queryKey: ["follow-ups"] });
      void queryClient.invalidateQueries({ queryKey: ["today"] });
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    mutation.reset();
    if (lines.length === 0) {
      setMessage("Add at least one product.");
      return;
    }
    const purchasedAt = date === today() ? new Date().toISOString() : new Date(`${date}T12:00:00Z`).toISOString();
    mutation.mutate({
      accountId,
      purchasedAt,
      lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity, unitPrice: normalizeDecimal(line.unitPrice) })),
      idempotencyKey: idempotencyKey.current,
      ...(dealId ? { dealId } : {}),
      ...(followUps.ids().length ? { closeFollowUpIds: followUps.ids() } : {}),
    });
  }

  // Any change to the order clears the last answer, so no message stays above a form that has moved on.
  const edited = () => {
    setMessage(null);
    if (mutation.error) mutation.reset();
  };
  const update = (index: number, change: Partial<Line>) => {
    edited();
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));
  };
  const labels: Record<string, string> = {
    purchasedAt: "Order date",
    lines: "Products",
    dealId: "Deal",
    accountId: "Account",
    closeFollowUpIds: "Follow-up to mark done",
  };
  lines.forEach((line, index) => {
    labels[`lines.${index}.unitPrice`] = `Unit price of ${line.name}`;
    labels[`lines.${index}.quantity`] = `Quantity of ${line.name}`;
    labels[`lines.${index}.productId`] = line.name;
  });
  const errors = formErrors(mutation.error, labels);
  const lineError = (index: number) =>
    errors.byField[`lines.${index}.unitPrice`] ?? errors.byField[`lines.${index}.quantity`] ?? errors.byField[`lines.${index}.productId`];

  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Log order">
      <div>
        <label htmlFor="product-search" className="mb-1 block text-sm font-medium">
          Add a product
        </label>
        <input
          id="product-search"
          value={search}
          onChange={(event) => {
            edited();
            setSearch(event.target.value);
          }}
          placeholder={products.isLoading ? "Loading the catalog…" : "Type a name, SKU or category"}
          autoComplete="off"
          className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3"
        />
        {products.isError ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            The catalog could not be loaded.
          </p>
        ) : null}
        {matches.length > 0 ? (
          <ul className="mt-1 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label="Matching products">
            {matches.map((product) => (
              <li key={product.id}>
                <button
                  type="button"
                  className="flex min-h-11 w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-slate-50"
                  onClick={() => {
                    edited();
                    setLines((current) => [
                      ...current,
                      { productId: product.id, name: product.name, quantity: 1, unitPrice: product.listPrice.toFixed(2) },
                    ]);
                    setSearch("");
                  }}
                >
                  <span>
                    {product.name}
                    <span className="block text-xs text-slate-500">
                      {product.category}
                      {product.tier ? ` · ${product.tier}` : ""} · {product.sku}
                    </span>
                  </span>
                  <span className="shrink-0">{formatPrice(product.listPrice, currency)}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      {lines.length > 0 ? (
        <ul className="space-y-2" aria-label="Order lines">
          {lines.map((line, index) => (
            <li key={`${line.productId}-${index}`} className="rounded-lg border border-slate-200 bg-white p-2">
              <p className="text-sm font-medium">{line.name}</p>
              <div className="mt-1 flex items-end gap-2">
                <label className="text-xs">
                  Qty
                  <input
                    type="number"
                    min={1}
                    inputMode="numeric"
                    value={line.quantity}
                    onChange={(event) => update(index, { quantity: Math.max(1, Math.floor(Number(event.target.value) || 1)) })}
                    className="block min-h-11 w-20 rounded-lg border border-slate-300 px-2"
                    aria-label={`Quantity of ${line.name}`}
                  />
                </label>
                <label className="text-xs">
                  Unit price
                  <input
                    type="text"
                    inputMode="decimal"
                    value={line.unitPrice}
                    onChange={(event) => update(index, { unitPrice: event.target.value })}
                    className="block min-h-11 w-28 rounded-lg border border-slate-300 px-2 aria-[invalid=true]:border-red-600"
                    aria-label={`Unit price of ${line.name}`}
                    aria-invalid={lineError(index) ? true : undefined}
                    aria-describedby={lineError(index) ? `order-line-${index}-error` : undefined}
                  />
                </label>
                <span className="ml-auto pb-3 text-sm">{formatPrice((line.quantity * toCents(line.unitPrice)) / 100, currency)}</span>
                <button
                  type="button"
                  className="min-h-11 rounded-lg px-2 text-sm text-slate-600 hover:bg-slate-100"
                  aria-label={`Remove ${line.name}`}
                  onClick={() => {
                    edited();
                    setLines((current) => current.filter((_, i) => i !== index));
                  }}
                >
                  ✕
                </button>
              </div>
              <FieldError id={`order-line-${index}-error`} message={lineError(index)} />
            </li>
          ))}
        </ul>
      ) : null}

      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          Order date
          <input
            type="date"
            value={date}
            max={today()}
            onChange={(event) => {
              edited();
              setDate(event.target.value);
            }}
            className="block min-h-11 rounded-lg border border-slate-300 px-2"
            aria-invalid={errors.byField.purchasedAt ? true : undefined}
            aria-describedby={errors.byField.purchasedAt ? "order-date-error" : undefined}
          />
          <FieldError id="order-date-error" message={errors.byField.purchasedAt} />
        </label>
        <p className="ml-auto text-base">
          Total <strong data-testid="order-total">{formatPrice(totalCents / 100, currency)}</strong>
        </p>
      </div>
      <CloseFollowUpsField state={followUps} onChange={edited} />
      <FormAlert message={message ?? (errors.general && `The order was not saved. ${errors.general}`)} />
      <Button type="submit" disabled={mutation.isPending} className="w-full sm:w-auto">
        {mutation.isPending ? "Saving…" : "Save order"}
      </Button>
    </form>
  );
}
