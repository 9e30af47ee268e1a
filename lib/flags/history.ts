// Account history in calendar days, and the per-account summaries the flags share
// (usual order gap, yearly spend, run-rate). The caller uses the same exported helpers
// to build the portfolio context, so an account and its peers are measured alike.

import { dayNumber, YEAR_WINDOW_DAYS } from "@/lib/days";
import type { PurchaseInput, PurchaseLineInput } from "./types";

/**
 * Shortest history a yearly figure is extrapolated from: one order in a 10-day-old account
 * would otherwise read as 36 orders a year.
 */
export const MIN_ANNUALIZATION_DAYS = 90;

export interface DatedPurchase {
  /** Calendar days from the purchase to asOf (0 = same day). */
  ageDays: number;
  total: number;
  lines: readonly PurchaseLineInput[];
}

export interface AccountHistory {
  /** Purchases on or before asOf, oldest first. */
  purchases: DatedPurchase[];
  /** Distinct order days as ages, oldest first (largest age first). */
  orderDayAges: number[];
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

export function accountHistory(purchases: readonly PurchaseInput[], asOf: Date): AccountHistory {
  const asOfDay = dayNumber(asOf);
  const dated: DatedPurchase[] = [];
  for (const purchase of purchases) {
    const day = dayNumber(purchase.purchasedAt);
    // Future-dated purchases are ignored so results depend on asOf only.
    if (!Number.isFinite(day) || day > asOfDay) continue;
    dated.push({ ageDays: asOfDay - day, total: finiteOrZero(purchase.total), lines: purchase.lines });
  }
  dated.sort((a, b) => b.ageDays - a.ageDays);
  const orderDayAges: number[] = [];
  for (const p of dated) {
    // Several orders on one day count as one purchase occasion (lifetimes' daily summary convention).
    if (orderDayAges[orderDayAges.length - 1] !== p.ageDays) orderDayAges.push(p.ageDays);
  }
  return { purchases: dated, orderDayAges };
}

// Sorted as a Float64Array: its native numeric sort is ~20× faster than Array#sort with a
// comparator, which matters for the refit's peer statistics over 100 000 accounts.
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear interpolation between closest ranks (numpy's default, "type 7"). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/**
 * Median gap in days between consecutive distinct order days, or null with fewer than
 * minOrdersForGap order days. With two orders it equals t_x/x (docs/reference/clv-reference.md,
 * "Heuristics"); the median keeps one long break from hiding a regular rhythm
 * (docs/reference/product.md: "> 2× its median gap").
 */
export function usualGapFromHistory(history: AccountHistory, minOrdersForGap: number): number | null {
  const ages = history.orderDayAges;
  if (ages.length < Math.max(2, minOrdersForGap)) return null;
  const gaps: number[] = [];
  for (let i = 1; i < ages.length; i++) gaps.push(ages[i - 1] - ages[i]);
  return median(gaps);
}

/** Multiplier from last-365-days figures to a yearly rate (1 for accounts older than a year). */
export function annualizationFactor(history: AccountHistory): number {
  if (history.purchases.length === 0) return 0;
  const observedDays = history.purchases[0].ageDays + 1;
  return YEAR_WINDOW_DAYS / Math.min(YEAR_WINDOW_DAYS, Math.max(MIN_ANNUALIZATION_DAYS, observedDays));
}

/** Revenue of the last 365 days, annualised for accounts younger than a year. */
export function yearlySpendFromHistory(history: AccountHistory): number {
  let revenue = 0;
  for (const p of history.purchases) if (p.ageDays < YEAR_WINDOW_DAYS) revenue += p.total;
  return revenue * annualizationFactor(history);
}

/** Orders of the last 365 days, annualised like yearlySpend. */
export function ordersPerYearFromHistory(history: AccountHistory): number {
  let orders = 0;
  for (const p of history.purchases) if (p.ageDays < YEAR_WINDOW_DAYS) orders += 1;
  return orders * annualizationFactor(history);
}

/**
 * Yearly revenue while the account was active: lifetime revenue over the span from its
 * first order to one usual gap after its last. Unlike last-12-months revenue it does not
 * fall to zero for an account that has gone quiet, which is exactly what a churn flag
 * needs to put a value on.
 */
export function activeRunRateFromHistory(history: AccountHistory, usualGapDays: number | null): number {
  if (history.purchases.length === 0) return 0;
  let revenue = 0;
  for (const p of history.purchases) revenue += p.total;
  const first = history.purchases[0].ageDays;
  const last = history.purchases[history.purchases.length - 1].ageDays;
  const span = first - last + (usualGapDays ?? YEAR_WINDOW_DAYS);
  return Math.max(0, (revenue * YEAR_WINDOW_DAYS) / Math.max(MIN_ANNUALIZATION_DAYS, span));
}

// --- Entry points for the caller that builds the portfolio context ---------------

/** Usual order gap of one account in days (null when it has too few orders). */
export function usualOrderGapDays(purchases: readonly PurchaseInput[], asOf: Date, minOrdersForGap = 2): number | null {
  return usualGapFromHistory(accountHistory(purchases, asOf), minOrdersForGap);
}

/** Yearly spend of one account, as compared with its segment's peers. */
export function yearlySpend(purchases: readonly PurchaseInput[], asOf: Date): number {
  return yearlySpendFromHistory(accountHistory(purchases, asOf));
}

/** The account's basket for association mining: distinct categories ever bought, sorted. */
export function accountCategories(purchases: readonly PurchaseInput[], asOf: Date): string[] {
  const categories = new Set<string>();
  for (const p of accountHistory(purchases, asOf).purchases) for (const line of p.lines) categories.add(line.category);
  return [...categories].sort();
}
