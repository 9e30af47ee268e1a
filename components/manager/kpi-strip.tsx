import type { PortfolioKpis } from "@/lib/portfolio/charts";
import { formatMoney, formatPercent } from "@/components/ui/format";

export interface KpiItem {
  key: string;
  label: string;
  value: string;
  hint?: string;
}

/** The portfolio in six numbers; each one agrees with the ranking and the charts below. */
export function portfolioKpiItems(kpis: PortfolioKpis): KpiItem[] {
  return [
    {
      key: "accounts",
      label: "Accounts",
      value: kpis.accounts.toLocaleString("en-GB"),
      hint: `${kpis.customers.toLocaleString("en-GB")} have ordered`,
    },
    { key: "revenue", label: "Revenue to date", value: formatMoney(kpis.revenue, kpis.reportingCurrency) },
    {
      key: "average-ltv",
      label: "Average formula LTV",
      value: formatMoney(kpis.averageLtv, kpis.reportingCurrency),
      hint: kpis.averageLtvExplanation,
    },
    { key: "top20", label: "Top 20\u00a0% share of revenue", value: formatPercent(kpis.top20Share) },
    { key: "churn-risk", label: "Churn-risk accounts", value: kpis.churnRiskAccounts.toLocaleString("en-GB") },
    { key: "at-risk", label: "Revenue at risk (predicted CLV)", value: formatMoney(kpis.revenueAtRisk, kpis.reportingCurrency) },
  ];
}

/** Which currency the money is in, and what the figures leave out for lack of an exchange rate (decision 0015). */
export function KpiCurrencyNote({ kpis }: { kpis: PortfolioKpis }) {
  const missing = kpis.missing.filter((m) => m.accounts > 0);
  return (
    <p className="text-xs text-slate-600" data-testid="kpi-currency">
      Money in {kpis.reportingCurrency}, each order converted at its day&apos;s rate.
      {missing.length > 0 ? (
        <span className="ml-1 text-amber-900" data-testid="kpi-missing">
          Left out for lack of a rate:{" "}
          {missing
            .map((m) => `${m.accounts.toLocaleString("en-GB")} ${m.accounts === 1 ? "account" : "accounts"} in ${m.currency || "?"}`)
            .join(", ")}
          .
        </span>
      ) : null}
    </p>
  );
}

export function KpiGrid({ items, busy = false }: { items: KpiItem[]; busy?: boolean }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="kpi-strip" aria-busy={busy || undefined}>
      {items.map((item) => (
        <div
          key={item.key}
          className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200"
          title={item.hint}
          data-testid={`kpi-${item.key}`}
        >
          <dt className="text-xs text-slate-500">{item.label}</dt>
          <dd className="whitespace-nowrap text-lg font-semibold tabular-nums">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The whole portfolio's strip (server-rendered). */
export function KpiStrip({ kpis }: { kpis: PortfolioKpis }) {
  return (
    <div className="space-y-2">
      <KpiGrid items={portfolioKpiItems(kpis)} />
      <KpiCurrencyNote kpis={kpis} />
    </div>
  );
}

export function KpiSkeleton() {
  return (
    <div aria-busy="true" className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
      <span className="sr-only">Loading the portfolio figures…</span>
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-16 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
      ))}
    </div>
  );
}
