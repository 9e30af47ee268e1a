"use client";
// Add or edit one product. Money stays a decimal string end to end; an edit sends
// the updatedAt it loaded, and a 409 offers the current version instead of overwriting.
import { useId, useState } from "react";
import type { CatalogProductView } from "@/lib/products/catalog-view";
import type { CategoryView } from "@/lib/products/categories";
import { ApiError, apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { inputClass, labelClass } from "../shared";
import { explainError } from "@/components/ui/form-errors";

interface Draft {
  sku: string;
  name: string;
  categoryId: string;
  tierRank: string;
  tierName: string;
  listPrice: string;
  unitCost: string;
  replenishmentDays: string;
}

const draftOf = (product: CatalogProductView | null, categoryId: string): Draft => ({
  sku: product?.sku ?? "",
  name: product?.name ?? "",
  categoryId: product?.categoryId ?? categoryId,
  tierRank: product?.tierRank?.toString() ?? "",
  tierName: product?.tierName ?? "",
  listPrice: product?.listPrice ?? "",
  unitCost: product?.unitCost ?? "",
  replenishmentDays: product?.replenishmentDays?.toString() ?? "",
});

const intOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

export function ProductForm({
  product,
  categories,
  onSaved,
  onCancel,
}: {
  product: CatalogProductView | null;
  categories: CategoryView[];
  onSaved: (product: CatalogProductView, created: boolean) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(product, categories[0]?.id ?? ""));
  const [base, setBase] = useState(product);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: string[] } | null>(null);
  const set = (field: keyof Draft) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [field]: event.target.value });

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const body = {
      sku: draft.sku,
      name: draft.name,
      categoryId: draft.categoryId,
      tierRank: intOrNull(draft.tierRank),
      tierName: draft.tierName.trim() === "" ? null : draft.tierName,
      listPrice: draft.listPrice,
      unitCost: draft.unitCost,
      replenishmentDays: intOrNull(draft.replenishmentDays),
    };
    try {
      const saved = base
        ? await apiFetch<CatalogProductView>(`/api/products/${base.id}`, {
            method: "PATCH",
            body: JSON.stringify({ ...body, expectedUpdatedAt: base.updatedAt }),
          })
        : await apiFetch<CatalogProductView>("/api/products", { method: "POST", body: JSON.stringify(body) });
      onSaved(saved, !base);
      if (!base) setDraft(draftOf(null, draft.categoryId));
    } catch (caught) {
      const current =
        caught instanceof ApiError && caught.status === 409 ? ((caught.body?.current ?? null) as CatalogProductView | null) : null;
      if (current && base && current.id === base.id) {
        // Someone else saved first: show their version rather than overwrite it.
        setBase(current);
        setDraft(draftOf(current, current.categoryId));
        setError({
          message: "Someone else changed this product meanwhile; the form now shows their version. Make your change again.",
          fields: [],
        });
      } else {
        setError({ message: explainError(caught), fields: caught instanceof ApiError ? caught.issues.map((issue) => issue.field) : [] });
      }
    } finally {
      setPending(false);
    }
  }

  const invalid = (field: string) => (error?.fields.includes(field) ? true : undefined);
  const field = (name: keyof Draft, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className={labelClass}>
      {label}
      <input className={`${inputClass} mt-1`} value={draft[name]} onChange={set(name)} aria-invalid={invalid(name)} {...props} />
    </label>
  );

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="space-y-3" data-testid="product-form">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {base ? `Edit ${base.name}` : "Add a product"}
      </h3>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {field("sku", "SKU", { required: true, maxLength: 64, autoComplete: "off" })}
        {field("name", "Product name", { required: true, maxLength: 200 })}
        <label className={labelClass}>
          Category
          <select
            className={`${inputClass} mt-1`}
            value={draft.categoryId}
            onChange={set("categoryId")}
            required
            aria-invalid={invalid("categoryId")}
          >
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </select>
        </label>
        {field("replenishmentDays", "Replenishment (days)", { inputMode: "numeric", pattern: "[0-9]*", placeholder: "none" })}
        {field("tierRank", "Tier rank", { inputMode: "numeric", pattern: "[0-9]*", placeholder: "none" })}
        {field("tierName", "Tier name", { maxLength: 50, placeholder: "e.g. Premium" })}
        {field("listPrice", "List price (EUR)", { required: true, inputMode: "decimal", placeholder: "0.00" })}
        {field("unitCost", "Unit cost (EUR)", { required: true, inputMode: "decimal", placeholder: "0.00" })}
      </div>
      <p className="text-xs text-slate-500">
        Tier rank 1 is the basic tier of its category; leave rank and name empty for a product without tiers.
      </p>
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending || categories.length === 0}>
          {pending ? "Saving…" : base ? "Save changes" : "Add product"}
        </Button>
        {onCancel ? (
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
