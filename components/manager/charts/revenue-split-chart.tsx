"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueMonth } from "@/lib/portfolio/charts";
import { formatMoney as formatAmount } from "@/components/ui/format";
import { useDates } from "@/components/app-calendar";
import { ChartFrame, ChartLegend } from "./chart-frame";
import { TooltipBox, useKeyboardOpen } from "./chart-tooltip";
import { openRanking, rankingHref } from "@/components/manager/ranking-url";
import { CHART, compactMoney, percent } from "./theme";
import { plural } from "@/lib/plural";

// The month still running is drawn hatched: its bar is lower only because the month is not over.
const hatch = (colour: string) => `repeating-linear-gradient(135deg, ${colour} 0 3px, white 3px 6px)`;

interface MonthDatum {
  key: string;
  month: string;
  existing: number;
  new: number;
  partial: boolean;
}

/** Monthly revenue from existing customers vs new ones (first 90 days after the first purchase). */
export function RevenueSplitChart({
  months,
  newCustomerDays,
  partialMonth,
  currency = "EUR",
  ordersWithoutRate = {},
}: {
  months: RevenueMonth[];
  newCustomerDays: number;
  /** The reporting currency every order was converted into at its day's rate. */
  currency?: string;
  /** Orders left out for lack of an exchange rate, per currency. */
  ordersWithoutRate?: Record<string, number>;
  /** The month still running ("YYYY-MM"): marked "so far" and hatched. */
  partialMonth?: string;
}) {
  const dates = useDates();
  const formatMoney = (value: number) => formatAmount(value, currency);
  const leftOut = Object.entries(ordersWithoutRate)
    .map(([code, orders]) => `${plural(orders, "order")} in ${code}`)
    .join(", ");
  const existing = months.reduce((s, m) => s + m.existingCustomers, 0);
  const fresh = months.reduce((s, m) => s + m.newCustomers, 0);
  const total = existing + fresh;
  const label =
    total > 0
      ? `Existing customers brought ${percent(existing / total)} of revenue in the last ${months.length === 1 ? "month" : plural(months.length, "month")} (${formatMoney(existing)} of ${formatMoney(total)})`
      : "No revenue in this period";
  const monthLabel = (m: RevenueMonth) => `${dates.month(m.month)}${m.month === partialMonth ? " (so far)" : ""}`;
  const data: MonthDatum[] = months.map((m) => ({
    key: m.month,
    month: monthLabel(m),
    existing: m.existingCustomers,
    new: m.newCustomers,
    partial: m.month === partialMonth,
  }));
  // A month opens its cohort: the customers whose first order was that month (the new customers it brought).
  const keyboard = useKeyboardOpen<MonthDatum>((month) => openRanking({ cohort: month.key }));
  return (
    <ChartFrame
      title="Revenue: existing vs new customers"
      label={label}
      summary={
        <>
          {label}. New = within {newCustomerDays} days of the first purchase.
          {partialMonth && months.some((m) => m.month === partialMonth) ? " The current month is not over (hatched)." : ""}
          {
            " Click or tap a month (or pick one with the arrow keys and press Enter) to list the customers whose first order was that month."
          }
          {` In ${currency}, each order at its day's exchange rate.`}
          {leftOut ? ` Left out for lack of an exchange rate: ${leftOut}.` : ""}
        </>
      }
      empty={total === 0 ? "No purchases in the last 24 months." : null}
      table={{
        head: ["Month", "Existing customers", "New customers"],
        rows: months.map((m) => [monthLabel(m), formatMoney(m.existingCustomers), formatMoney(m.newCustomers)]),
      }}
      rowLinks={months.map((m) => ({
        href: rankingHref({ cohort: m.month }),
        label: `Show the customers whose first order was in ${monthLabel(m)}`,
      }))}
      onKeyDown={keyboard.onKeyDown}
      testId="chart-revenue-split"
      legend={
        <ChartLegend
          entries={[
            { label: "Existing customers", swatch: CHART.brand },
            { label: `New customers (first ${newCustomerDays} days)`, swatch: CHART.ok },
            { label: "Current month so far", swatch: hatch(CHART.axis) },
          ]}
        />
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 4, left: 0 }}
          onClick={(state) => {
            const month = data[Number(state.activeTooltipIndex)];
            if (state.activeTooltipIndex !== undefined && state.activeTooltipIndex !== null && month) openRanking({ cohort: month.key });
          }}
          style={{ cursor: "pointer" }}
        >
          <defs>
            <pattern id="hatch-existing" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="white" />
              <rect width="3" height="6" fill={CHART.brand} />
            </pattern>
            <pattern id="hatch-new" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="white" />
              <rect width="3" height="6" fill={CHART.ok} />
            </pattern>
          </defs>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="month" stroke={CHART.axis} fontSize={11} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tickFormatter={(v: number) => compactMoney(v, currency)} stroke={CHART.axis} fontSize={12} width={56} />
          <Tooltip
            cursor={{ fill: "rgba(29, 95, 209, 0.08)" }}
            content={({ active, payload }) => {
              const month = payload?.[0]?.payload as MonthDatum | undefined;
              if (!active || !month) return null;
              return (
                <TooltipBox
                  title={month.month}
                  lines={[
                    `${formatMoney(month.existing + month.new)} in all`,
                    `Existing customers: ${formatMoney(month.existing)}`,
                    `New customers: ${formatMoney(month.new)}`,
                    ...(month.partial ? ["The month is not over yet"] : []),
                    "Click: the customers whose first order was this month",
                  ]}
                />
              );
            }}
          />
          <Bar
            onClick={(_, index) => data[index] && openRanking({ cohort: data[index].key })}
            dataKey="existing"
            name="Existing customers"
            stackId="revenue"
            fill={CHART.brand}
            isAnimationActive={false}
          >
            {data.map((d) => (
              <Cell key={d.key} fill={d.partial ? "url(#hatch-existing)" : CHART.brand} stroke={d.partial ? CHART.brand : undefined} />
            ))}
          </Bar>
          <Bar
            onClick={(_, index) => data[index] && openRanking({ cohort: data[index].key })}
            dataKey="new"
            name="New customers"
            stackId="revenue"
            fill={CHART.ok}
            isAnimationActive={false}
          >
            {data.map((d) => (
              <Cell key={d.key} fill={d.partial ? "url(#hatch-new)" : CHART.ok} stroke={d.partial ? CHART.ok : undefined} />
            ))}
          </Bar>
          {keyboard.tracker}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
