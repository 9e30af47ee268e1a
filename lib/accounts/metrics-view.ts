// The JSON shape of an account's live measures (money as numbers in the account currency).
import type { AccountMetrics } from "@/lib/generated/prisma/client";
import type { Flag } from "@/lib/flags/types";
import { churnRiskBand, type ChurnRiskBand } from "@/lib/ltv/churn-probability";
import { addDaysToInstant, dayInZone } from "@/lib/days";
import { env } from "@/lib/env";

export interface MetricsView {
  revenue: number;
  grossProfit: number;
  orders: number;
  averageOrderValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
  historicalLtv: number;
  revenueLtv: number;
  formulaLtv: number;
  predictedClv: number;
  /** P(active): the model's P(alive). */
  pAlive: number;
  expectedPurchases: number;
  /** The churn probability: P(no order in the next 90 days); null without a model or a purchase. */
  pNoOrder90: number | null;
  /** Low < 33 % ≤ Medium < 66 % ≤ High, from pNoOrder90. */
  churnBand: ChurnRiskBand | null;
  expectedOrders90: number;
  /** Expected day of the next order (YYYY-MM-DD in APP_TIME_ZONE); null = not expected within a year, or no model. */
  nextOrderOn: string | null;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastVisitAt: string | null;
  attentionScore: number;
  /** When these figures were computed: the account's last write, or the daily as-of recompute. */
  computedAt: string;
  /** The day they are as of (YYYY-MM-DD in APP_TIME_ZONE): P(alive), "days since" and the flags are true on that day. */
  asOfDay: string;
  /**
   * The money figures in the reporting currency (decision 0015): orders at their day's rate; null when a
   * rate is missing, with `reportingGap` saying which.
   */
  reporting: { currency: string; revenue: number; historicalLtv: number; formulaLtv: number; predictedClv: number } | null;
  reportingGap: {
    currency: string;
    orders: number;
    firstDay: string | null;
    lastDay: string | null;
    /** The as-of day has no rate: the cost inputs are left out of the figures above. */
    asOf: boolean;
    reason: string;
  } | null;
}

type StoredGap = { currency: string; orders: number; firstDay: string | null; lastDay: string | null; asOf: boolean };

function gapReason(gap: StoredGap, reportingCurrency: string, asOfDay: string): string {
  const parts: string[] = [];
  if (gap.orders > 0) {
    const days = gap.firstDay === gap.lastDay ? `on ${gap.firstDay}` : `between ${gap.firstDay} and ${gap.lastDay}`;
    parts.push(`no ${gap.currency} rate for ${gap.orders === 1 ? "1 order" : `${gap.orders} orders`} ${days}`);
  }
  if (gap.asOf) parts.push(`no ${gap.currency} rate for ${asOfDay}, so the cost inputs are left out of the figures`);
  return `No ${reportingCurrency} figures: ${parts.join("; ")}.`;
}

export function metricsView(row: AccountMetrics): MetricsView {
  return {
    revenue: row.revenue.toNumber(),
    grossProfit: row.grossProfit.toNumber(),
    orders: row.orders,
    averageOrderValue: row.averageOrderValue.toNumber(),
    purchasesPerYear: row.purchasesPerYear,
    lifespanYears: row.lifespanYears,
    historicalLtv: row.historicalLtv.toNumber(),
    revenueLtv: row.revenueLtv.toNumber(),
    formulaLtv: row.formulaLtv.toNumber(),
    predictedClv: row.predictedClv.toNumber(),
    pAlive: row.pAlive,
    expectedPurchases: row.expectedPurchases,
    pNoOrder90: row.pNoOrder90,
    churnBand: row.pNoOrder90 === null ? null : churnRiskBand(Math.min(1, Math.max(0, row.pNoOrder90))),
    expectedOrders90: row.expectedOrders90,
    nextOrderOn: row.nextOrderDays === null ? null : dayInZone(addDaysToInstant(row.computedAt, row.nextOrderDays), env().APP_TIME_ZONE),
    firstPurchaseAt: row.firstPurchaseAt?.toISOString() ?? null,
    lastPurchaseAt: row.lastPurchaseAt?.toISOString() ?? null,
    lastVisitAt: row.lastVisitAt?.toISOString() ?? null,
    attentionScore: row.attentionScore,
    computedAt: row.computedAt.toISOString(),
    asOfDay: dayInZone(row.computedAt, env().APP_TIME_ZONE),
    reporting:
      row.reportingRevenue === null || row.reportingCurrency === null
        ? null
        : {
            currency: row.reportingCurrency.trim(),
            revenue: row.reportingRevenue.toNumber(),
            historicalLtv: row.reportingHistoricalLtv?.toNumber() ?? 0,
            formulaLtv: row.reportingFormulaLtv?.toNumber() ?? 0,
            predictedClv: row.reportingPredictedClv?.toNumber() ?? 0,
          },
    reportingGap: row.reportingGap
      ? {
          ...(row.reportingGap as unknown as StoredGap),
          reason: gapReason(
            row.reportingGap as unknown as StoredGap,
            row.reportingCurrency?.trim() ?? "reporting-currency",
            row.computedAt.toISOString().slice(0, 10),
          ),
        }
      : null,
  };
}

/** The account's flags, each carrying the day it is as of (the metrics row's). */
export function flagsOf(row: AccountMetrics | null): Array<Flag & { asOfDay: string }> {
  if (!row || !Array.isArray(row.flags)) return [];
  const asOfDay = dayInZone(row.computedAt, env().APP_TIME_ZONE);
  return (row.flags as unknown as Flag[]).map((flag) => ({ ...flag, asOfDay }));
}
