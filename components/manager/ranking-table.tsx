"use client";
// The manager's LTV ranking: pick the measure (selector or a column header),
// filter by rep, segment, region, flag and name (and a band a chart links to), page with
// "Load more" (keyset cursors from GET /api/rankings), export the current view as CSV.
// The filters are the page's URL (ranking-url.ts): back, refresh and a shared link keep them.
import Link from "next/link";
import { useEffect, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { FLAG_LABEL, FlagBadges } from "@/components/account/flag-badges";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { formatMoney, formatPercent } from "@/components/ui/format";
import {
  MEASURES,
  MEASURE_LABEL,
  RANKING_FLAGS,
  type Measure,
  type RankingCount,
  type RankingItem,
  type RankingPage,
  type RankingSummary,
} from "@/lib/rankings/measures";
import { plural } from "@/lib/plural";
import { useDates } from "@/components/app-calendar";
import { filtersQuery, isFiltered, NO_FILTERS, RANKING_ANCHOR, useRankingFilters, type RankingFilters } from "./ranking-url";

export interface RankingFilterChoices {
  reps: Array<{ id: string; name: string }>;
  segments: string[];
  regions: string[];
}

const PAGE_SIZE = 50;

/** The ranking's pages for these filters; the KPI strip reads the first page's summary from the same query. */
export function useRankingPages(filters: RankingFilters) {
  return useInfiniteQuery({
    queryKey: ["rankings", filters],
    queryFn: ({ pageParam, signal }) =>
      apiFetch<RankingPage>(
        `/api/rankings?${filtersQuery(filters, { limit: String(PAGE_SIZE), summary: "1", ...(pageParam ? { cursor: pageParam } : {}) })}`,
        { signal },
      ),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface RankingTotal {
  /** The exact number of ranked accounts, once known. */
  total: number | null;
  /** "More than this many": the first page stopped counting there (decision 0021). */
  totalAbove: number | null;
  summary: RankingSummary | null;
  /** The exact count is being asked for (GET /api/rankings/count). */
  counting: boolean;
  failed: boolean;
}

/**
 * The filtered ranking's total and KPI sums: from its first page, or, when that page matched more
 * accounts than it counts (a common name fragment in a big book), from GET /api/rankings/count,
 * asked only then. The list shows at once; the exact figures follow.
 */
export function useRankingTotal(filters: RankingFilters, firstPage: RankingPage | undefined): RankingTotal {
  const deferred = firstPage?.totalAbove != null;
  const count = useQuery({
    queryKey: ["rankings-count", filters],
    queryFn: ({ signal }) => apiFetch<RankingCount>(`/api/rankings/count?${filtersQuery(filters)}`, { signal }),
    enabled: deferred,
  });
  if (!firstPage) return { total: null, totalAbove: null, summary: null, counting: false, failed: false };
  if (!deferred) return { total: firstPage.total, totalAbove: null, summary: firstPage.summary ?? null, counting: false, failed: false };
  return {
    total: count.data?.total ?? null,
    totalAbove: firstPage.totalAbove,
    summary: count.data?.summary ?? null,
    counting: count.isPending,
    failed: count.isError,
  };
}

const formatValue = (measure: Measure, value: number, currency: string) =>
  measure === "palive" ? formatPercent(value) : formatMoney(value, currency);

/** "3 accounts left out: no CHF rate for 12 of their orders." — what a money ranking leaves out, by currency. */
function missingSummary(missing: RankingPage["missing"]): string | null {
  if (!missing || missing.accounts === 0) return null;
  const parts = missing.currencies.map((c) =>
    c.orders > 0
      ? `${plural(c.accounts, "account")} without a ${c.currency} rate for ${plural(c.orders, "order")}`
      : `${plural(c.accounts, "account")} without today's ${c.currency} rate`,
  );
  return `Left out for lack of an exchange rate: ${parts.join("; ")}.`;
}

/** A money cell: the reporting-currency figure, the account's own amount on hover (and below it for the ranked column). */
function MoneyCell({ item, measure, active }: { item: RankingItem; measure: Exclude<Measure, "palive">; active: boolean }) {
  const value = item.measures[measure];
  const own = formatMoney(item.account.measures[measure], item.account.currency);
  const foreign = item.account.currency !== item.currency;
  if (value === null) {
    return (
      <span title={`${own}: no ${item.fxGap?.currency ?? item.account.currency} rate`} className="text-amber-800">
        — <span className="sr-only">no exchange rate; {own}</span>
      </span>
    );
  }
  return (
    <span
      title={foreign ? `${own} in ${item.account.currency}` : undefined}
      data-testid={foreign ? "ranking-own-amount" : undefined}
      data-own={own}
    >
      {formatMoney(value, item.currency)}
      {foreign && active ? <span className="block text-xs font-normal text-slate-600">{own}</span> : null}
    </span>
  );
}

/** The band filters in words, each with what clears it: "Formula LTV from €1,000 to under €2,000". */
export function bandFilterLabels(
  filters: RankingFilters,
  month: (value: string) => string = (value) => value,
): Array<{ key: string; label: string; clear: Partial<RankingFilters> }> {
  const out: Array<{ key: string; label: string; clear: Partial<RankingFilters> }> = [];
  const value = (text: string) => formatValue(filters.measure, Number(text), "EUR");
  const name = MEASURE_LABEL[filters.measure];
  if (filters.min || filters.max) {
    const label =
      filters.min && filters.max
        ? `${name} from ${value(filters.min)} to under ${value(filters.max)}`
        : filters.min
          ? `${name} ${value(filters.min)} or more`
          : `${name} under ${value(filters.max)}`;
    out.push({ key: "band", label, clear: { min: "", max: "" } });
  }
  if (filters.revenueMin) {
    out.push({ key: "revenue", label: `Revenue to date ${formatMoney(Number(filters.revenueMin))} or more`, clear: { revenueMin: "" } });
  }
  if (filters.cohort) out.push({ key: "cohort", label: `First order in ${month(filters.cohort)}`, clear: { cohort: "" } });
  return out;
}

/**
 * "1,234 accounts ranked by …; the first 50 shown." — the real total from the server's count, or
 * "More than 1,000 accounts …" while a big match is still being counted.
 */
function rankingSummary(count: RankingTotal, shown: number, measure: Measure): string {
  const by = `ranked by ${MEASURE_LABEL[measure]}, highest first`;
  const first = `the first ${shown.toLocaleString("en-GB")} shown`;
  if (count.total === null && count.totalAbove !== null) {
    const above = `More than ${plural(count.totalAbove, "account")} ${by}; ${first}.`;
    return count.counting ? `${above} Counting them all…` : above;
  }
  const total = count.total ?? shown;
  const head = `${plural(total, "account")} ${by}`;
  return shown < total ? `${head}; ${first}.` : `${head}.`;
}

const selectClass = "min-h-11 w-full rounded-lg border border-slate-300 bg-white px-2 text-sm";

export function RankingTable({ choices }: { choices: RankingFilterChoices }) {
  const { filters, update } = useRankingFilters();
  // The search box asks the server once typing pauses, not on every key (and replaces the URL
  // rather than adding a history entry per word).
  const [search, setSearch] = useState(filters.q);
  const [typedFor, setTypedFor] = useState(filters.q);
  if (typedFor !== filters.q) {
    // The URL's term changed under the box (back, a chart's link): show it.
    setTypedFor(filters.q);
    setSearch(filters.q);
  }
  useEffect(() => {
    if (search.trim() === filters.q) return;
    const timer = setTimeout(() => {
      setTypedFor(search.trim());
      update({ q: search.trim() }, "replace");
    }, 300);
    return () => clearTimeout(timer);
  }, [search, filters.q, update]);
  const query = useRankingPages(filters);
  const set = (change: Partial<RankingFilters>) => update(change);
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const count = useRankingTotal(filters, query.data?.pages[0]);
  const filtered = isFiltered(filters);
  const exportHref = `/api/rankings/export.csv?${filtersQuery(filters)}`;
  const dates = useDates();
  const bands = bandFilterLabels(filters, dates.month);

  return (
    <section
      id={RANKING_ANCHOR}
      aria-labelledby={`${RANKING_ANCHOR}-title`}
      className="min-w-0 scroll-mt-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${RANKING_ANCHOR}-title`} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
          LTV ranking
        </h2>
        <a href={exportHref} className={buttonClass("secondary", "min-h-11")} download data-testid="ranking-export">
          Export CSV
        </a>
      </div>
      <form
        role="search"
        aria-label="Ranking filters"
        className="mt-3 grid grid-cols-2 gap-2 md:grid-cols-3 lg:grid-cols-6"
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="text-xs text-slate-600">
          Rank by
          <select
            className={selectClass}
            value={filters.measure}
            onChange={(e) => set({ measure: e.target.value as Measure })}
            data-testid="ranking-measure"
          >
            {MEASURES.map((measure) => (
              <option key={measure} value={measure}>
                {MEASURE_LABEL[measure]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          Rep
          <select className={selectClass} value={filters.ownerId} onChange={(e) => set({ ownerId: e.target.value })}>
            <option value="">All reps</option>
            {choices.reps.map((rep) => (
              <option key={rep.id} value={rep.id}>
                {rep.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          Segment
          <select className={selectClass} value={filters.segment} onChange={(e) => set({ segment: e.target.value })}>
            <option value="">All segments</option>
            {choices.segments.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          Region
          <select className={selectClass} value={filters.region} onChange={(e) => set({ region: e.target.value })}>
            <option value="">All regions</option>
            {choices.regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          Flag
          <select className={selectClass} value={filters.flag} onChange={(e) => set({ flag: e.target.value })}>
            <option value="">All accounts</option>
            {RANKING_FLAGS.map((flag) => (
              <option key={flag} value={flag}>
                {FLAG_LABEL[flag] ?? flag}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-600">
          Search
          <input
            type="search"
            className={`${selectClass} px-3`}
            value={search}
            maxLength={100}
            placeholder="Account name"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </form>

      {bands.length > 0 ? (
        <ul className="mt-3 flex flex-wrap gap-2" aria-label="Band filters" data-testid="ranking-bands">
          {bands.map((band) => (
            <li key={band.key}>
              <button
                type="button"
                className="inline-flex min-h-11 items-center gap-2 rounded-full bg-brand-50 px-3 text-sm font-medium text-brand-700 ring-1 ring-brand-200 hover:bg-brand-100"
                onClick={() => set(band.clear)}
                aria-label={`Remove the filter: ${band.label}`}
              >
                {band.label}
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      <p className="mt-3 text-sm text-slate-600" role="status" aria-live="polite">
        {query.isPending ? "Loading the ranking…" : !query.data ? "" : rankingSummary(count, items.length, filters.measure)}
        {query.data?.pages[0]?.reportingCurrency ? ` Money in ${query.data.pages[0].reportingCurrency}, each order at its day's rate.` : ""}
      </p>
      {missingSummary(query.data?.pages[0]?.missing ?? null) ? (
        <p className="mt-1 rounded-lg bg-amber-50 p-2 text-sm text-amber-900" data-testid="ranking-missing">
          {missingSummary(query.data?.pages[0]?.missing ?? null)}
        </p>
      ) : null}

      {query.isError && !query.data ? (
        <div role="alert" className="mt-2 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          The ranking could not be loaded: {query.error.message}{" "}
          <button type="button" className="font-medium underline" onClick={() => query.refetch()}>
            Try again
          </button>
        </div>
      ) : query.isPending ? (
        <div aria-busy="true" className="mt-2 space-y-2">
          {Array.from({ length: 6 }, (_, i) => (
            <div key={i} className="h-9 animate-pulse rounded bg-slate-100" />
          ))}
        </div>
      ) : items.length === 0 ? (
        <div className="mt-2">
          <EmptyState title={filtered ? "No account matches these filters." : "No accounts yet."}>
            {filtered ? (
              <button
                type="button"
                className="text-brand-700 underline"
                onClick={() => {
                  setSearch("");
                  setTypedFor("");
                  set({ ...NO_FILTERS, measure: filters.measure });
                }}
              >
                Clear the filters
              </button>
            ) : null}
          </EmptyState>
        </div>
      ) : (
        <div className="relative mt-2 overflow-x-auto" data-testid="ranking-scroll">
          <table className="w-full min-w-[880px] text-left text-sm tabular-nums" data-testid="ranking-table" data-measure={filters.measure}>
            <caption className="sr-only">Accounts ranked by {MEASURE_LABEL[filters.measure]}, highest first</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-2">
                  #
                </th>
                <th scope="col" className="py-2 pr-2">
                  Account
                </th>
                <th scope="col" className="py-2 pr-2">
                  Rep
                </th>
                <th scope="col" className="py-2 pr-2">
                  Segment · region
                </th>
                {MEASURES.map((measure) => {
                  const active = filters.measure === measure;
                  return (
                    <th key={measure} scope="col" className="py-1 pr-2 text-right" aria-sort={active ? "descending" : "none"}>
                      <button
                        type="button"
                        className={`inline-flex min-h-11 items-center gap-1 rounded-md px-2 uppercase hover:bg-slate-100 ${active ? "font-semibold text-slate-900" : ""}`}
                        onClick={() => set({ measure })}
                        aria-pressed={active}
                        title={`Rank by ${MEASURE_LABEL[measure]}`}
                      >
                        {MEASURE_LABEL[measure]}
                        <span aria-hidden="true">{active ? "↓" : "↕"}</span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col" className="py-2">
                  Flags
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr
                  key={item.accountId}
                  className="border-t border-slate-100"
                  data-testid="ranking-row"
                  data-value={item.value}
                  data-rank={item.rank}
                >
                  <td className="py-2 pr-2 text-slate-500">{item.rank}</td>
                  <td className="max-w-44 truncate py-2 pr-2 font-medium sm:max-w-56">
                    <Link href={`/rep/accounts/${item.accountId}`} className="text-slate-900 underline-offset-2 hover:underline">
                      {item.name}
                    </Link>
                    {/* On a phone the measure columns are off to the right: the ranked value rides along with the name. */}
                    <span className="block text-xs font-normal text-slate-600 sm:hidden" aria-hidden="true">
                      {MEASURE_LABEL[filters.measure]} {formatValue(filters.measure, item.value, item.currency)}
                      {filters.measure !== "palive" && item.account.currency !== item.currency
                        ? ` (${formatMoney(item.account.measures[filters.measure], item.account.currency)})`
                        : ""}
                    </span>
                  </td>
                  <td className="whitespace-nowrap py-2 pr-2">{item.ownerName}</td>
                  <td className="whitespace-nowrap py-2 pr-2 text-slate-600">
                    {item.segment}
                    {item.region ? ` · ${item.region}` : ""}
                  </td>
                  {MEASURES.map((measure) => (
                    <td
                      key={measure}
                      className={`whitespace-nowrap py-2 pr-4 text-right ${filters.measure === measure ? "font-semibold" : "text-slate-600"}`}
                    >
                      {measure === "palive" ? (
                        formatPercent(item.account.measures.palive)
                      ) : (
                        <MoneyCell item={item} measure={measure} active={filters.measure === measure} />
                      )}
                    </td>
                  ))}
                  <td className="py-2">
                    <div className="flex flex-nowrap gap-1 whitespace-nowrap">
                      <FlagBadges flags={item.flags.map((type) => ({ type }))} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {query.hasNextPage ? (
        <div className="mt-3 flex items-center gap-3">
          <button
            type="button"
            className={buttonClass("secondary")}
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
          {query.isFetchNextPageError ? (
            <span role="alert" className="text-sm text-red-700">
              Could not load more; try again.
            </span>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
