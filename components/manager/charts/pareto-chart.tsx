"use client";
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ParetoChart as ParetoData } from "@/lib/portfolio/chart-math";
import { ChartFrame } from "./chart-frame";
import { CHART, percent } from "./theme";
import { plural } from "@/lib/plural";

/** Concentration: cumulative share of revenue against share of customers, largest first. */
export function ParetoChart({ pareto }: { pareto: ParetoData }) {
  const points = pareto.points.map((p) => ({ accounts: p.accountShare * 100, revenue: p.revenueShare * 100 }));
  const top = Math.round(pareto.top20Share * 100);
  const label = `Top 20 % of customers bring ${top} % of revenue`;
  // The table at every 10 % of customers: the nearest drawn point.
  const rows = Array.from({ length: 11 }, (_, i) => i * 10).map((target) => {
    const nearest = points.reduce((best, p) => (Math.abs(p.accounts - target) < Math.abs(best.accounts - target) ? p : best), points[0]!);
    return [`${nearest.accounts.toFixed(0)} %`, `${nearest.revenue.toFixed(1)} %`];
  });
  return (
    <ChartFrame
      title="Revenue concentration (Pareto)"
      label={label}
      summary={
        <>
          <strong className="text-slate-900">{label}</strong> ({plural(pareto.customers, "customer")}).
        </>
      }
      empty={pareto.customers === 0 ? "No customer has ordered yet." : null}
      table={{ head: ["Top customers", "Share of revenue"], rows }}
      testId="chart-pareto"
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis
            dataKey="accounts"
            type="number"
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            unit="%"
            stroke={CHART.axis}
            fontSize={12}
          />
          <YAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" stroke={CHART.axis} fontSize={12} width={44} />
          <Tooltip
            formatter={(value) => [`${Number(value).toFixed(1)} % of revenue`, ""]}
            labelFormatter={(value) => `Top ${Number(value).toFixed(0)} % of customers`}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 100, y: 100 },
            ]}
            stroke={CHART.axis}
            strokeDasharray="4 4"
            ifOverflow="hidden"
          />
          <ReferenceLine x={20} stroke={CHART.risk} strokeDasharray="3 3" />
          <Line dataKey="revenue" type="monotone" stroke={CHART.brand} strokeWidth={2} dot={false} isAnimationActive={false} />
          <ReferenceDot
            x={20}
            y={pareto.top20Share * 100}
            r={5}
            fill={CHART.risk}
            stroke="white"
            label={{ value: percent(pareto.top20Share), position: "right", fontSize: 12 }}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
