"use client";
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ParetoChart as ParetoData } from "@/lib/portfolio/chart-math";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame, ChartLegend } from "./chart-frame";
import { TooltipBox, useKeyboardOpen } from "./chart-tooltip";
import { CHART, percent } from "./theme";
import { plural } from "@/lib/plural";
import { openRanking, rankingHref, type RankingFilters } from "@/components/manager/ranking-url";

interface PointDatum {
  /** Share of customers, 0–100. */
  accounts: number;
  /** Share of revenue, 0–100. */
  revenue: number;
  customers: number;
  minRevenue: number | null;
}

/** The ranking of the customers a point counts: revenue to date at least the point's floor. */
function topFilters(point: PointDatum): Partial<RankingFilters> | null {
  return point.minRevenue === null ? null : { measure: "historical", revenueMin: String(point.minRevenue) };
}

/** Concentration: cumulative share of revenue against share of customers, largest first; a point opens its customers. */
export function ParetoChart({ pareto }: { pareto: ParetoData }) {
  const points: PointDatum[] = pareto.points.map((p, i) => ({
    accounts: p.accountShare * 100,
    revenue: p.revenueShare * 100,
    customers: Math.round(p.accountShare * pareto.customers),
    // Older payloads without floors: the point still draws, it just opens nothing.
    minRevenue: pareto.minRevenues?.[i] ?? null,
  }));
  const open = (point: PointDatum | undefined) => {
    const filters = point ? topFilters(point) : null;
    if (filters) openRanking(filters);
  };
  const keyboard = useKeyboardOpen<PointDatum>(open);
  const top = Math.round(pareto.top20Share * 100);
  const label = `Top 20 % of customers bring ${top} % of revenue`;
  // The table at every 10 % of customers: the nearest drawn point.
  const nearest = Array.from({ length: 11 }, (_, i) => i * 10).map((target) =>
    points.reduce((best, p) => (Math.abs(p.accounts - target) < Math.abs(best.accounts - target) ? p : best), points[0]!),
  );
  return (
    <ChartFrame
      title="Revenue concentration (Pareto)"
      label={label}
      summary={
        <>
          <strong className="text-slate-900">Top 20&nbsp;% of customers bring {top}&nbsp;% of revenue</strong> (
          {plural(pareto.customers, "customer")}). Click the curve to list the top customers up to that point.
        </>
      }
      empty={pareto.customers === 0 ? "No customer has ordered yet." : null}
      table={{
        head: ["Top customers", "Share of revenue", "Each bought at least"],
        rows: nearest.map((p) => [
          `${p.accounts.toFixed(0)} %`,
          `${p.revenue.toFixed(1)} %`,
          p.minRevenue === null ? "–" : formatMoney(p.minRevenue),
        ]),
      }}
      rowLinks={nearest.map((p) => {
        const filters = topFilters(p);
        return filters ? { href: rankingHref(filters), label: `Show the top ${p.accounts.toFixed(0)} % of customers` } : null;
      })}
      testId="chart-pareto"
      onKeyDown={keyboard.onKeyDown}
      legend={
        <ChartLegend
          entries={[
            { label: "Share of revenue from the top customers", swatch: CHART.brand },
            { label: "Top 20 % of customers", swatch: CHART.risk },
            { label: "Every customer alike (diagonal)", swatch: `repeating-linear-gradient(90deg, ${CHART.axis} 0 4px, white 4px 8px)` },
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <LineChart
          data={points}
          margin={{ top: 8, right: 12, bottom: 16, left: 8 }}
          onClick={(state) =>
            open(
              state.activeTooltipIndex === undefined || state.activeTooltipIndex === null
                ? undefined
                : points[Number(state.activeTooltipIndex)],
            )
          }
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke={CHART.grid} />
          <XAxis
            dataKey="accounts"
            type="number"
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            unit="%"
            stroke={CHART.axis}
            fontSize={12}
            label={{ value: "Share of customers, largest first", position: "insideBottom", offset: -12, fontSize: 11, fill: CHART.axis }}
          />
          <YAxis
            type="number"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            unit="%"
            stroke={CHART.axis}
            fontSize={12}
            width={52}
            label={{ value: "Share of revenue", angle: -90, position: "insideLeft", fontSize: 11, fill: CHART.axis, dy: 48 }}
          />
          <Tooltip
            content={({ active, payload }) => {
              const point = payload?.[0]?.payload as PointDatum | undefined;
              if (!active || !point) return null;
              return (
                <TooltipBox
                  title={`Top ${point.accounts.toFixed(0)}\u00a0% of customers`}
                  lines={[
                    `${plural(point.customers, "customer")} bring ${point.revenue.toFixed(1)}\u00a0% of revenue`,
                    ...(point.minRevenue === null ? [] : [`each bought at least ${formatMoney(point.minRevenue)}`]),
                  ]}
                  action={point.minRevenue === null ? undefined : "Click to list them"}
                />
              );
            }}
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
          {keyboard.tracker}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
