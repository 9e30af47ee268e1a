import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { ratesOverview } from "@/lib/fx-rates/overview";
import { RatesAdmin } from "@/components/admin/rates/rates-admin";

export const metadata: Metadata = { title: "Exchange rates" };
export const dynamic = "force-dynamic";

export default async function RatesPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "settings")) forbidden();
  const overview = await ratesOverview(actor, { days: 14 });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Exchange rates</h1>
        <p className="text-sm text-slate-700">
          Totals across accounts are in the reporting currency: each order at its own day&apos;s rate, each open deal at today&apos;s. A day
          without a rate takes the latest earlier one, up to the gap below; past it the amount is left out and the total says so. Nothing is
          ever converted 1:1.
        </p>
      </div>
      <RatesAdmin overview={overview} />
    </div>
  );
}
