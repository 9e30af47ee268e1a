import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { portfolioSummary, topAccountsByHistoricalLtv } from "@/lib/portfolio/summary";
import { Card, EmptyState } from "@/components/ui/card";
import { ForbiddenNotice } from "@/components/forbidden";
import { formatMoney, formatPercent } from "@/components/ui/format";

export const metadata: Metadata = { title: "Manager dashboard" };

export default async function ManagerDashboardPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "dashboard")) return <ForbiddenNotice what="The manager dashboard" />;
  const [summary, top] = await Promise.all([portfolioSummary(actor), topAccountsByHistoricalLtv(actor, 20)]);
  const kpis = [
    { label: "Accounts", value: summary.accounts.toLocaleString("en-GB") },
    { label: "Revenue to date", value: formatMoney(summary.revenue) },
    { label: "Average historical LTV", value: formatMoney(summary.averageHistoricalLtv) },
    { label: "Average formula LTV", value: formatMoney(summary.averageFormulaLtv) },
    { label: "Churn-risk accounts", value: summary.churnRiskAccounts.toLocaleString("en-GB") },
    { label: "Revenue at risk (predicted CLV)", value: formatMoney(summary.revenueAtRisk) },
  ];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Manager dashboard</h1>
      <dl className="grid grid-cols-2 gap-2 lg:grid-cols-6">
        {kpis.map((kpi) => (
          <div key={kpi.label} className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
            <dt className="text-xs text-slate-500">{kpi.label}</dt>
            <dd className="text-lg font-semibold">{kpi.value}</dd>
          </div>
        ))}
      </dl>
      <Card title="Top accounts by historical LTV">
        {top.length === 0 ? (
          <EmptyState title="No accounts yet." />
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-2">#</th>
                  <th scope="col" className="py-2 pr-2">Account</th>
                  <th scope="col" className="py-2 pr-2">Rep</th>
                  <th scope="col" className="py-2 pr-2 text-right">Historical LTV</th>
                  <th scope="col" className="py-2 pr-2 text-right">Formula LTV</th>
                  <th scope="col" className="py-2 pr-2 text-right">Predicted CLV</th>
                  <th scope="col" className="py-2 text-right">P(active)</th>
                </tr>
              </thead>
              <tbody>
                {top.map((row, index) => (
                  <tr key={row.accountId} className="border-t border-slate-100">
                    <td className="py-2 pr-2 text-slate-500">{index + 1}</td>
                    <td className="py-2 pr-2 font-medium">{row.name}</td>
                    <td className="py-2 pr-2">{row.ownerName}</td>
                    <td className="py-2 pr-2 text-right">{formatMoney(row.historicalLtv, row.currency)}</td>
                    <td className="py-2 pr-2 text-right">{formatMoney(row.formulaLtv, row.currency)}</td>
                    <td className="py-2 pr-2 text-right">{formatMoney(row.predictedClv, row.currency)}</td>
                    <td className="py-2 text-right">{formatPercent(row.pAlive)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
