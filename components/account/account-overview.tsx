"use client";
// The account's live measures, LTV arithmetic and flags. Reads the same query
// the order form updates, so a logged order shows here without a reload.
import { useQuery } from "@tanstack/react-query";
import type { AccountDetail } from "@/lib/accounts/get-account";
import { accountKey, fetchAccount } from "./api";
import { formatMoney, formatPercent } from "@/components/ui/format";
import { DateText, useDates } from "@/components/app-calendar";
import { FlagCard, type FlagAction } from "@/components/flags/flag-card";

export type { FlagAction };

export function AccountOverview({ initial, onAction }: { initial: AccountDetail; onAction: (action: FlagAction) => void }) {
  const { data: account } = useQuery({ queryKey: accountKey(initial.id), queryFn: () => fetchAccount(initial.id), initialData: initial });
  const m = account.metrics;
  const dates = useDates();
  const money = (value: number) => formatMoney(value, account.currency);
  const visible = account.flags.filter((flag) => flag.state !== "dismissed");
  const dismissed = account.flags.length - visible.length;
  const kpis = m
    ? [
        { label: "Formula LTV", value: money(m.formulaLtv), testId: "formula-ltv" },
        { label: "Predicted CLV", value: money(m.predictedClv), testId: "predicted-clv" },
        {
          label: "Churn risk (no order in 90 days)",
          value: m.pNoOrder90 === null ? "Not modelled" : `${formatPercent(m.pNoOrder90)} · ${BAND_LABEL[m.churnBand!]}`,
          testId: "churn-probability",
        },
        { label: "Revenue to date", value: money(m.revenue), testId: "revenue" },
        { label: "Orders", value: String(m.orders), testId: "orders" },
        {
          label: "Last order",
          value: dates.instant(m.lastPurchaseAt),
          testId: "last-order",
          note: m.lastPurchaseAt ? dates.daysAgo(m.lastPurchaseAt) : undefined,
        },
      ]
    : [];
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-live="polite">
        {kpis.map((kpi) => (
          <div key={kpi.label} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <dt className="text-xs text-slate-500">{kpi.label}</dt>
            <dd className="text-lg font-semibold" data-testid={kpi.testId}>
              {kpi.value}
            </dd>
            {kpi.note ? (
              // From now, not from when the figures were stored; may differ from the server's render by a day boundary.
              <dd className="text-xs text-slate-500" data-testid={`${kpi.testId}-ago`} suppressHydrationWarning>
                {kpi.note}
              </dd>
            ) : null}
          </div>
        ))}
      </dl>
      {m && (m.reporting?.currency ?? account.currency) !== account.currency ? (
        <p className="text-sm text-slate-700" data-testid="reporting-figures">
          In {m.reporting!.currency}, each order at its day&apos;s rate (what rankings and dashboards show): revenue{" "}
          {formatMoney(m.reporting!.revenue, m.reporting!.currency)}, formula LTV{" "}
          {formatMoney(m.reporting!.formulaLtv, m.reporting!.currency)}, predicted CLV{" "}
          {formatMoney(m.reporting!.predictedClv, m.reporting!.currency)}.
        </p>
      ) : null}
      {m?.reportingGap ? (
        <p className="rounded-lg bg-amber-50 p-2 text-sm text-amber-950" data-testid="reporting-gap">
          {m.reportingGap.reason}
        </p>
      ) : null}
      {m ? (
        <p className="text-xs text-slate-500" data-testid="metrics-as-of">
          LTV figures, churn risk and flags as of <DateText value={m.computedAt} kind="instant" />; recomputed on every order and visit, and
          daily.
        </p>
      ) : null}

      <section aria-labelledby="flags-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="flags-heading" className="mb-2 text-base font-semibold">
          What to do
        </h2>
        {visible.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing needs attention on this account right now.</p>
        ) : (
          <ul className="space-y-2" data-testid="flags">
            {visible.map((flag, index) => (
              <FlagCard key={flag.id ?? index} flag={flag} accountId={account.id} currency={account.currency} onAction={onAction} />
            ))}
          </ul>
        )}
        {dismissed > 0 ? (
          <p className="mt-2 text-xs text-slate-500">
            {dismissed} dismissed {dismissed === 1 ? "flag" : "flags"} hidden.
          </p>
        ) : null}
      </section>

      {m ? <ChurnDetail m={m} /> : null}

      {m && account.explanations ? (
        <section aria-labelledby="ltv-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="ltv-heading" className="mb-2 text-base font-semibold">
            How the LTV is worked out
          </h2>
          <dl className="space-y-2 text-sm">
            <Row label="Historical (to date)" value={money(m.historicalLtv)} formula={account.explanations.historical} />
            <Row label="Formula LTV" value={money(m.formulaLtv)} formula={account.explanations.formula} />
            <Row label="Revenue-only LTV" value={money(m.revenueLtv)} formula={account.explanations.revenue} />
            <Row label="Expected lifespan" value={`${m.lifespanYears.toFixed(1)} yrs`} formula={account.explanations.lifespan} />
            <Row label="Most to spend winning a customer like this" value="" formula={account.explanations.upperLimitAcquisitionCost} />
            <Row
              label="Predicted CLV (BG/NBD + Gamma-Gamma)"
              value={money(m.predictedClv)}
              formula={`${m.expectedPurchases.toFixed(1)} expected orders over the horizon at P(active) ${formatPercent(m.pAlive)}, discounted, × margin`}
            />
          </dl>
        </section>
      ) : null}
    </div>
  );
}

const BAND_LABEL = { low: "Low", medium: "Medium", high: "High" } as const;

/** The model behind the churn headline, folded away: reps act on the headline, analysts open this. */
function ChurnDetail({ m }: { m: NonNullable<AccountDetail["metrics"]> }) {
  const dates = useDates();
  return (
    <details className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="churn-detail">
      <summary className="cursor-pointer text-base font-semibold">How the churn risk is worked out</summary>
      {m.pNoOrder90 === null ? (
        <p className="mt-2 text-sm text-slate-600">
          No predictive model yet (it needs enough customers with repeat orders), or no order on this account: churn risk comes from how
          long the account has been silent against its usual gap.
        </p>
      ) : (
        <dl className="mt-2 space-y-2 text-sm">
          <Row
            label="Chance of no order in the next 90 days"
            value={formatPercent(m.pNoOrder90)}
            formula={`1 − P(active) × P(an order within 90 days if active). Bands: Low below 33 %, Medium below 66 %, High from 66 %.`}
          />
          <Row
            label="P(active)"
            value={formatPercent(m.pAlive)}
            formula="The chance the account still buys at all, from its number of repeat orders, the last one's date and its age (BG/NBD model)."
          />
          <Row
            label="Expected orders in the next 90 days"
            value={m.expectedOrders90.toFixed(1)}
            formula="The model's average for accounts with this history."
          />
          <Row
            label="Next order expected"
            value={m.nextOrderOn ? dates.day(m.nextOrderOn) : "Not expected"}
            formula={
              m.nextOrderOn
                ? "The first day by which an order is more likely than not."
                : "An order within a year is not more likely than not."
            }
          />
        </dl>
      )}
    </details>
  );
}

function Row({ label, value, formula }: { label: string; value: string; formula: string }) {
  return (
    <div>
      <dt className="flex justify-between gap-2 font-medium">
        <span>{label}</span>
        <span>{value}</span>
      </dt>
      <dd className="break-words text-slate-600">{formula}</dd>
    </div>
  );
}
