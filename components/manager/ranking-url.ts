"use client";
// The ranking's filters live in the dashboard's URL (/manager?measure=formula&min=1000&max=2000),
// so back, refresh and a shared link keep them, and a chart links straight to its accounts.
// Changes go through the History API, which Next.js keeps in step with useSearchParams, so a
// filter change re-reads the ranking (and the filtered KPI figures) without re-rendering the
// server-side charts.
import { useCallback, useMemo } from "react";
import { useSearchParams } from "next/navigation";
import { MEASURES, type Measure } from "@/lib/rankings/measures";

export interface RankingFilters {
  measure: Measure;
  ownerId: string;
  segment: string;
  region: string;
  flag: string;
  q: string;
  /** Band of the ranked measure: min inclusive, max exclusive (plain decimal text). */
  min: string;
  max: string;
  /** Revenue to date at least this (the Pareto chart's top customers). */
  revenueMin: string;
  /** First order in this month, "YYYY-MM" (a cohort chart's row). */
  cohort: string;
}

export const NO_FILTERS: RankingFilters = {
  measure: "historical",
  ownerId: "",
  segment: "",
  region: "",
  flag: "",
  q: "",
  min: "",
  max: "",
  revenueMin: "",
  cohort: "",
};

const KEYS = Object.keys(NO_FILTERS) as Array<keyof RankingFilters>;
/** The id of the ranking's section: a chart's link scrolls here. */
export const RANKING_ANCHOR = "ranking";

export function filtersFromSearch(search: Pick<URLSearchParams, "get">): RankingFilters {
  const filters = { ...NO_FILTERS };
  for (const key of KEYS) {
    const value = search.get(key)?.trim() ?? "";
    if (key === "measure") filters.measure = (MEASURES as readonly string[]).includes(value) ? (value as Measure) : "historical";
    else filters[key] = value;
  }
  return filters;
}

/** The filters as a query string, leaving out what is empty or the default. */
export function filtersQuery(filters: Partial<RankingFilters>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value && !(key === "measure" && value === NO_FILTERS.measure)) params.set(key, value);
  }
  return params.toString();
}

/** Anything that narrows the ranking (the measure only orders it). */
export function isFiltered(filters: RankingFilters): boolean {
  return KEYS.some((key) => key !== "measure" && filters[key] !== "");
}

/** The dashboard URL showing the ranking with these filters (and nothing else narrowing it). */
export function rankingHref(filters: Partial<RankingFilters>): string {
  const query = filtersQuery({ ...NO_FILTERS, ...filters });
  return `/manager${query ? `?${query}` : ""}#${RANKING_ANCHOR}`;
}

function go(filters: RankingFilters, mode: "push" | "replace") {
  const query = filtersQuery(filters);
  const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
  if (mode === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The ranking's filters from the URL, and setters that write them back (push: back undoes it). */
export function useRankingFilters(): {
  filters: RankingFilters;
  update: (change: Partial<RankingFilters>, mode?: "push" | "replace") => void;
} {
  const search = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const update = useCallback(
    (change: Partial<RankingFilters>, mode: "push" | "replace" = "push") => go({ ...filters, ...change }, mode),
    [filters],
  );
  return { filters, update };
}

/** A chart's click: show the ranking with exactly these filters, scrolled into view and focused. */
export function openRanking(filters: Partial<RankingFilters>): void {
  showRanking(rankingHref(filters));
}

/** Go to a rankingHref on this page: a history entry (back returns), the ranking in view and focused. */
export function showRanking(href: string): void {
  // One click can reach both a bar and its chart: the second call finds the URL already there.
  if (`${window.location.pathname}${window.location.search}${window.location.hash}` !== href) window.history.pushState(null, "", href);
  const heading = document.getElementById(`${RANKING_ANCHOR}-title`);
  heading?.scrollIntoView({ behavior: "smooth", block: "start" });
  heading?.focus({ preventScroll: true });
}
