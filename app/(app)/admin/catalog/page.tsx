import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listCatalog } from "@/lib/products/change-product";
import { listCategories } from "@/lib/products/categories";
import { CatalogManager } from "@/components/admin/catalog/catalog-manager";

export const metadata: Metadata = { title: "Catalog" };

export default async function CatalogPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "product")) forbidden();
  const [products, categories] = await Promise.all([listCatalog(actor), listCategories(actor)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Catalog</h1>
        <p className="text-sm text-slate-600">
          Products, their price tiers and replenishment cycles. Upsell and replenishment flags use these; changes reach every account&apos;s
          flags at the next model refit.
        </p>
      </div>
      <CatalogManager products={products} categories={categories.items} />
    </div>
  );
}
