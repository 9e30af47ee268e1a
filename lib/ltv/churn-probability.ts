// Predictions a rep can check against what happens next: the probability of no order in a window,
// the expected orders in it, the expected date of the next order, and the churn-risk band. All under
// the BG/NBD model (Fader, Hardie & Lee 2005, "FHL 2005" below; derivation in docs/reference/clv-reference.md).
// Pure functions: no I/O, no clock; the as-of date is an argument.

import { type BgNbdParams, type CustomerHistory } from "./bgnbd";
import { expectedPurchases, probabilityAlive } from "./bgnbd-predict";
import { dayNumber, isoDay, type CalendarDate } from "@/lib/days";
import { DAYS_PER_UNIT, type TimeUnit } from "./rfm";

/** The churn window: "no order in the next 90 days" (issue 16). */
export const CHURN_WINDOW_DAYS = 90;
/** How far ahead expectedNextOrderDay looks before saying "not expected". */
export const NEXT_ORDER_HORIZON_DAYS = 365;
/** The next order is "expected" on the first day P(at least one order by then) reaches this. */
const NEXT_ORDER_PROBABILITY = 0.5;

function checkWindow(tau: number): void {
  if (!(Number.isFinite(tau) && tau >= 0)) throw new RangeError(`window τ must be finite and ≥ 0 (got ${tau})`);
}

/**
 * P(no order in (T, T+τ] | x, t_x, T) = 1 − P(alive)·(1 − ((α+T)/(α+T+τ))^(r+x)), τ in the data's
 * unit (docs/reference/clv-reference.md, "No purchase in the next τ"). Why: in BG/NBD a customer drops out only just
 * after a purchase, so one alive at T orders in the window iff the next inter-purchase time is < τ;
 * given the history and being alive, λ ~ Gamma(r+x, α+T) (FHL 2005 §3 and eq. 10's derivation), and
 * E[e^(−λτ)] = ((α+T)/(α+T+τ))^(r+x). Lies in [1 − P(alive), 1], is 1 at τ = 0, decreases in τ.
 */
export function pNoOrder(params: BgNbdParams, history: CustomerHistory, tau: number): number {
  checkWindow(tau);
  return 1 - probabilityAlive(params, history) * orderIfAlive(params, history, tau);
}

/** P(at least one order in (T, T+τ] | alive) = 1 − ((α+T)/(α+T+τ))^(r+x). */
function orderIfAlive(params: BgNbdParams, history: CustomerHistory, tau: number): number {
  // = −expm1(−(r+x)·ln(1 + τ/(α+T))), accurate for small τ.
  return -Math.expm1(-(params.r + history.frequency) * Math.log1p(tau / (params.alpha + history.T)));
}

/** pNoOrder for the 90-day churn window, converted to the data's time unit (weeks: 90/7). */
export function pNoOrder90(params: BgNbdParams, history: CustomerHistory, unit: TimeUnit): number {
  return pNoOrder(params, history, CHURN_WINDOW_DAYS / DAYS_PER_UNIT[unit]);
}

/**
 * Expected orders in the next 90 days: E[Y(τ)] of FHL 2005 eq. 10 (bgnbd.ts expectedPurchases),
 * τ = 90 days in the data's unit.
 */
export function expectedOrders90(params: BgNbdParams, history: CustomerHistory, unit: TimeUnit): number {
  return expectedPurchases(params, history, CHURN_WINDOW_DAYS / DAYS_PER_UNIT[unit]);
}

export interface NextOrderOptions {
  /** Length of the data's time unit in days (DAYS_PER_UNIT[unit]): 7 for weekly summaries. */
  daysPerUnit: number;
  /** Look this many days ahead at most; default NEXT_ORDER_HORIZON_DAYS (365). */
  horizonDays?: number;
}

/**
 * The first whole day d ≥ 1 after the as-of date on which P(at least one order in (T, T+d]) =
 * 1 − pNoOrder(d) reaches 0.5, or null ("not expected") when that does not happen within the horizon.
 * 1 − pNoOrder(τ) = P(alive)·(1 − ((α+T)/(α+T+τ))^(r+x)) increases in τ and stays below P(alive),
 * so with P(alive) ≤ 0.5 it never gets there; otherwise a bisection over whole days finds d in
 * ⌈log₂ horizon⌉ evaluations.
 */
export function expectedNextOrderDay(params: BgNbdParams, history: CustomerHistory, options: NextOrderOptions): number | null {
  const { daysPerUnit } = options;
  const horizon = options.horizonDays ?? NEXT_ORDER_HORIZON_DAYS;
  if (!(Number.isFinite(daysPerUnit) && daysPerUnit > 0)) throw new RangeError(`daysPerUnit must be > 0 (got ${daysPerUnit})`);
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`horizonDays must be a whole number ≥ 1 (got ${horizon})`);
  const alive = probabilityAlive(params, history);
  if (alive <= NEXT_ORDER_PROBABILITY) return null;
  // P(alive) once, not per bisection step: the bulk recompute runs this for every account.
  const reached = (day: number) => 1 - (1 - alive * orderIfAlive(params, history, day / daysPerUnit)) >= NEXT_ORDER_PROBABILITY;
  if (!reached(horizon)) return null;
  let notYet = 0; // P(order by day 0) = 0
  let by = horizon;
  while (by - notYet > 1) {
    const mid = Math.floor((notYet + by) / 2);
    if (reached(mid)) by = mid;
    else notYet = mid;
  }
  return by;
}

/** expectedNextOrderDay as a calendar date ("YYYY-MM-DD") counted from `asOf`, or null ("not expected"). */
export function expectedNextOrderDate(
  params: BgNbdParams,
  history: CustomerHistory,
  asOf: CalendarDate,
  options: NextOrderOptions,
): string | null {
  const day = expectedNextOrderDay(params, history, options);
  return day === null ? null : isoDay(dayNumber(asOf) + day);
}

export type ChurnRiskBand = "low" | "medium" | "high";

/** Churn probability (pNoOrder90) from which the band is Medium (issue 16: Low < 33 % ≤ Medium). */
export const CHURN_BAND_MEDIUM_FROM = 0.33;
/** … and High (Medium < 66 % ≤ High). */
export const CHURN_BAND_HIGH_FROM = 0.66;

/** Low < 33 % ≤ Medium < 66 % ≤ High, for a churn probability in [0, 1]. */
export function churnRiskBand(churnProbability: number): ChurnRiskBand {
  if (!(churnProbability >= 0 && churnProbability <= 1)) {
    throw new RangeError(`churn probability must be in [0, 1] (got ${churnProbability})`);
  }
  if (churnProbability < CHURN_BAND_MEDIUM_FROM) return "low";
  return churnProbability < CHURN_BAND_HIGH_FROM ? "medium" : "high";
}
