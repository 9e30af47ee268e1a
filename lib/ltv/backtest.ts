// Backtest of the BG/NBD predictions on a calibration/holdout split (docs/reference/clv-reference.md, "Backtest on
// a calibration/holdout split"; FHL 2005 §4 does the same on CDNOW): fit on the purchases up to a
// cutoff, predict for the window after it, and count what happened in the window. Pure: the caller
// reads the transactions (the CLI from a CSV, the app from the database) and passes the cutoff in.

import { at } from "./arrays";
import { fitBgNbd, type BgNbdFit, type BgNbdFitOptions } from "./bgnbd";
import { expectedPurchases, probabilityAlive } from "./bgnbd-predict";
import { pNoOrder } from "./churn-probability";
import { dayNumber, isoDay, type CalendarDate } from "@/lib/days";
import { DAYS_PER_UNIT, summarizeTransactions, summaryColumns, type TimeUnit, type Transaction } from "./rfm";

export interface BacktestOptions {
  /** Last day of the calibration period (inclusive). */
  cutoff: CalendarDate;
  /** Length of the holdout window in days: (cutoff, cutoff + windowDays]. */
  windowDays: number;
  /** Unit of the ages the model is fitted in (week: days/7, as `analytics fit`). */
  unit: TimeUnit;
  fit?: BgNbdFitOptions;
}

export interface BacktestCustomer {
  customerId: string;
  /** P(alive) at the cutoff. */
  pAlive: number;
  /** Predicted P(no order in the window) (churn-probability.ts pNoOrder). */
  pNoOrder: number;
  /** Predicted orders in the window, E[Y(t)] of FHL 2005 eq. 10. */
  expectedOrders: number;
  /** Distinct purchase days in (cutoff, cutoff + windowDays], the way frequency counts purchases. */
  observedOrders: number;
}

export interface CalibrationBin {
  /** Lower edge of the predicted-probability bin: the bin is [bin, bin + 0.1), the last one [0.9, 1]. */
  bin: number;
  customers: number;
  /** Mean predicted pNoOrder of the bin's customers. */
  predictedNoOrder: number;
  /** Share of the bin's customers with no order in the window. */
  observedNoOrder: number;
}

export interface BacktestResult {
  customers: number;
  /** The cutoff as "YYYY-MM-DD". */
  cutoff: string;
  windowDays: number;
  unit: TimeUnit;
  fit: BgNbdFit;
  /** Mean of (pNoOrder − [no order observed])² over the customers. */
  brier: number;
  /** Non-empty bins only, in increasing order of `bin`. */
  calibration: CalibrationBin[];
  /** One row per customer first seen on or before the cutoff, in order of first appearance. */
  perCustomer: BacktestCustomer[];
}

const CALIBRATION_BINS = 10;

/** The calibration bin (0..9) of a predicted probability: [k/10, (k+1)/10), the last one [0.9, 1]. */
export function calibrationBinOf(p: number): number {
  return Math.min(CALIBRATION_BINS - 1, Math.floor(p * CALIBRATION_BINS));
}

/** Brier score: mean of (predicted probability − outcome)², outcome 1 when the event happened. */
export function brierScore(predicted: readonly number[], happened: readonly boolean[]): number {
  if (predicted.length !== happened.length) throw new RangeError("brierScore: predictions and outcomes differ in length");
  if (predicted.length === 0) throw new RangeError("brierScore: no predictions");
  let sum = 0;
  for (const [i, p] of predicted.entries()) sum += (p - (happened[i] ? 1 : 0)) ** 2;
  return sum / predicted.length;
}

/**
 * Predicted vs observed rate in tenths of the predicted probability ([0, 0.1), …, [0.9, 1]). Fixed-width
 * bins rather than equal-count ones, so a bin's predicted mean is comparable across data sets and a
 * bin with few customers is visibly small (issue 16 judges "every decile that has at least 100 accounts").
 */
export function calibrationByDecile(predicted: readonly number[], happened: readonly boolean[]): CalibrationBin[] {
  if (predicted.length !== happened.length) throw new RangeError("calibrationByDecile: predictions and outcomes differ in length");
  const tallies = Array.from({ length: CALIBRATION_BINS }, () => ({ customers: 0, predictedSum: 0, happenedCount: 0 }));
  predicted.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`calibrationByDecile: prediction ${i} is not a probability (${p})`);
    const tally = at(tallies, calibrationBinOf(p), "tallies");
    tally.customers++;
    tally.predictedSum += p;
    if (happened[i]) tally.happenedCount++;
  });
  const bins: CalibrationBin[] = [];
  for (const [k, { customers, predictedSum, happenedCount }] of tallies.entries()) {
    if (customers === 0) continue;
    bins.push({
      bin: k / CALIBRATION_BINS,
      customers,
      predictedNoOrder: predictedSum / customers,
      observedNoOrder: happenedCount / customers,
    });
  }
  return bins;
}

/**
 * Fits BG/NBD on the transactions dated on or before the cutoff (summarised as rfm.ts does: one
 * purchase per customer-day, ages in the unit), then for each customer first seen by the cutoff predicts
 * P(alive), P(no order in the window) and the expected orders in it, and counts the distinct purchase
 * days in (cutoff, cutoff + windowDays]. Throws RangeError when nobody was seen by the cutoff or the
 * data cannot be fitted (e.g. nobody repeats).
 */
export function runBacktest(transactions: readonly Transaction[], options: BacktestOptions): BacktestResult {
  const { windowDays, unit } = options;
  const cutoffDay = dayNumber(options.cutoff);
  if (!(Number.isInteger(windowDays) && windowDays >= 1)) throw new RangeError(`windowDays must be a whole number ≥ 1 (got ${windowDays})`);
  const daysPerUnit = DAYS_PER_UNIT[unit];
  if (!daysPerUnit) throw new RangeError(`Unknown time unit "${unit}"`);
  const cutoff = isoDay(cutoffDay);

  const summaries = summarizeTransactions(transactions, { asOf: cutoff, unit });
  if (summaries.length === 0) throw new RangeError(`no transaction on or before the cutoff ${cutoff}`);
  const fit = fitBgNbd(summaryColumns(summaries), options.fit);

  const windowEnd = cutoffDay + windowDays;
  const windowDaysByCustomer = new Map<string, Set<number>>(summaries.map((s) => [s.customerId, new Set<number>()]));
  for (const transaction of transactions) {
    const day = dayNumber(transaction.date);
    if (day <= cutoffDay || day > windowEnd) continue;
    windowDaysByCustomer.get(transaction.customerId)?.add(day); // customers first seen after the cutoff are not in the backtest
  }

  const tau = windowDays / daysPerUnit;
  const perCustomer = summaries.map((summary): BacktestCustomer => {
    const history = { frequency: summary.frequency, recency: summary.recency, T: summary.T };
    return {
      customerId: summary.customerId,
      pAlive: probabilityAlive(fit.params, history),
      pNoOrder: pNoOrder(fit.params, history, tau),
      expectedOrders: expectedPurchases(fit.params, history, tau),
      observedOrders: windowDaysByCustomer.get(summary.customerId)!.size,
    };
  });
  const predicted = perCustomer.map((c) => c.pNoOrder);
  const noOrder = perCustomer.map((c) => c.observedOrders === 0);
  return {
    customers: perCustomer.length,
    cutoff,
    windowDays,
    unit,
    fit,
    brier: brierScore(predicted, noOrder),
    calibration: calibrationByDecile(predicted, noOrder),
    perCustomer,
  };
}
