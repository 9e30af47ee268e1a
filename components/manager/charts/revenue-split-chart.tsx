"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueMonth } from "@/lib/portfolio/charts";
import { formatMoney } from "@/components/ui/format";
import { ChartFrame } from "./chart-frame";
import { CHART, compactMoney, percent } from "./theme";
import { plural } from "@/lib/plural";

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" });

/** Monthly revenue from existing customers vs new ones (first 90 days after the first purchase). */
export function RevenueSplitChart({ months, newCustomerDays }: { months: RevenueMonth[]; newCustomerDays: number }) {
  const existing = months.reduce((s, m) => s + m.existingCustomers, 0);
  const fresh = months.reduce((s, m) => s + m.newCustomers, 0);
  const total = existing + fresh;
  const label =
    total > 0
      ? `Existing customers brought ${percent(existing / total)} of revenue in the last ${months.length === 1 ? "month" : plural(months.length, "month")} (${formatMoney(existing)} of ${formatMoney(total)})`
      : "No revenue in this period";
  const data = months.map((m) => ({ month: monthName(m.month), existing: m.existingCustomers, new: m.newCustomers }));
  return (
    <ChartFrame
      title="Revenue: existing vs new customers"
      label={label}
      summary={
        <>
          {label}. New = within {newCustomerDays} days of the first purchase.
        </>
      }
      empty={total === 0 ? "No purchases in the last 24 months." : null}
      table={{
        head: ["Month", "Existing customers", "New customers"],
        rows: months.map((m) => [monthName(m.month), formatMoney(m.existingCustomers), formatMoney(m.newCustomers)]),
      }}
      testId="chart-revenue-split"
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 256 }}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="month" stroke={CHART.axis} fontSize={11} interval="preserveStartEnd" minTickGap={12} />
          <YAxis tickFormatter={(v: number) => compactMoney(v)} stroke={CHART.axis} fontSize={12} width={56} />
          <Tooltip
            formatter={(value, name) => [formatMoney(Number(value)), name === "existing" ? "Existing customers" : "New customers"]}
          />
          <Legend formatter={(value) => (value === "existing" ? "Existing customers" : "New customers")} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="existing" stackId="revenue" fill={CHART.brand} isAnimationActive={false} />
          <Bar dataKey="new" stackId="revenue" fill={CHART.ok} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
