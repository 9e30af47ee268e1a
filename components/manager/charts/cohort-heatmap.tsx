"use client";
// Recharts has no heatmap type: each cohort is one horizontal stacked bar of
// equal-width segments (one per month offset), coloured by the share buying.
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { CohortRow } from "@/lib/portfolio/chart-math";
import { ChartFrame } from "./chart-frame";
import { CHART, percent } from "./theme";
import { plural } from "@/lib/plural";
import { ScrollArea } from "@/components/ui/scroll-area";

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });

/** White → brand blue; the scale tops out at the best share after month 0 (month 0 is 100 % by definition). */
function shade(share: number, max: number): string {
  const t = Math.min(1, max > 0 ? share / max : 0);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(238, 23)}, ${mix(246, 76)}, ${mix(255, 168)})`;
}

export function CohortHeatmap({ cohorts, maxOffset }: { cohorts: CohortRow[]; maxOffset: number }) {
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
  const data = cohorts.map((c) => {
    const row: Record<string, string | number | null> = { cohort: `${monthName(c.cohort)} (${c.size})` };
    for (const k of offsets) row[`k${k}`] = c.retention[k] === null ? null : 1;
    return row;
  });
  return (
    <ChartFrame
      title="Cohort retention"
      label={label}
      summary={<>{label}. Rows: month of first purchase (customers); columns: months since; darker = more of the cohort bought.</>}
      empty={cohorts.length === 0 ? "No first purchases in the last 24 months." : null}
      table={{
        head: ["Cohort", "Customers", ...offsets.map((k) => `M${k}`)],
        rows: cohorts.map((c) => [
          monthName(c.cohort),
          c.size,
          ...offsets.map((k) => (c.retention[k] === null || c.retention[k] === undefined ? "–" : percent(c.retention[k]!))),
        ]),
      }}
      testId="chart-cohorts"
      heightClass={cohorts.length > 12 ? "h-[28rem]" : "h-72"}
    >
      <ScrollArea label="Cohort heatmap" className="relative h-full">
        <div className="h-full min-w-[560px]">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 560, height: 448 }}>
            <BarChart
              data={data}
              layout="vertical"
              margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
              barCategoryGap={1}
              accessibilityLayer={false}
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
                  return (
                    <div className="rounded-md bg-white p-2 text-xs shadow ring-1 ring-slate-200">
                      <p className="font-medium">
                        {monthName(cohort.cohort)}: {plural(cohort.size, "customer")}
                      </p>
                      <p>
                        {cohort.retention
                          .slice(1, 7)
                          .map((v, k) => (v === null ? null : `M${k + 1} ${percent(v)}`))
                          .filter(Boolean)
                          .join(" · ")}
                      </p>
                    </div>
                  );
                }}
              />
              {offsets.map((k) => (
                <Bar key={k} dataKey={`k${k}`} stackId="cells" isAnimationActive={false}>
                  {cohorts.map((c) => (
                    <Cell
                      key={c.cohort}
                      fill={c.retention[k] === null ? "transparent" : k === 0 ? CHART.brand : shade(c.retention[k]!, scaleMax)}
                      stroke="white"
                      strokeWidth={1}
                    />
                  ))}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ScrollArea>
    </ChartFrame>
  );
}
