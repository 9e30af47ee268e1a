"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Histogram } from "@/lib/portfolio/chart-math";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame } from "./chart-frame";
import { CHART, compactMoney } from "./theme";
import { plural } from "@/lib/plural";

function binLabel(from: number | null, to: number | null): string {
  if (from === null) return `< ${compactMoney(to!)}`;
  if (to === null) return `≥ ${compactMoney(from)}`;
  return `${compactMoney(from)} – ${compactMoney(to)}`;
}

/** Formula LTV distribution, negatives (costs above margin) in their own colour. */
export function LtvHistogram({ histogram }: { histogram: Histogram }) {
  const bars = histogram.bins.map((bin) => ({
    label: binLabel(bin.from, bin.to),
    count: bin.count,
    negative: bin.to !== null && bin.to <= 0,
  }));
  const label =
    histogram.accounts === 0
      ? "No accounts"
      : `Formula LTV of ${plural(histogram.accounts, "account")}: median ${formatMoney(histogram.median ?? 0)}; ${histogram.negative.toLocaleString("en-GB")} below zero`;
  return (
    <ChartFrame
      title="Formula LTV distribution"
      label={label}
      empty={histogram.accounts === 0 ? "No accounts yet." : null}
      table={{ head: ["Formula LTV", "Accounts"], rows: bars.map((bar) => [bar.label, bar.count]) }}
      testId="chart-ltv-histogram"
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} barCategoryGap={2} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="label" stroke={CHART.axis} fontSize={11} interval="preserveStartEnd" minTickGap={8} />
          <YAxis allowDecimals={false} stroke={CHART.axis} fontSize={12} width={40} />
          <Tooltip formatter={(value) => [plural(Number(value), "account"), ""]} />
          <Bar dataKey="count" isAnimationActive={false}>
            {bars.map((bar) => (
              <Cell key={bar.label} fill={bar.negative ? CHART.risk : CHART.brand} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
