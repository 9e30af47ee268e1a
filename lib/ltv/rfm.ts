// RFM summary (frequency, recency, T, monetary value) from a transaction log, in the convention of
// lifetimes' utils.summary_data_from_transaction_data, which the BG/NBD and Gamma-Gamma fits expect.
//
// The purchase period is the calendar day: purchases on the same day are one period (their amounts
// summed). Ages are measured in days and expressed in the chosen unit, weeks being days / 7. That is
// lifetimes with freq='D', freq_multiplier=7, and it is how the published CDNOW summary
// (cdnow_customers_summary.csv, Fader & Hardie) was computed: rebuilding it from CDNOW_sample.txt this
// way matches all 2357 customers (rfm.test.ts). Two tempting alternatives do not: counting every row as
// a purchase mismatches 80 customers (same-day orders), and calendar-week periods (pandas freq='W')
// mismatch 151 and give whole-week ages.

import { dayNumber, type CalendarDate } from "@/lib/days";

export type TimeUnit = "day" | "week";

export const DAYS_PER_UNIT: Record<TimeUnit, number> = { day: 1, week: 7 };

export interface Transaction {
  customerId: string;
  date: CalendarDate;
  /** Order value (a plain number: callers convert Decimal with Number()). Omit for counts only. */
  amount?: number;
}

export interface RfmSummary {
  customerId: string;
  /** Number of repeat purchase periods (days with a purchase, minus the first). */
  frequency: number;
  /** Age at the last purchase: time between the first and the last purchase day. */
  recency: number;
  /** Age at the as-of date: time from the first purchase day to `asOf`. */
  T: number;
  /**
   * Mean of the repeat periods' totals (the first purchase day excluded); 0 when frequency is 0,
   * null when the transactions carry no amounts.
   */
  monetaryValue: number | null;
}

export interface RfmOptions {
  /** End of the observation period (inclusive); later transactions are ignored. */
  asOf: CalendarDate;
  unit: TimeUnit;
}

/**
 * Builds one summary row per customer with at least one purchase on or before `asOf`, in order of
 * each customer's first appearance in `transactions`. Amounts must be given on every transaction or
 * on none.
 */
export function summarizeTransactions(transactions: Iterable<Transaction>, options: RfmOptions): RfmSummary[] {
  const asOf = dayNumber(options.asOf);
  const daysPerUnit = DAYS_PER_UNIT[options.unit];
  if (!daysPerUnit) throw new RangeError(`Unknown time unit "${options.unit}"`);
  const byCustomer = new Map<string, { days: number[]; amounts: number[] }>();
  let withAmount = 0;
  let withoutAmount = 0;
  for (const transaction of transactions) {
    const day = dayNumber(transaction.date);
    const amount = transaction.amount;
    if (amount === undefined) withoutAmount++;
    else {
      if (!(Number.isFinite(amount) && amount >= 0)) {
        throw new RangeError(`Transaction of ${transaction.customerId} on ${String(transaction.date)}: amount must be a number ≥ 0`);
      }
      withAmount++;
    }
    if (day > asOf) continue;
    let history = byCustomer.get(transaction.customerId);
    if (!history) {
      history = { days: [], amounts: [] };
      byCustomer.set(transaction.customerId, history);
    }
    history.days.push(day);
    history.amounts.push(amount ?? 0);
  }
  if (withAmount > 0 && withoutAmount > 0) {
    throw new RangeError("Either every transaction has an amount or none has");
  }
  const hasAmounts = withAmount > 0;

  const summaries: RfmSummary[] = [];
  for (const [customerId, { days, amounts }] of byCustomer) {
    const order = days.map((_, i) => i).sort((i, j) => days[i] - days[j]);
    // Aggregate per purchase day.
    let periods = 0;
    let repeatTotal = 0;
    let previousDay = Number.NaN;
    for (const i of order) {
      if (days[i] !== previousDay) {
        periods++;
        previousDay = days[i];
      }
      if (periods > 1) repeatTotal += amounts[i];
    }
    const firstDay = days[order[0]];
    const lastDay = days[order[order.length - 1]];
    const frequency = periods - 1;
    summaries.push({
      customerId,
      frequency,
      recency: (lastDay - firstDay) / daysPerUnit,
      T: (asOf - firstDay) / daysPerUnit,
      monetaryValue: hasAmounts ? (frequency > 0 ? repeatTotal / frequency : 0) : null,
    });
  }
  return summaries;
}

/** Column form (typed arrays) of summary rows, as fitBgNbd / fitGammaGamma take them. */
export function summaryColumns(rows: readonly RfmSummary[]): {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
} {
  const n = rows.length;
  const columns = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetaryValue: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    columns.frequency[i] = row.frequency;
    columns.recency[i] = row.recency;
    columns.T[i] = row.T;
    columns.monetaryValue[i] = row.monetaryValue ?? 0;
  });
  return columns;
}
