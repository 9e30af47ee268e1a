"use client";
// The admin's catalog: filter by category and archived, add and edit products,
// remove (the server archives a product in use and deletes an unused one, and
// says which), restore archived ones, add categories.
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import type { CatalogProductView } from "@/lib/products/catalog-view";
import type { CategoryView } from "@/lib/products/categories";
import type { RemoveProductResult } from "@/lib/products/change-product";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { apiFetch } from "@/components/api-client";
import { formatPrice, inputClass, labelClass } from "../shared";
import { explainError } from "@/components/ui/form-errors";
import { ProductForm } from "./product-form";
import { plural } from "@/lib/plural";

type ArchivedFilter = "all" | "active" | "archived";
type Notice = { kind: "ok" | "error"; text: string } | null;

export function CatalogManager({ products, categories }: { products: CatalogProductView[]; categories: CategoryView[] }) {
  const router = useRouter();
  const [category, setCategory] = useState("");
  const [archived, setArchived] = useState<ArchivedFilter>("all");
  const [editing, setEditing] = useState<CatalogProductView | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const shown = useMemo(
    () =>
      products.filter((p) => (!category || p.categoryId === category) && (archived === "all" || (archived === "archived") === p.archived)),
    [products, category, archived],
  );

  async function remove(product: CatalogProductView) {
    setBusy(product.id);
    setConfirming(null);
    try {
      const result = await apiFetch<RemoveProductResult>(`/api/products/${product.id}`, { method: "DELETE" });
      setNotice({
        kind: "ok",
        text:
          result.outcome === "deleted"
            ? `Deleted "${product.name}"; nothing referred to it.`
            : `Archived "${product.name}": ${result.references} order line${result.references === 1 ? "" : "s"} or deal${result.references === 1 ? "" : "s"} refer to it, so it stays in their history but can no longer be ordered.`,
      });
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: `"${product.name}" was not removed: ${explainError(error)}` });
    } finally {
      setBusy(null);
    }
  }

  async function restore(product: CatalogProductView) {
    setBusy(product.id);
    try {
      await apiFetch(`/api/products/${product.id}`, {
        method: "PATCH",
        body: JSON.stringify({ expectedUpdatedAt: product.updatedAt, archived: false }),
      });
      setNotice({ kind: "ok", text: `Restored "${product.name}"; it can be ordered again.` });
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: `"${product.name}" was not restored: ${explainError(error)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="space-y-4">
      <Card>
        <ProductForm
          key={editing ? `${editing.id}:${editing.updatedAt}` : "new"}
          product={editing}
          categories={categories}
          onSaved={(saved, created) => {
            setNotice({ kind: "ok", text: created ? `Added "${saved.name}".` : `Saved "${saved.name}".` });
            setEditing(null);
            router.refresh();
          }}
          onCancel={editing ? () => setEditing(null) : undefined}
        />
      </Card>

      <div role="status" aria-live="polite">
        {notice ? (
          <p
            className={`rounded-lg p-3 text-sm ${notice.kind === "ok" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}
            data-testid="catalog-notice"
          >
            {notice.text}
          </p>
        ) : null}
      </div>

      <Card title={`Products (${shown.length} of ${products.length})`}>
        <div className="mb-3 flex flex-wrap items-end gap-3">
          <label className={labelClass}>
            Filter by category
            <select className={`${inputClass} mt-1 w-56 max-w-full`} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            Show products
            <select
              className={`${inputClass} mt-1 w-44 max-w-full`}
              value={archived}
              onChange={(e) => setArchived(e.target.value as ArchivedFilter)}
            >
              <option value="all">All products</option>
              <option value="active">Active only</option>
              <option value="archived">Archived only</option>
            </select>
          </label>
        </div>
        {shown.length === 0 ? (
          <EmptyState title="No products match these filters." />
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[940px] text-left text-sm tabular-nums" data-testid="catalog-table">
              <caption className="sr-only">Products</caption>
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-3">
                    Product
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Category
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Tier
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    List price
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Unit cost
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Replenishment
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right">
                    Orders &amp; deals
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Status
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((product) => (
                  <tr key={product.id} className="border-t border-slate-100" data-testid="catalog-row">
                    <th scope="row" className="py-2 pr-3 font-medium">
                      {product.name}
                      <span className="block text-xs font-normal text-slate-500">{product.sku}</span>
                    </th>
                    <td className="py-2 pr-3">{product.category}</td>
                    <td className="py-2 pr-3">{product.tierRank !== null ? `${product.tierRank} · ${product.tierName}` : "—"}</td>
                    <td className="py-2 pr-3 text-right">{formatPrice(product.listPrice)}</td>
                    <td className="py-2 pr-3 text-right">{formatPrice(product.unitCost)}</td>
                    <td className="py-2 pr-3 text-right">
                      {product.replenishmentDays !== null ? plural(product.replenishmentDays, "day") : "—"}
                    </td>
                    <td className="py-2 pr-3 text-right">{product.references.toLocaleString("en-GB")}</td>
                    <td className="py-2 pr-3">
                      {product.archived ? (
                        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">archived</span>
                      ) : (
                        <span className="text-xs text-emerald-700">active</span>
                      )}
                    </td>
                    <td className="py-1">
                      <div className="flex justify-end gap-1">
                        <Button
                          type="button"
                          variant="ghost"
                          aria-label={`Edit ${product.name}`}
                          onClick={() => {
                            setEditing(product);
                            window.scrollTo({ top: 0, behavior: "smooth" });
                          }}
                        >
                          Edit
                        </Button>
                        {product.archived ? (
                          <Button
                            type="button"
                            variant="ghost"
                            aria-label={`Restore ${product.name}`}
                            disabled={busy === product.id}
                            onClick={() => restore(product)}
                          >
                            Restore
                          </Button>
                        ) : confirming === product.id ? (
                          <>
                            <Button type="button" variant="danger" disabled={busy === product.id} onClick={() => remove(product)}>
                              {product.references > 0 ? `Archive ${product.name}` : `Delete ${product.name}`}
                            </Button>
                            <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                              Keep
                            </Button>
                          </>
                        ) : (
                          <Button
                            type="button"
                            variant="ghost"
                            aria-label={`Remove ${product.name}`}
                            disabled={busy === product.id}
                            onClick={() => setConfirming(product.id)}
                          >
                            Remove
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Categories">
        <CategoryForm
          onAdded={(name) => {
            setNotice({ kind: "ok", text: `Added the category "${name}".` });
            router.refresh();
          }}
        />
        <ul className="mt-3 flex flex-wrap gap-2 text-sm">
          {categories.map((c) => (
            <li key={c.id} className="rounded-full bg-slate-100 px-3 py-1 text-slate-700">
              {c.name} <span className="text-slate-600">({c.products})</span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function CategoryForm({ onAdded }: { onAdded: (name: string) => void }) {
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const created = await apiFetch<CategoryView>("/api/categories", { method: "POST", body: JSON.stringify({ name }) });
      setName("");
      onAdded(created.name);
    } catch (caught) {
      setError(explainError(caught));
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <label className={labelClass}>
        New category
        <input
          className={`${inputClass} mt-1 w-64 max-w-full`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={100}
        />
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Adding…" : "Add category"}
      </Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
