// The JSON shape of an account's live measures (money as numbers in the account currency).
import type { AccountMetrics } from "@/lib/generated/prisma/client";
import type { Flag } from "@/lib/flags/types";

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
  computedAt: string;
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
  };
}

export function flagsOf(row: AccountMetrics | null): Flag[] {
  return row && Array.isArray(row.flags) ? (row.flags as unknown as Flag[]) : [];
}
