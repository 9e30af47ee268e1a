"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Histogram, HistogramBin } from "@/lib/portfolio/chart-math";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame, ChartLegend } from "./chart-frame";
import { TooltipBox, useKeyboardOpen } from "./chart-tooltip";
import { CHART, compactMoney } from "./theme";
import { plural } from "@/lib/plural";
import { openRanking, rankingHref, type RankingFilters } from "@/components/manager/ranking-url";

function binLabel(from: number | null, to: number | null): string {
  if (from === null) return `< ${compactMoney(to!)}`;
  if (to === null) return `≥ ${compactMoney(from)}`;
  return `${compactMoney(from)}–${compactMoney(to)}`;
}

/** The bar's band in words, with exact money: "from €1,000 to under €2,000". */
function binWords(from: number | null, to: number | null): string {
  if (from === null) return `under ${formatMoney(to!)}`;
  if (to === null) return `${formatMoney(from)} or more`;
  return `from ${formatMoney(from)} to under ${formatMoney(to)}`;
}

/** The ranking filter that lists a bar's accounts: the same edges (from inclusive, to exclusive). */
export function binFilters(bin: Pick<HistogramBin, "from" | "to">): Partial<RankingFilters> {
  return { measure: "formula", min: bin.from === null ? "" : String(bin.from), max: bin.to === null ? "" : String(bin.to) };
}

interface BarDatum {
  label: string;
  words: string;
  count: number;
  negative: boolean;
  bin: HistogramBin;
}

/** Formula LTV distribution, negatives (costs above margin) in their own colour; a bar opens its accounts. */
export function LtvHistogram({ histogram }: { histogram: Histogram }) {
  const bars: BarDatum[] = histogram.bins.map((bin) => ({
    label: binLabel(bin.from, bin.to),
    words: binWords(bin.from, bin.to),
    count: bin.count,
    negative: bin.to !== null && bin.to <= 0,
    bin,
  }));
  const keyboard = useKeyboardOpen<BarDatum>((bar) => openRanking(binFilters(bar.bin)));
  const label =
    histogram.accounts === 0
      ? "No accounts"
      : `Formula LTV of ${plural(histogram.accounts, "account")}: median ${formatMoney(histogram.median ?? 0)}; ${histogram.negative.toLocaleString("en-GB")} below zero`;
  return (
    <ChartFrame
      title="Formula LTV distribution"
      label={label}
      summary={<>{label}. Click or tap a bar to list its accounts (or pick one with the arrow keys and press Enter).</>}
      empty={histogram.accounts === 0 ? "No accounts yet." : null}
      table={{ head: ["Formula LTV", "Accounts"], rows: bars.map((bar) => [bar.words, bar.count]) }}
      rowLinks={bars.map((bar) => ({ href: rankingHref(binFilters(bar.bin)), label: `Show the accounts with formula LTV ${bar.words}` }))}
      testId="chart-ltv-histogram"
      heightClass="h-72"
      onKeyDown={keyboard.onKeyDown}
      legend={
        <ChartLegend
          caption="Bar height: accounts in each formula LTV band."
          entries={[
            { label: "LTV of zero or more", swatch: CHART.brand },
            { label: "Below zero: costs exceed the margin", swatch: CHART.risk },
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 288 }}>
        <BarChart
          data={bars}
          margin={{ top: 8, right: 8, bottom: 4, left: 8 }}
          barCategoryGap={2}
          onClick={(state) => {
            const bar = bars[Number(state.activeTooltipIndex)];
            if (state.activeTooltipIndex !== undefined && state.activeTooltipIndex !== null && bar) openRanking(binFilters(bar.bin));
          }}
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          {/* Every bin labelled: all ticks, turned to fit. */}
          <XAxis dataKey="label" stroke={CHART.axis} fontSize={10} interval={0} angle={-45} textAnchor="end" height={64} tickMargin={2} />
          <YAxis
            allowDecimals={false}
            stroke={CHART.axis}
            fontSize={12}
            width={48}
            label={{ value: "Accounts", angle: -90, position: "insideLeft", fontSize: 12, fill: CHART.axis, dy: 28 }}
          />
          <Tooltip
            cursor={{ fill: "rgba(29, 95, 209, 0.08)" }}
            content={({ active, payload }) => {
              const bar = payload?.[0]?.payload as BarDatum | undefined;
              if (!active || !bar) return null;
              return (
                <TooltipBox
                  title={`${plural(bar.count, "account")}`}
                  lines={[`Formula LTV ${bar.words}`, ...(bar.negative ? ["Below zero: costs exceed the margin"] : [])]}
                  action="Click to list them"
                />
              );
            }}
          />
          {/* The bar itself answers a click at once (a tap need not hover first); the chart's click covers the space above a low bar. */}
          <Bar
            dataKey="count"
            isAnimationActive={false}
            name="Accounts"
            onClick={(_, index) => bars[index] && openRanking(binFilters(bars[index].bin))}
          >
            {bars.map((bar) => (
              <Cell key={bar.label} fill={bar.negative ? CHART.risk : CHART.brand} />
            ))}
          </Bar>
          {keyboard.tracker}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
