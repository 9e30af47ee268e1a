"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RiskByRep } from "@/lib/portfolio/charts";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame } from "./chart-frame";
import { CHART, compactMoney } from "./theme";

/** Revenue at risk (predicted CLV of churn-risk accounts) per rep. */
export function RiskByRepChart({ reps }: { reps: RiskByRep[] }) {
  const total = reps.reduce((s, r) => s + r.revenueAtRisk, 0);
  const accounts = reps.reduce((s, r) => s + r.churnRiskAccounts, 0);
  const top = reps[0];
  const label =
    accounts === 0
      ? "No account is at churn risk"
      : `${formatMoney(total)} at risk in ${accounts.toLocaleString("en-GB")} churn-risk accounts; most with ${top!.ownerName} (${formatMoney(top!.revenueAtRisk)})`;
  return (
    <ChartFrame
      title="Revenue at risk by rep"
      label={label}
      empty={reps.length === 0 ? "No accounts yet." : null}
      table={{
        head: ["Rep", "Revenue at risk", "Churn-risk accounts", "Accounts"],
        rows: reps.map((r) => [r.ownerName, formatMoney(r.revenueAtRisk), r.churnRiskAccounts, r.accounts]),
      }}
      testId="chart-risk-by-rep"
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <BarChart data={reps} layout="vertical" margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => compactMoney(v)} stroke={CHART.axis} fontSize={12} />
          <YAxis type="category" dataKey="ownerName" stroke={CHART.axis} fontSize={12} width={96} />
          <Tooltip formatter={(value) => [formatMoney(Number(value)), "Revenue at risk"]} />
          <Bar dataKey="revenueAtRisk" fill={CHART.risk} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
