import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { listAccounts, listAccountsQuery } from "@/lib/accounts/list-accounts";
import { EmptyState } from "@/components/ui/card";
import { formatDate, formatMoney, formatPercent } from "@/components/ui/format";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "My accounts" };

const FLAG_LABEL: Record<string, string> = {
  churn_risk: "Churn risk",
  upsell: "Upsell",
  cross_sell: "Cross-sell",
  replenishment: "Replenish",
};

export default async function MyAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const actor = await requireActor();
  const params = await searchParams;
  const query = listAccountsQuery.safeParse({ q: params.q || undefined, cursor: params.cursor || undefined, limit: 50 });
  const { items: mine, nextCursor } = await listAccounts(actor, query.success ? query.data : { limit: 50 }, { onlyOwn: true });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-xl font-semibold">My accounts</h1>
        <form role="search" className="flex w-full gap-2 sm:w-auto">
          <label className="sr-only" htmlFor="account-search">Search accounts</label>
          <input
            id="account-search"
            name="q"
            defaultValue={params.q ?? ""}
            placeholder="Search by name"
            className="min-h-11 flex-1 rounded-lg border border-slate-300 bg-white px-3 sm:w-64"
          />
          <button className={buttonClass("secondary")}>Search</button>
        </form>
      </div>
      {mine.length === 0 ? (
        <EmptyState title={params.q ? "No account matches that search." : "You have no accounts yet."}>
          {params.q ? <Link href="/rep/accounts" className="text-brand-700 underline">Clear the search</Link> : "Ask your manager to assign accounts to you."}
        </EmptyState>
      ) : (
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Accounts" data-testid="account-list">
          {mine.map((account) => (
            <li key={account.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="account-row">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <p className="font-medium">{account.name}</p>
                  <p className="text-xs text-slate-500">
                    {account.segment} · {account.region ?? "—"}
                  </p>
                </div>
                {account.metrics ? (
                  <div className="text-right">
                    <p className="text-sm font-semibold" title="Formula LTV">{formatMoney(account.metrics.formulaLtv, account.currency)}</p>
                    <p className="text-xs text-slate-500">P(active) {formatPercent(account.metrics.pAlive)}</p>
                  </div>
                ) : null}
              </div>
              <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-slate-600">
                <span>Last order {formatDate(account.metrics?.lastPurchaseAt)}</span>
                {account.metrics?.flagTypes.map((type) => (
                  <span key={type} className={`rounded-full px-2 py-0.5 ${type === "churn_risk" ? "bg-orange-100 text-orange-800" : "bg-brand-50 text-brand-700"}`}>
                    {FLAG_LABEL[type] ?? type}
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <Link className={buttonClass("secondary")} href={`/rep/accounts?${new URLSearchParams({ ...(params.q ? { q: params.q } : {}), cursor: nextCursor })}`}>
          More accounts
        </Link>
      ) : null}
    </div>
  );
}
