"use client";
// The account's live measures, LTV arithmetic and flags. Reads the same query
// the order form updates, so a logged order shows here without a reload.
import { useQuery } from "@tanstack/react-query";
import type { AccountDetail } from "@/lib/accounts/get-account";
import { accountKey, fetchAccount } from "./api";
import { formatDate, formatDaysAgo, formatMoney, formatPercent } from "@/components/ui/format";
import { FLAG_LABEL, flagTone } from "./flag-badges";

export function AccountOverview({ initial, onAction }: { initial: AccountDetail; onAction: (action: FlagAction) => void }) {
  const { data: account } = useQuery({ queryKey: accountKey(initial.id), queryFn: () => fetchAccount(initial.id), initialData: initial });
  const m = account.metrics;
  const money = (value: number) => formatMoney(value, account.currency);
  const kpis = m
    ? [
        { label: "Formula LTV", value: money(m.formulaLtv), testId: "formula-ltv" },
        { label: "Predicted CLV", value: money(m.predictedClv), testId: "predicted-clv" },
        { label: "P(active)", value: formatPercent(m.pAlive), testId: "p-alive" },
        { label: "Revenue to date", value: money(m.revenue), testId: "revenue" },
        { label: "Orders", value: String(m.orders), testId: "orders" },
        { label: "Last order", value: formatDate(m.lastPurchaseAt), testId: "last-order", note: m.lastPurchaseAt ? formatDaysAgo(m.lastPurchaseAt) : undefined },
      ]
    : [];
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-live="polite">
        {kpis.map((kpi) => (
          <div key={kpi.label} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <dt className="text-xs text-slate-500">{kpi.label}</dt>
            <dd className="text-lg font-semibold" data-testid={kpi.testId}>{kpi.value}</dd>
            {kpi.note ? (
              // From now, not from when the figures were stored; may differ from the server's render by a day boundary.
              <dd className="text-xs text-slate-500" data-testid={`${kpi.testId}-ago`} suppressHydrationWarning>{kpi.note}</dd>
            ) : null}
          </div>
        ))}
      </dl>
      {m ? (
        <p className="text-xs text-slate-500" data-testid="metrics-as-of">
          LTV figures, P(active) and flags as of <time dateTime={m.computedAt}>{formatDate(m.computedAt)}</time>; recomputed on every order and visit, and daily.
        </p>
      ) : null}

      <section aria-labelledby="flags-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="flags-heading" className="mb-2 text-base font-semibold">What to do</h2>
        {account.flags.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing needs attention on this account right now.</p>
        ) : (
          <ul className="space-y-2" data-testid="flags">
            {account.flags.map((flag, index) => (
              <li key={index} className="rounded-lg border border-slate-200 p-3" data-testid={`flag-${flag.type}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${flagTone(flag.type)}`}>{FLAG_LABEL[flag.type] ?? flag.type}</span>
                  <span className="text-xs text-slate-500">score {flag.score.toFixed(2)} · at stake {money(flag.valueAtStake)}</span>
                </div>
                <p className="mt-1 text-sm">{flag.reason}</p>
                <p className="mt-1 text-sm font-medium text-slate-800">{flag.action}</p>
                <div className="mt-2 flex flex-wrap gap-2">
                  {flag.type === "churn_risk" ? (
                    <button type="button" className="min-h-11 rounded-lg bg-brand-600 px-3 text-sm text-white" onClick={() => onAction({ kind: "visit" })}>Log visit or call</button>
                  ) : null}
                  {flag.type === "replenishment" ? (
                    <button type="button" className="min-h-11 rounded-lg bg-brand-600 px-3 text-sm text-white" onClick={() => onAction({ kind: "order", productId: String(flag.details?.productId ?? "") || undefined })}>Log refill order</button>
                  ) : null}
                  {flag.type === "upsell" || flag.type === "cross_sell" ? (
                    <button type="button" className="min-h-11 rounded-lg bg-white px-3 text-sm ring-1 ring-slate-300" onClick={() => onAction({ kind: "deal", type: flag.type === "upsell" ? "UPSELL" : "CROSS_SELL", productId: flag.details?.productId ? String(flag.details.productId) : undefined, title: flag.reason, amount: flag.valueAtStake })}>
                      Open {flag.type === "upsell" ? "an upsell" : "a cross-sell"} deal
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {m && account.explanations ? (
        <section aria-labelledby="ltv-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="ltv-heading" className="mb-2 text-base font-semibold">How the LTV is worked out</h2>
          <dl className="space-y-2 text-sm">
            <Row label="Historical (to date)" value={money(m.historicalLtv)} formula={account.explanations.historical} />
            <Row label="Formula LTV" value={money(m.formulaLtv)} formula={account.explanations.formula} />
            <Row label="Revenue-only LTV" value={money(m.revenueLtv)} formula={account.explanations.revenue} />
            <Row label="Expected lifespan" value={`${m.lifespanYears.toFixed(1)} yrs`} formula={account.explanations.lifespan} />
            <Row label="Most to spend winning a customer like this" value="" formula={account.explanations.upperLimitAcquisitionCost} />
            <Row label="Predicted CLV (BG/NBD + Gamma-Gamma)" value={money(m.predictedClv)} formula={`${m.expectedPurchases.toFixed(1)} expected orders over the horizon, P(active) ${formatPercent(m.pAlive)}, discounted, × margin`} />
          </dl>
        </section>
      ) : null}
    </div>
  );
}

function Row({ label, value, formula }: { label: string; value: string; formula: string }) {
  return (
    <div>
      <dt className="flex justify-between gap-2 font-medium"><span>{label}</span><span>{value}</span></dt>
      <dd className="break-words text-slate-600">{formula}</dd>
    </div>
  );
}

export type FlagAction =
  | { kind: "visit" }
  | { kind: "order"; productId?: string }
  | { kind: "deal"; type: "UPSELL" | "CROSS_SELL"; productId?: string; title: string; amount?: number };
