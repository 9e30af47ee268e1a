"use client";
// Recharts has no heatmap type: each cohort is one horizontal stacked bar of
// equal-width segments (one per month offset), coloured by the share buying, each
// segment carrying its share as a number.
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CohortRow } from "@/lib/portfolio/chart-math";
import { useDates } from "@/components/app-calendar";
import { ChartFrame, ChartLegend } from "./chart-frame";
import { TooltipBox, useKeyboardOpen } from "./chart-tooltip";
import { openRanking, rankingHref } from "@/components/manager/ranking-url";
import { CHART, percent } from "./theme";
import { plural } from "@/lib/plural";
import { ScrollArea } from "@/components/ui/scroll-area";

/** A cell's share as a whole number ("38"), written dark on light cells and white on dark ones. */
function CellValue(props: {
  x?: unknown;
  y?: unknown;
  width?: unknown;
  height?: unknown;
  value?: unknown;
  dark?: (value: number) => boolean;
}) {
  const [x, y, width, height] = [Number(props.x), Number(props.y), Number(props.width), Number(props.height)];
  if (props.value === null || props.value === undefined || !(width >= 16) || !(height >= 10)) return null;
  const value = Number(props.value);
  return (
    <text
      x={x + width / 2}
      y={y + height / 2}
      textAnchor="middle"
      dominantBaseline="central"
      fontSize={9}
      fill={props.dark?.(value) ? "white" : "#0f172a"}
      pointerEvents="none"
    >
      {Math.round(value * 100)}
    </text>
  );
}

