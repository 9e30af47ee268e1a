// Predicted customer lifetime value: BG/NBD purchases × Gamma-Gamma order value, discounted monthly,
// as lifetimes' GammaGammaFitter.customer_lifetime_value computes it (docs/reference/clv-reference.md, "Discounted
// CLV"). Money values are plain numbers (callers convert Decimal with Number()).

import { type BgNbdParams, type CustomerHistory } from "./bgnbd";
import { expectedPurchases, expectedPurchasesCurve, probabilityAlive } from "./bgnbd-predict";
import { expectedAverageOrderValue, type GammaGammaParams } from "./gamma-gamma";
import type { TimeUnit } from "./rfm";

/**
 * Periods of the data's unit per month, lifetimes' factors (weeks 4.345, days 30). Passing the wrong
 * one is the classic mistake: lifetimes' Quickstart runs weekly CDNOW data with 30, so its printed CLV
 * (customer 1: 140.10) sums 30 weeks per "month" (docs/reference/clv-reference.md, caution).
 */
export const PERIODS_PER_MONTH: Record<TimeUnit, number> = { week: 4.345, day: 30 };

export interface CustomerSpendHistory extends CustomerHistory {
  /** Mean value of the repeat purchases (0 or anything when frequency is 0). */
  monetaryValue: number;
}

export interface DiscountedClvInputs {
  bgNbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  history: CustomerSpendHistory;
  /** Horizon in months (whole months). */
  months: number;
  /** Discount rate per month, e.g. 0.01. See monthlyRateFromAnnual. */
  monthlyDiscountRate: number;
  /** Data periods per month: PERIODS_PER_MONTH[unit]. */
  periodsPerMonth: number;
  /** Gross margin to turn revenue into profit; default 1 (revenue CLV, as lifetimes). */
  margin?: number;
}

export interface DiscountedClvResult {
  inputs: DiscountedClvInputs;
  /** Σ over months of margin × E[M] × (purchases expected in that month) / (1+d)^k. */
  value: number;
  expectedAverageOrderValue: number;
  /** Undiscounted expected purchases over the whole horizon. */
  expectedPurchases: number;
  monthly: Array<{ month: number; expectedPurchases: number; discountedValue: number }>;
}

/**
 * CLV = margin · Σ_{k=1..months} E[M] · (E[Y(k·f)] − E[Y((k−1)·f)]) / (1+d)^k, with E[Y] the BG/NBD
 * conditional expectation (FHL 2005 eq. 10), E[M] the Gamma-Gamma expected order value (Hardie note
 * 025 eq. 5), f periods per month and d the monthly discount rate (lifetimes utils._customer_lifetime_value).
 */
export function discountedClv(inputs: DiscountedClvInputs): DiscountedClvResult {
  const { bgNbd, gammaGamma, history, months, monthlyDiscountRate: d, periodsPerMonth: f } = inputs;
  const margin = inputs.margin ?? 1;
  if (!(Number.isInteger(months) && months >= 0)) throw new RangeError(`months must be a whole number ≥ 0 (got ${months})`);
  if (!(Number.isFinite(d) && d > -1)) throw new RangeError(`monthly discount rate must be > −1 (got ${d})`);
  if (!(Number.isFinite(f) && f > 0)) throw new RangeError(`periods per month must be > 0 (got ${f})`);
  const orderValue = expectedAverageOrderValue(gammaGamma, history.frequency, history.monetaryValue);
  const monthly: DiscountedClvResult["monthly"] = [];
  // All month ends in one call: one evaluation method for the grid and shared quadrature nodes, so the
  // monthly increments are ≥ 0 and the large-a, b case costs one node set, not 36.
  const cumulativePurchases = expectedPurchasesCurve(
    bgNbd,
    history,
    Array.from({ length: months }, (_, i) => (i + 1) * f),
  );
  let value = 0;
  let previous = 0;
  for (const [i, cumulative] of cumulativePurchases.entries()) {
    const k = i + 1;
    const inMonth = cumulative - previous;
    previous = cumulative;
    const discountedValue = (margin * orderValue * inMonth) / Math.pow(1 + d, k);
    value += discountedValue;
    monthly.push({ month: k, expectedPurchases: inMonth, discountedValue });
  }
  return { inputs, value, expectedAverageOrderValue: orderValue, expectedPurchases: previous, monthly };
}

/** Monthly rate equivalent to an annual one: (1 + annual)^(1/12) − 1. */
export function monthlyRateFromAnnual(annualRate: number): number {
  if (!(Number.isFinite(annualRate) && annualRate > -1)) throw new RangeError(`annual rate must be > −1 (got ${annualRate})`);
  return Math.expm1(Math.log1p(annualRate) / 12);
}

export interface CustomerPredictionInputs {
  bgNbd: BgNbdParams;
  /** Without Gamma-Gamma parameters (no amounts) only P(alive) and purchases are predicted. */
  gammaGamma?: GammaGammaParams | null;
  history: CustomerSpendHistory;
  unit: TimeUnit;
  horizonMonths: number;
  annualDiscountRate: number;
  margin: number;
}

export interface CustomerPrediction {
  /** P(alive), Hardie note 021. */
  pAlive: number;
  /** Expected purchases over the horizon (undiscounted). */
  expectedPurchases: number;
  expectedAverageOrderValue: number | null;
  /** Discounted profit CLV over the horizon (margin applied); null without Gamma-Gamma parameters. */
  predictedClv: number | null;
}

/** Everything the account page shows from the stored model parameters for one account. */
export function predictCustomer(inputs: CustomerPredictionInputs): CustomerPrediction {
  const { bgNbd, gammaGamma, history, unit, horizonMonths } = inputs;
  const periodsPerMonth = PERIODS_PER_MONTH[unit];
  const pAlive = probabilityAlive(bgNbd, history);
  if (!gammaGamma) {
    return {
      pAlive,
      expectedPurchases: expectedPurchases(bgNbd, history, horizonMonths * periodsPerMonth),
      expectedAverageOrderValue: null,
      predictedClv: null,
    };
  }
  const clv = discountedClv({
    bgNbd,
    gammaGamma,
    history,
    months: horizonMonths,
    monthlyDiscountRate: monthlyRateFromAnnual(inputs.annualDiscountRate),
    periodsPerMonth,
    margin: inputs.margin,
  });
  return {
    pAlive,
    expectedPurchases: clv.expectedPurchases,
    expectedAverageOrderValue: clv.expectedAverageOrderValue,
    predictedClv: clv.value,
  };
}
