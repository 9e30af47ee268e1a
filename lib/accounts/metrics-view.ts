// The JSON shape of an account's live measures (money as numbers in the account currency).
import type { AccountMetrics } from "@/lib/generated/prisma/client";
import type { Flag } from "@/lib/flags/types";
import { dayInZone } from "@/lib/calendar";
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
  pAlive: number;
  expectedPurchases: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  lastVisitAt: string | null;
  attentionScore: number;
  /** When these figures were computed: the account's last write, or the daily as-of recompute. */
  computedAt: string;
  /** The day they are as of (YYYY-MM-DD in APP_TIME_ZONE): P(alive), "days since" and the flags are true on that day. */
  asOfDay: string;
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
    firstPurchaseAt: row.firstPurchaseAt?.toISOString() ?? null,
    lastPurchaseAt: row.lastPurchaseAt?.toISOString() ?? null,
    lastVisitAt: row.lastVisitAt?.toISOString() ?? null,
    attentionScore: row.attentionScore,
    computedAt: row.computedAt.toISOString(),
    asOfDay: dayInZone(row.computedAt, env().APP_TIME_ZONE),
  };
}

/** The account's flags, each carrying the day it is as of (the metrics row's). */
export function flagsOf(row: AccountMetrics | null): Array<Flag & { asOfDay: string }> {
  if (!row || !Array.isArray(row.flags)) return [];
  const asOfDay = dayInZone(row.computedAt, env().APP_TIME_ZONE);
  return (row.flags as unknown as Flag[]).map((flag) => ({ ...flag, asOfDay }));
}