/** White → brand blue; the scale tops out at the best share after month 0 (month 0 is 100 % by definition). */
function shade(share: number, max: number): string {
  const t = Math.min(1, max > 0 ? share / max : 0);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(238, 23)}, ${mix(246, 76)}, ${mix(255, 168)})`;
}

export function CohortHeatmap({
  cohorts,
  maxOffset,
  partialMonth,
}: {
  cohorts: CohortRow[];
  maxOffset: number;
  /** The month still running ("YYYY-MM"): its cohort is marked "so far". */
  partialMonth?: string;
}) {
  const dates = useDates();
  const monthName = (month: string) => `${dates.month(month)}${month === partialMonth ? " (so far)" : ""}`;
  // Each row's last observed month is the current month when the grid runs up to it.
  const partialCell = (c: CohortRow, k: number) =>
    partialMonth !== undefined && k > 0 && k === c.retention.findLastIndex((v) => v !== null) && c.retention.length > 0;
  const offsets = Array.from({ length: maxOffset + 1 }, (_, k) => k);
  const laterShares = cohorts.flatMap((c) => c.retention.slice(1).filter((v): v is number => v !== null));
  const scaleMax = Math.max(0.05, ...laterShares);
  // Month 3 retention averaged over cohorts old enough to have one, weighted by size.
  const observed = cohorts.filter((c) => c.retention[3] !== null && c.retention[3] !== undefined);
  const month3Buyers = observed.reduce((s, c) => s + (c.retention[3] ?? 0) * c.size, 0);
  const month3Size = observed.reduce((s, c) => s + c.size, 0);
  const label =
    month3Size > 0
      ? `${percent(month3Buyers / month3Size)} of customers buy again in their 4th month (month 3), over ${plural(observed.length, "cohort")}`
      : `${plural(cohorts.length, "cohort")} by month of first purchase`;
  // A row opens its cohort in the ranking.
  const keyboard = useKeyboardOpen<Record<string, string | number | null>>((row) => openRanking({ cohort: String(row.key) }));
  const data = cohorts.map((c) => {
    const row: Record<string, string | number | null> = { key: c.cohort, cohort: `${monthName(c.cohort)} (${c.size})` };
    for (const k of offsets) {
      row[`k${k}`] = c.retention[k] === null ? null : 1;
      row[`v${k}`] = c.retention[k] ?? null;
    }
    return row;
  });
  return (
    <ChartFrame
      title="Cohort retention"
      label={label}
      summary={
        <>
          {label}. Rows: month of first purchase (customers); columns: months since; each cell: % of the cohort that bought that month.
          Click or tap a row (or pick one with the arrow keys and press Enter) to list its customers.
        </>
      }
      legend={
        <ChartLegend
          caption="Share of the cohort buying:"
          entries={[
            {
              label: `0\u00a0% → ${percent(scaleMax)}${scaleMax < 1 ? " or more" : ""}`,
              swatch: `linear-gradient(90deg, ${shade(0, 1)}, ${shade(1, 1)})`,
              wide: true,
            },
            { label: "Month 0: the first purchase (100\u00a0%)", swatch: CHART.brand },
            { label: "Current month so far (each row's last cell)", swatch: "white", dashed: true },
          ]}
        />
      }
      empty={cohorts.length === 0 ? "No first purchases in the last 24 months." : null}
      table={{
        head: ["Cohort", "Customers", ...offsets.map((k) => `M${k}`)],
        rows: cohorts.map((c) => [
          monthName(c.cohort),
          c.size,
          ...offsets.map((k) => (c.retention[k] === null || c.retention[k] === undefined ? "–" : percent(c.retention[k]!))),
        ]),
      }}
      rowLinks={cohorts.map((c) => ({
        href: rankingHref({ cohort: c.cohort }),
        label: `Show the ${plural(c.size, "customer")} of ${monthName(c.cohort)}`,
      }))}
      onKeyDown={keyboard.onKeyDown}
      testId="chart-cohorts"
      heightClass={cohorts.length > 12 ? "h-[32rem]" : "h-72"}
    >
      <ScrollArea label="Cohort heatmap" className="relative h-full">
        {/* Wide enough for a number in every cell; scrolls sideways on a phone. */}
        <div className="h-full" style={{ minWidth: `${92 + 26 * offsets.length}px` }}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 760, height: 512 }}>
            <BarChart
              data={data}
              layout="vertical"
              margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
              barCategoryGap={1}
              onClick={(state) => {
                const row = data[Number(state.activeTooltipIndex)];
                if (state.activeTooltipIndex !== undefined && state.activeTooltipIndex !== null && row)
                  openRanking({ cohort: String(row.key) });
              }}
              style={{ cursor: "pointer" }}
            >
              <XAxis
                type="number"
                domain={[0, offsets.length]}
                ticks={offsets.filter((k) => k % 3 === 0).map((k) => k + 0.5)}
                tickFormatter={(v: number) => `M${Math.floor(v)}`}
                stroke={CHART.axis}
                fontSize={11}
              />
              <YAxis type="category" dataKey="cohort" stroke={CHART.axis} fontSize={10} width={92} interval={0} />
              <Tooltip
                cursor={false}
                content={({ active, payload }) => {
                  if (!active || !payload?.length) return null;
                  const index = cohorts.findIndex((c) => `${monthName(c.cohort)} (${c.size})` === payload[0]?.payload?.cohort);
                  const cohort = cohorts[index];
                  if (!cohort) return null;
                  const later = cohort.retention
                    .slice(1, 7)
                    .map((v, k) => (v === null ? null : `month ${k + 1}: ${percent(v)}`))
                    .filter((line): line is string => line !== null);
                  return (
                    <TooltipBox
                      title={`${monthName(cohort.cohort)}: ${plural(cohort.size, "customer")}`}
                      lines={[
                        later.length > 0 ? `Bought again in ${later.join(", ")}` : "Too recent for a later month",
                        "Click: list these customers",
                      ]}
                    />
                  );
                }}
              />
              {offsets.map((k) => (
                <Bar
                  key={k}
                  dataKey={`k${k}`}
                  stackId="cells"
                  isAnimationActive={false}
                  name={`Month ${k}`}
                  onClick={(_, index) => data[index] && openRanking({ cohort: String(data[index].key) })}
                >
                  {cohorts.map((c) => (
                    <Cell
                      key={c.cohort}
                      fill={c.retention[k] === null ? "transparent" : k === 0 ? CHART.brand : shade(c.retention[k]!, scaleMax)}
                      // The month still running: outlined dashed, its share is only so far.
                      stroke={partialCell(c, k) ? CHART.axis : "white"}
                      strokeWidth={1}
                      strokeDasharray={partialCell(c, k) ? "3 2" : undefined}
                    />
                  ))}
                  <LabelList dataKey={`v${k}`} content={(props) => <CellValue {...props} dark={(v) => k === 0 || v / scaleMax > 0.55} />} />
                </Bar>
              ))}
              {keyboard.tracker}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ScrollArea>
    </ChartFrame>
  );
}
