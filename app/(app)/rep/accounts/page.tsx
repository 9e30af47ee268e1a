import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { FLAG_TYPES, listAccounts, listAccountsQuery, listSegments } from "@/lib/accounts/list-accounts";
import { EmptyState } from "@/components/ui/card";
import { formatMoney, formatPercent, keepPercentsTogether } from "@/components/ui/format";
import { DateText } from "@/components/app-calendar";
import { serverDates } from "@/components/server-dates";
import { buttonClass } from "@/components/ui/button";
import { FLAG_LABEL, FlagBadges } from "@/components/account/flag-badges";

export const metadata: Metadata = { title: "My accounts" };

export default async function MyAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const dates = await serverDates();
  const params = await searchParams;
  const parsed = listAccountsQuery.safeParse({
    q: params.q || undefined,
    segment: params.segment || undefined,
    flag: params.flag || undefined,
    cursor: params.cursor || undefined,
    sort: "attention",
    limit: 30,
  });
  const query = parsed.success ? parsed.data : { sort: "attention" as const, limit: 30 };
  const [{ items, nextCursor }, segments] = await Promise.all([listAccounts(actor, query, { onlyOwn: true }), listSegments()]);
  const link = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries({ q: params.q, segment: params.segment, flag: params.flag, ...change }))
      if (value) next.set(key, value);
    const text = next.toString();
    return text ? `/rep/accounts?${text}` : "/rep/accounts";
  };

  // The oldest as-of date on the page: every figure shown is at least this fresh.
  const asOf = items.reduce<string | null>(
    (oldest, item) => (item.metrics && (!oldest || item.metrics.asOf < oldest) ? item.metrics.asOf : oldest),
    null,
  );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">My accounts</h1>
          <p className="text-sm text-slate-600">
            Most urgent first: flags weighted by the value at stake.
            {asOf ? (
              <>
                {" "}
                Figures as of{" "}
                <time dateTime={asOf} data-testid="list-as-of">
                  {dates.instant(asOf)}
                </time>
                .
              </>
            ) : null}
          </p>
        </div>
        <form role="search" className="flex w-full flex-wrap gap-2 sm:w-auto sm:flex-nowrap" action="/rep/accounts">
          {params.flag ? <input type="hidden" name="flag" value={params.flag} /> : null}
          <label className="sr-only" htmlFor="account-search">
            Search accounts
          </label>
          <input
            id="account-search"
            name="q"
            defaultValue={params.q ?? ""}
            placeholder="Search by name"
            className="min-h-11 min-w-0 flex-1 basis-full rounded-lg border border-slate-300 bg-white px-3 sm:basis-auto sm:w-56"
          />
          <label className="sr-only" htmlFor="segment-filter">
            Segment
          </label>
          <select
            id="segment-filter"
            name="segment"
            defaultValue={params.segment ?? ""}
            className="min-h-11 min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-2 sm:flex-none"
          >
            <option value="">All segments</option>
            {segments.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
          </select>
          <button className={buttonClass("secondary")}>Go</button>
          <Link href="/rep/accounts/new" className={buttonClass("primary", "whitespace-nowrap")}>
            New account
          </Link>
        </form>
      </div>
      <nav aria-label="Filter by flag" className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1">
        {[undefined, ...FLAG_TYPES].map((type) => {
          const active = (params.flag ?? undefined) === type;
          return (
            <Link
              key={type ?? "all"}
              href={link({ flag: type, cursor: undefined })}
              aria-current={active ? "page" : undefined}
              className={`whitespace-nowrap rounded-full px-3 py-2 text-sm ring-1 ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300"}`}
            >
              {type ? FLAG_LABEL[type] : "All"}
            </Link>
          );
        })}
      </nav>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-700">
          Some filters were not valid and were ignored.
        </p>
      ) : null}
      {items.length === 0 ? (
        <EmptyState title={params.q || params.flag || params.segment ? "No account matches these filters." : "You have no accounts yet."}>
          {params.q || params.flag || params.segment ? (
            <Link href="/rep/accounts" className="text-brand-700 underline">
              Clear the filters
            </Link>
          ) : (
            "Ask your manager to assign accounts to you."
          )}
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Accounts" data-testid="account-list">
          {items.map((account) => (
            <li key={account.id} data-testid="account-row" className="min-w-0">
              <Link
                href={`/rep/accounts/${account.id}`}
                className="block h-full rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-600"
              >
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="truncate font-medium">{account.name}</p>
                    <p className="text-xs text-slate-500">
                      {account.segment} · {account.region ?? "—"}
                    </p>
                  </div>
                  {account.metrics ? (
                    <div className="shrink-0 text-right">
                      <p className="text-sm font-semibold" title={`Formula LTV as of ${dates.instant(account.metrics.asOf)}`}>
                        {formatMoney(account.metrics.formulaLtv, account.currency)}
                      </p>
                      {account.metrics.pNoOrder90 !== null ? (
                        <p className="text-xs text-slate-500">Churn risk {formatPercent(account.metrics.pNoOrder90)}</p>
                      ) : null}
                    </div>
                  ) : null}
                </div>
                {account.flags[0] ? (
                  <p className="mt-2 line-clamp-2 text-sm text-slate-700">{keepPercentsTogether(account.flags[0].reason)}</p>
                ) : null}
                <div className="mt-2 flex flex-wrap items-center gap-1 text-xs text-slate-600">
                  <span className="mr-1">
                    Last order <DateText value={account.metrics?.lastPurchaseAt} kind="instant" />
                    {account.metrics?.lastPurchaseAt ? ` (${dates.daysAgo(account.metrics.lastPurchaseAt)})` : ""}
                  </span>
                  <FlagBadges flags={account.flags} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <Link className={buttonClass("secondary")} href={link({ cursor: nextCursor })}>
          More accounts
        </Link>
      ) : null}
    </div>
  );
}
