// BG/NBD predictions for one customer (Fader, Hardie & Lee 2005, "FHL 2005" below; Hardie's notes):
// P(alive) and expected purchases over a horizon, from fitted parameters (./bgnbd.ts fits them).
// Pure functions: no I/O, no clock. Time in the fit's unit.

import { at, indexError } from "./arrays";
import { meanDropoutFactor } from "./beta-quadrature";
import { scaledHyp2f1Excess } from "./special";
import type { BgNbdParams, CustomerHistory } from "./bgnbd";

function checkHistory({ frequency: x, recency: tx, T }: CustomerHistory): void {
  if (!(Number.isFinite(x) && x >= 0 && Number.isFinite(T) && T >= 0 && tx >= 0 && tx <= T)) {
    throw new RangeError(`BG/NBD: invalid history (frequency ${x}, recency ${tx}, T ${T})`);
  }
}

/** ln(δ·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)): the log-odds of having dropped out; −∞ when x = 0. */
function dropoutLogOdds({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, T }: CustomerHistory): number {
  if (x === 0) return -Infinity;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + δ·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (Hardie note 021, "Computing
 * P(alive) using the BG/NBD model"), as a logistic of the log-odds so it cannot overflow. 1 when x = 0.
 */
export function probabilityAlive(params: BgNbdParams, history: CustomerHistory): number {
  checkHistory(history);
  return 1 / (1 + Math.exp(dropoutLogOdds(params, history)));
}

/** Which evaluation of E[Y(t)] to use; "auto" picks per call. The others exist for tests and diagnostics. */
export type ExpectationMethod = "auto" | "series" | "quadrature";

// The Euler-transformed series is used only where it is short and accurate: a up to 20 (for large a its
// terms grow like (a·z)^k/k! before they fall: the reported slow / overflowing case), at most ~2000
// terms (it needs ~(max(a−1, 0) + 40)/(1−z)), no alternating start (c − R > −1), and its two parts
// cancelling by at most 1e3 (they do by ~c/(r+x): huge b or tiny r). Elsewhere: beta-quadrature.ts.
const SERIES_MAX_A = 20;
const SERIES_MAX_TERMS = 2000;
const SERIES_MAX_CANCELLATION = 1e3;

/**
 * E[Y(t)]/P(alive) by FHL 2005 eq. 10 with the Euler transformation, or NaN where that is not
 * trustworthy (see the limits above). With ε = a−1 and c = a+b+x−1 the bracket is
 * 1 − (1−z)^ε·₂F₁(c−r−x, ε; c; z), so E[Y(t)]/P(alive) = c·(1 − (1−z)^ε)/ε − (1−z)^ε·(c/ε)·(₂F₁ − 1),
 * both parts computed without dividing by ε or c (expm1, scaledHyp2f1Excess): a = 1 and a+b+x = 1,
 * removable singularities of eq. 10, need no special case.
 */
function seriesExpectation({ r, alpha, a, b }: BgNbdParams, x: number, T: number, t: number): number {
  const epsilon = a - 1;
  const c = a + b + x - 1;
  const R = r + x;
  if (!(a <= SERIES_MAX_A && c - R > -1)) return NaN;
  const oneMinusZ = (alpha + T) / (alpha + T + t);
  if ((Math.max(epsilon, 0) + 40) / oneMinusZ > SERIES_MAX_TERMS) return NaN;
  const z = t / (alpha + T + t);
  const ln1mz = -Math.log1p(t / (alpha + T)); // ln(1−z), accurate for small t
  const growth = epsilon === 0 ? -ln1mz : -Math.expm1(epsilon * ln1mz) / epsilon; // (1 − (1−z)^ε)/ε
  const main = c * growth;
  const correction = Math.exp(epsilon * ln1mz) * scaledHyp2f1Excess(c - R, epsilon, c, z, { maxTerms: 10 * SERIES_MAX_TERMS });
  const value = main - correction;
  if (!(value > 0 && Math.max(Math.abs(main), Math.abs(correction)) <= SERIES_MAX_CANCELLATION * value)) return NaN;
  return value;
}

function checkHorizon(t: number): void {
  if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`BG/NBD: horizon t must be finite and ≥ 0 (got ${t})`);
}

/**
 * Expected number of repeat purchases in (T, T+t] for a customer with history (x, t_x, T), FHL 2005
 * eq. 10:
 *   E[Y(t)] = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] / D,
 *   z = t/(α+T+t), D = 1 + δ·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)  (1/D is P(alive)).
 * Evaluated by the Euler-transformed series where that is short and accurate (the usual fits), else by
 * the equivalent Beta integral (beta-quadrature.ts): large a and b (fits that ran off to a boundary),
 * horizons with z → 1, tiny r or huge b. Finite, ≥ 0, non-decreasing in t and ≤ P(alive)·(r+x)·t/(α+T)
 * for all positive finite parameters.
 */
export function expectedPurchases(
  params: BgNbdParams,
  history: CustomerHistory,
  t: number,
  options: { method?: ExpectationMethod } = {},
): number {
  checkHistory(history);
  checkHorizon(t);
  if (t === 0) return 0;
  const method = options.method ?? "auto";
  const alive = probabilityAlive(params, history);
  const { frequency: x, T } = history;
  const R = params.r + x;
  const s = t / (params.alpha + T);
  // E[Y] = P(alive)·R·s·E[κ(ps)] with 1 − (R+1)s/2 ≤ E[κ] ≤ 1 (beta-quadrature.ts): exact to double
  // precision here, and it avoids the subnormal arithmetic of the series at such horizons.
  if ((R + 1) * s < 1e-17) return alive * R * s;
  if (method !== "quadrature") {
    const value = seriesExpectation(params, x, T, t);
    if (!Number.isNaN(value) || method === "series") return value * alive;
  }
  return at(expectedPurchasesCurve(params, history, [t], { method: "quadrature" }), 0, "curve");
}

/**
 * E[Y(t)] for several horizons at once (discountedClv's monthly grid). One method is chosen for the
 * whole grid, and the quadrature's nodes are shared, so the values are non-decreasing in t.
 */
export function expectedPurchasesCurve(
  params: BgNbdParams,
  history: CustomerHistory,
  times: readonly number[],
  options: { method?: ExpectationMethod } = {},
): number[] {
  checkHistory(history);
  let tMax = 0;
  for (const t of times) {
    checkHorizon(t);
    tMax = Math.max(tMax, t);
  }
  const alive = probabilityAlive(params, history);
  const { r, alpha, a, b } = params;
  const { frequency: x, T } = history;
  const R = r + x;
  const method = options.method ?? "auto";
  // The series' term count grows with t: try the longest horizon first, then the rest; if any horizon
  // is outside its limits the whole grid goes to the quadrature.
  if (method === "series" || (method === "auto" && tMax > 0 && !Number.isNaN(seriesExpectation(params, x, T, tMax)))) {
    const values = times.map((t) => {
      const s = t / (alpha + T);
      return (R + 1) * s < 1e-17 ? alive * R * s : seriesExpectation(params, x, T, t) * alive;
    });
    if (method === "series" || !values.some(Number.isNaN)) return nonDecreasing(times, values);
  }
  const s = times.map((t) => t / (alpha + T));
  const share = new Float64Array(s.length);
  meanDropoutFactor(a, b + x, R, s, share);
  return nonDecreasing(
    times,
    s.map((si, i) => {
      const kept = share[i];
      if (kept === undefined) throw indexError("share", i, share.length);
      return alive * R * si * kept;
    }),
  );
}

/**
 * Running maximum over increasing t. Once E[Y] has levelled off (every customer gone), R·s·E[κ] is
 * a product whose last bits wobble by an ulp from month to month; the true curve never decreases.
 */
function nonDecreasing(times: readonly number[], values: number[]): number[] {
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) {
    const previous = times[i - 1];
    const current = times[i];
    sorted = previous !== undefined && current !== undefined && previous <= current;
  }
  const order = sorted ? values.keys() : Array.from(values.keys()).sort((i, j) => at(times, i, "times") - at(times, j, "times"));
  let max = -Infinity;
  for (const i of order) {
    const value = values[i];
    if (value === undefined) throw indexError("values", i, values.length);
    if (value < max) values[i] = max;
    else max = value;
  }
  return values;
}

/**
 * Expected repeat purchases in (0, t] for a customer just acquired (FHL 2005 eq. 9):
 * E[X(t)] = (a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))], which is eq. 10 at x = t_x = T = 0.
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number, options: { method?: ExpectationMethod } = {}): number {
  return expectedPurchases(params, { frequency: 0, recency: 0, T: 0 }, t, options);
}
