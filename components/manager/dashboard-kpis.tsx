"use client";
// The dashboard's KPI strip follows the ranking's filters (the URL): unfiltered it is the whole
// portfolio (server figures), filtered it sums the filtered accounts, from the summary that comes
// with the ranking's first page (the same query the ranking shows, so the two agree).
import type { PortfolioKpis } from "@/lib/portfolio/charts";
import type { RankingSummary } from "@/lib/rankings/measures";
import { formatMoney, formatPercent } from "@/components/ui/format";
import { plural } from "@/lib/plural";
import { KpiCurrencyNote, KpiGrid, portfolioKpiItems, type KpiItem } from "./kpi-strip";
import { useRankingPages, useRankingTotal } from "./ranking-table";
import { isFiltered, NO_FILTERS, useRankingFilters } from "./ranking-url";

function filteredItems(summary: RankingSummary | null, portfolio: PortfolioKpis): KpiItem[] {
  const show = <T,>(value: T | undefined, format: (value: T) => string) => (value === undefined ? "…" : format(value));
  const s = summary ?? undefined;
  return [
    {
      key: "accounts",
      label: "Accounts",
      value: show(s?.accounts, (n) => n.toLocaleString("en-GB")),
      hint: s ? `${s.customers.toLocaleString("en-GB")} have ordered` : undefined,
    },
    { key: "revenue", label: "Revenue to date", value: show(s?.revenue, (v) => formatMoney(v, portfolio.reportingCurrency)) },
    {
      key: "average-ltv",
      label: "Average formula LTV",
      value: show(s?.averageFormulaLtv, (v) => formatMoney(v, portfolio.reportingCurrency)),
    },
    {
      key: "share",
      label: "Share of all revenue",
      value: show(s?.revenue, (v) => {
        const share = portfolio.revenue > 0 ? v / portfolio.revenue : 0;
        // A small slice still reads as a number: "0.3 %", not "0 %".
        return formatPercent(share, share > 0 && share < 0.1 ? 1 : 0);
      }),
    },
    { key: "churn-risk", label: "Churn-risk accounts", value: show(s?.churnRiskAccounts, (n) => n.toLocaleString("en-GB")) },
    {
      key: "at-risk",
      label: "Revenue at risk (predicted CLV)",
      value: show(s?.revenueAtRisk, (v) => formatMoney(v, portfolio.reportingCurrency)),
    },
  ];
}

export function DashboardKpis({ kpis }: { kpis: PortfolioKpis }) {
  const { filters, update } = useRankingFilters();
  const filtered = isFiltered(filters);
  // Unfiltered, the query is the ranking's own first page (shared, not asked twice).
  const query = useRankingPages(filters);
  // A big match's sums come by a second request (decision 0021); the hook asks only then.
  const count = useRankingTotal(filters, query.data?.pages[0]);
  if (!filtered)
    return (
      <div className="space-y-2">
        <KpiGrid items={portfolioKpiItems(kpis)} />
        <KpiCurrencyNote kpis={kpis} />
      </div>
    );
  const summary = count.summary;
  const failed = query.isError || count.failed;
  return (
    <div className="space-y-2" data-testid="kpi-filtered">
      <p className="flex flex-wrap items-center gap-x-2 text-sm text-slate-700" role="status" aria-live="polite">
        <span>
          {summary
            ? `The ranking's filters are on: ${plural(summary.accounts, "account")} of ${kpis.accounts.toLocaleString("en-GB")}.`
            : failed
              ? "The filtered figures could not be loaded."
              : "Summing the filtered accounts…"}
        </span>
        <button
          type="button"
          className="inline-flex min-h-11 items-center font-medium text-brand-700 underline"
          onClick={() => update({ ...NO_FILTERS, measure: filters.measure })}
        >
          Show the whole portfolio
        </button>
      </p>
      <KpiGrid items={filteredItems(summary, kpis)} busy={!summary && !failed} />
      <KpiCurrencyNote kpis={kpis} />
    </div>
  );
}
