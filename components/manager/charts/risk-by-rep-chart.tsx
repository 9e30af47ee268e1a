"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RiskByRep } from "@/lib/portfolio/charts";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame, ChartLegend } from "./chart-frame";
import { TooltipBox, useKeyboardOpen } from "./chart-tooltip";
import { CHART, compactMoney } from "./theme";
import { plural } from "@/lib/plural";
import { openRanking, rankingHref, type RankingFilters } from "@/components/manager/ranking-url";

/** A rep's churn-risk accounts by predicted CLV: the accounts whose sum the bar is. */
const repFilters = (rep: RiskByRep): Partial<RankingFilters> => ({ measure: "predicted", ownerId: rep.ownerId, flag: "churn_risk" });

/** Revenue at risk (predicted CLV of churn-risk accounts) per rep; a bar opens that rep's accounts at risk. */
export function RiskByRepChart({ reps }: { reps: RiskByRep[] }) {
  const total = reps.reduce((s, r) => s + r.revenueAtRisk, 0);
  const accounts = reps.reduce((s, r) => s + r.churnRiskAccounts, 0);
  const top = reps[0];
  const keyboard = useKeyboardOpen<RiskByRep>((rep) => openRanking(repFilters(rep)));
  const label =
    accounts === 0
      ? "No account is at churn risk"
      : `${formatMoney(total)} at risk in ${accounts.toLocaleString("en-GB")} churn-risk accounts; most with ${top!.ownerName} (${formatMoney(top!.revenueAtRisk)})`;
  return (
    <ChartFrame
      title="Revenue at risk by rep"
      label={label}
      summary={<>{label}. Click or tap a bar to list that rep&apos;s accounts at risk.</>}
      empty={reps.length === 0 ? "No accounts yet." : null}
      table={{
        head: ["Rep", "Revenue at risk", "Churn-risk accounts", "Accounts"],
        rows: reps.map((r) => [r.ownerName, formatMoney(r.revenueAtRisk), r.churnRiskAccounts, r.accounts]),
      }}
      rowLinks={reps.map((rep) =>
        rep.churnRiskAccounts > 0 ? { href: rankingHref(repFilters(rep)), label: `Show ${rep.ownerName}'s churn-risk accounts` } : null,
      )}
      testId="chart-risk-by-rep"
      onKeyDown={keyboard.onKeyDown}
      legend={<ChartLegend entries={[{ label: "Predicted CLV of the rep's churn-risk accounts", swatch: CHART.risk }]} />}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <BarChart
          data={reps}
          layout="vertical"
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          onClick={(state) => {
            const rep = reps[Number(state.activeTooltipIndex)];
            if (state.activeTooltipIndex !== undefined && state.activeTooltipIndex !== null && rep) openRanking(repFilters(rep));
          }}
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke={CHART.grid} horizontal={false} />
          <XAxis type="number" tickFormatter={(v: number) => compactMoney(v)} stroke={CHART.axis} fontSize={12} />
          <YAxis type="category" dataKey="ownerName" stroke={CHART.axis} fontSize={12} width={96} />
          <Tooltip
            cursor={{ fill: "rgba(194, 65, 12, 0.08)" }}
            content={({ active, payload }) => {
              const rep = payload?.[0]?.payload as RiskByRep | undefined;
              if (!active || !rep) return null;
              return (
                <TooltipBox
                  title={rep.ownerName}
                  lines={[
                    `${formatMoney(rep.revenueAtRisk)} at risk`,
                    `${plural(rep.churnRiskAccounts, "churn-risk account")} of ${rep.accounts.toLocaleString("en-GB")}`,
                  ]}
                  action={rep.churnRiskAccounts > 0 ? "Click to list them" : undefined}
                />
              );
            }}
          />
          <Bar
            dataKey="revenueAtRisk"
            name="Revenue at risk"
            fill={CHART.risk}
            isAnimationActive={false}
            onClick={(_, index) => reps[index] && openRanking(repFilters(reps[index]))}
          />
          {keyboard.tracker}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
