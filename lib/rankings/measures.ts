// The ranking vocabulary, shared by the server and the browser (plain data, no imports
// that would pull server code into a client bundle).
import type { FlagType } from "@/lib/flags/types";

export const MEASURES = ["historical", "formula", "predicted", "palive"] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABEL: Readonly<Record<Measure, string>> = {
  historical: "Historical LTV",
  formula: "Formula LTV",
  predicted: "Predicted CLV",
  palive: "P(active)",
};

export const RANKING_FLAGS = ["churn_risk", "upsell", "cross_sell", "replenishment"] as const satisfies readonly FlagType[];

/** account_metrics.flag_mask's bit per flag type (its trigger, migration …_account_metrics_flag_mask, sets the same). */
export const FLAG_BITS: Readonly<Record<(typeof RANKING_FLAGS)[number], number>> = {
  churn_risk: 1,
  upsell: 2,
  cross_sell: 4,
  replenishment: 8,
};

/** Every flag_mask value with the flag's bit set: `flag_mask = ANY(…)` is a few ranges of the mask index. */
export function masksWithFlag(flag: (typeof RANKING_FLAGS)[number]): number[] {
  return Array.from({ length: 16 }, (_, mask) => mask).filter((mask) => (mask & FLAG_BITS[flag]) !== 0);
}

export interface RankingItem {
  accountId: string;
  name: string;
  ownerId: string;
  ownerName: string;
  segment: string;
  region: string | null;
  /** The selected measure: money in the reporting currency (decision 0015), or P(alive) as a fraction. */
  value: number;
  /** 1-based position in the whole filtered ordering. */
  rank: number;
  /** The reporting currency the money figures are in. */
  currency: string;
  /** Revenue to date in the reporting currency (null without a rate). */
  revenue: number | null;
  /** All four measures side by side; money in the reporting currency, null where a rate is missing. */
  measures: Record<Measure, number | null>;
  /** The same figures in the account's own currency, as its page shows them. */
  account: { currency: string; revenue: number; measures: Record<Measure, number> };
  /** Why the reporting figures are missing (only when they are). */
  fxGap: { currency: string; orders: number; asOf: boolean } | null;
  /** Flag types on the account (churn_risk, upsell, …). */
  flags: string[];
  churnRisk: boolean;
}

/** Accounts the filtered money ranking leaves out for lack of a rate, per currency without one. */
export interface RankingMissing {
  accounts: number;
  currencies: Array<{ currency: string; accounts: number; orders: number }>;
}

/** The dashboard's KPI figures over a filtered ranking's accounts (money as the portfolio KPIs sum it). */
export interface RankingSummary {
  accounts: number;
  /** Accounts with at least one order. */
  customers: number;
  revenue: number;
  /** Mean formula LTV over the accounts. */
  averageFormulaLtv: number;
  churnRiskAccounts: number;
  /** Σ predicted CLV of the churn-risk accounts. */
  revenueAtRisk: number;
}

/** GET /api/rankings/count: the filtered ranking's exact size, and its KPI sums when filtered. */
export interface RankingCount {
  total: number;
  summary: RankingSummary | null;
}

export interface RankingPage {
  items: RankingItem[];
  nextCursor: string | null;
  /**
   * Accounts in the whole filtered ranking; with the first page only (null on the pages after,
   * and when `totalAbove` is set).
   */
  total: number | null;
  /**
   * Set on a first page filtered on single rows (a name, a region, a band) that matched more than
   * this many accounts: it did not count them all (decision 0021). GET /api/rankings/count gives
   * the exact total and summary.
   */
  totalAbove: number | null;
  /** With the first page of a money ranking: the accounts left out for lack of a rate (null on later pages and for P(active)). */
  missing: RankingMissing | null;
  /** The reporting currency. */
  reportingCurrency: string;
  /**
   * Only when asked for (summary=1): with the first page of a filtered ranking (anything but the
   * measure set) its KPI figures, else null.
   */
  summary?: RankingSummary | null;
}
