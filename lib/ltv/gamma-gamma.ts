// Gamma-Gamma model of spend per transaction: Fader, Hardie & Lee (2005), "RFM and CLV: Using
// Iso-Value Curves for Customer Base Analysis", JMR 42(4), and Hardie's note 025 "The Gamma-Gamma
// Model of Monetary Value" (2013). Money values are plain numbers here (callers convert Decimal with
// Number(); the model is a statistical estimate, so binary floating point is adequate).

import { at, at2, indexError } from "./arrays";
import { digamma, lnGamma } from "./special";
import { hessianFromGradient, invertPositiveDefinite, minimize, type Objective } from "./optimize";

export interface GammaGammaParams {
  /** Gamma shape of each transaction's value around the customer's mean. */
  p: number;
  /** Gamma shape and rate of the customers' spend-rate distribution. */
  q: number;
  v: number;
}

export interface GammaGammaData {
  /** x: number of repeat transactions. Rows with x = 0 carry no spend information and are skipped. */
  frequency: ArrayLike<number>;
  /** m (z̄ in note 025): mean value of the repeat transactions; must be > 0 where x > 0. */
  monetaryValue: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

export interface GammaGammaFitOptions {
  /**
   * lifetimes' convention, penalizer × (p² + q² + v²) added to the mean negative LL, except that v is
   * taken in rescaled money (mean m = 1) rather than the raw currency unit, so the penalty does not
   * depend on whether amounts are in euros or cents. Default 0.
   */
  penalizer?: number;
  initialParams?: GammaGammaParams;
  maxIterations?: number;
  skipStandardErrors?: boolean;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  /** Total log-likelihood over the repeat customers, without the penalty (note 025, eq. 1a). */
  logLikelihood: number;
  standardErrors: GammaGammaParams | null;
  /** Repeat customers used (sum of weights of rows with x > 0). */
  customers: number;
  converged: boolean;
  /**
   * True when a parameter runs off towards 0 or ∞ (|ln p| > 10, money rescaled to mean 1) or q sits
   * on its lower bound, e.g. when every order has the same value (p → ∞).
   */
  divergent: boolean;
  iterations: number;
  evaluations: number;
  penalizer: number;
}

/** θ = (ln p, ln q, ln v): a start or a bound of the fit. */
type LogParams = [number, number, number];

// Bounds on log-parameters with money rescaled to mean 1. An unbounded optimiser can run off to
// p ≈ 1e25 where lnΓ differences lose all precision (docs/reference/clv-reference.md); e^12 ≈ 1.6e5 keeps them exact.
// q is held above 1 + 1e-4: below 1 the population mean v·p/(q−1) (and so E[M] for new or
// one-purchase customers) does not exist (lifetimes' q_constraint has the same purpose).
const LOWER: LogParams = [-12, Math.log(1 + 1e-4), -12];
const UPPER: LogParams = [12, 12, 12];
// Reported as divergent: beyond e^±10, or q on its bound (CDNOW's log-parameters are within ±3).
const isDivergent = (logParams: ArrayLike<number>) =>
  Array.from(logParams).some((t, i) => Math.abs(t) > 10 || t < at(LOWER, i, "LOWER") + 1e-3);

interface PreparedData {
  rows: number;
  xIndex: Int32Array;
  /** ln m per row (m rescaled), constant during the fit. */
  lnM: Float64Array;
  m: Float64Array;
  weight: Float64Array;
  xValues: Float64Array;
  lnXValues: Float64Array;
  totalWeight: number;
  /** Money unit of the fit: the weighted mean of m, so rescaled m has mean 1. */
  scale: number;
}

function prepare(data: GammaGammaData): PreparedData {
  const n = data.frequency.length;
  if (data.monetaryValue.length !== n || (data.weight && data.weight.length !== n)) {
    throw new RangeError("Gamma-Gamma: frequency, monetaryValue (and weight) must have the same length");
  }
  const rows: number[] = [];
  let weightedSpend = 0;
  let totalWeight = 0;
  // A hole in an input column (undefined) fails the same checks as a non-number.
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const m = data.monetaryValue[i];
    const w = data.weight ? data.weight[i] : 1;
    if (x === undefined || !Number.isInteger(x) || x < 0)
      throw new RangeError(`Gamma-Gamma: row ${i}: frequency must be a non-negative integer (got ${x})`);
    if (w === undefined || !(Number.isFinite(w) && w > 0)) throw new RangeError(`Gamma-Gamma: row ${i}: weight must be > 0 (got ${w})`);
    if (x === 0) continue;
    if (m === undefined || !(Number.isFinite(m) && m > 0))
      throw new RangeError(`Gamma-Gamma: row ${i}: monetary value must be > 0 when frequency > 0 (got ${m})`);
    rows.push(i);
    weightedSpend += w * m;
    totalWeight += w;
  }
  if (rows.length === 0) throw new RangeError("Gamma-Gamma: no customer with frequency > 0");
  // Money is rescaled to mean 1 (like time in the BG/NBD fit) so that v is O(1) whatever the currency.
  const scale = weightedSpend / totalWeight;
  const xIndexOf = new Map<number, number>();
  const xValues: number[] = [];
  const prepared: PreparedData = {
    rows: rows.length,
    xIndex: new Int32Array(rows.length),
    lnM: new Float64Array(rows.length),
    m: new Float64Array(rows.length),
    weight: new Float64Array(rows.length),
    xValues: new Float64Array(0),
    lnXValues: new Float64Array(0),
    totalWeight,
    scale,
  };
  rows.forEach((i, k) => {
    const x = data.frequency[i];
    const spend = data.monetaryValue[i];
    const w = data.weight ? data.weight[i] : 1;
    if (x === undefined || spend === undefined || w === undefined) throw indexError("Gamma-Gamma rows", i, n);
    let xi = xIndexOf.get(x);
    if (xi === undefined) {
      xi = xValues.length;
      xValues.push(x);
      xIndexOf.set(x, xi);
    }
    const m = spend / scale;
    prepared.xIndex[k] = xi;
    prepared.m[k] = m;
    prepared.lnM[k] = Math.log(m);
    prepared.weight[k] = w;
  });
  prepared.xValues = Float64Array.from(xValues);
  prepared.lnXValues = prepared.xValues.map(Math.log);
  return prepared;
}

/** The parameters from θ = ln(p, q, v), the optimiser's coordinates (v in the fit's money unit). */
function paramsFromLog(theta: ArrayLike<number>): GammaGammaParams {
  return { p: Math.exp(at(theta, 0, "θ")), q: Math.exp(at(theta, 1, "θ")), v: Math.exp(at(theta, 2, "θ")) };
}

/**
 * Mean negative log-likelihood (+ penalty) over θ = ln(p, q, v) with analytic gradient. Per customer
 * (note 025, eq. 1a, as logs):
 *   LL = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(x·m + v)
 * The Γ terms depend on x only and are computed once per distinct x; the row loop does one log.
 */
function makeObjective(d: PreparedData, penalizer: number): Objective {
  const k = d.xValues.length;
  const constant = new Float64Array(k);
  const dConstP = new Float64Array(k); // ψ(px+q) − ψ(px) + ln x, per x
  const dConstQ = new Float64Array(k); // ψ(px+q), per x
  return (theta, gradient) => {
    const { p, q, v } = paramsFromLog(theta);
    const lnV = Math.log(v);
    const shared = q * lnV - lnGamma(q);
    for (const [j, x] of d.xValues.entries()) {
      const px = p * x;
      const lnX = at(d.lnXValues, j, "lnXValues");
      constant[j] = shared + lnGamma(px + q) - lnGamma(px) + px * lnX;
      if (gradient) {
        const psiPXQ = digamma(px + q);
        dConstP[j] = psiPXQ - digamma(px) + lnX;
        dConstQ[j] = psiPXQ;
      }
    }
    const psiQ = gradient ? digamma(q) : 0;
    let ll = 0;
    let gP = 0;
    let gQ = 0;
    let gV = 0;
    const { xIndex, lnM, m, weight, xValues } = d;
    // The hot loop reads its typed arrays directly and checks each value where it is used (see indexError).
    for (let i = 0; i < d.rows; i++) {
      const j = xIndex[i];
      if (j === undefined) throw indexError("rows", i, d.rows);
      const x = xValues[j];
      const mi = m[i];
      if (x === undefined || mi === undefined) throw indexError("rows", i, d.rows);
      const px = p * x;
      const spendPlusV = x * mi + v;
      const lnSpendPlusV = Math.log(spendPlusV);
      const w = weight[i];
      const xConstant = constant[j];
      const lnMi = lnM[i];
      if (w === undefined || xConstant === undefined || lnMi === undefined) throw indexError("rows", i, d.rows);
      ll += w * (xConstant + (px - 1) * lnMi - (px + q) * lnSpendPlusV);
      if (gradient) {
        const dP = dConstP[j];
        const dQ = dConstQ[j];
        if (dP === undefined || dQ === undefined) throw indexError("x values", j, k);
        gP += w * x * (dP + lnMi - lnSpendPlusV);
        gQ += w * (dQ - psiQ + lnV - lnSpendPlusV);
        gV += w * (q / v - (px + q) / spendPlusV);
      }
    }
    const scale = 1 / d.totalWeight;
    if (gradient) {
      gradient[0] = -gP * p * scale + 2 * penalizer * p * p;
      gradient[1] = -gQ * q * scale + 2 * penalizer * q * q;
      gradient[2] = -gV * v * scale + 2 * penalizer * v * v;
    }
    return -ll * scale + penalizer * (p * p + q * q + v * v);
  };
}

// Rescaling money by 1/s multiplies each customer's density of m̄ by s (a Jacobian), so
// LL(original) = LL(rescaled) − Σ w·ln s.
function originalUnitLogLikelihood(d: PreparedData, theta: Float64Array): number {
  return -makeObjective(d, 0)(theta) * d.totalWeight - d.totalWeight * Math.log(d.scale);
}

/** Total Gamma-Gamma log-likelihood (note 025, eq. 1a) of the repeat customers at `params`. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: GammaGammaData): number {
  const prepared = prepare(data);
  const theta = Float64Array.of(Math.log(params.p), Math.log(params.q), Math.log(params.v / prepared.scale));
  return originalUnitLogLikelihood(prepared, theta);
}

/**
 * Maximum-likelihood fit on the customers with x > 0 (the others are ignored), over bounded
 * log-parameters with money rescaled to mean 1.
 */
export function fitGammaGamma(data: GammaGammaData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const penalizer = options.penalizer ?? 0;
  if (!(Number.isFinite(penalizer) && penalizer >= 0)) throw new RangeError("Gamma-Gamma: penalizer must be ≥ 0");
  const prepared = prepare(data);
  const objective = makeObjective(prepared, penalizer);
  // Starts with population mean v·p/(q−1) = 1, the rescaled observed mean: a diffuse one and a
  // concentrated one. The second is only used if a run ends unconverged or divergent, as runs from a
  // poor start can (the likelihood has a ridge towards p → ∞, docs/reference/clv-reference.md).
  const defaults: [LogParams, LogParams] = [
    [0, Math.log(3), Math.log(2)],
    [Math.log(10), Math.log(3), Math.log(0.2)],
  ];
  const { initialParams } = options;
  const [start, ...alternativeStarts]: [LogParams, ...LogParams[]] = initialParams
    ? [[Math.log(initialParams.p), Math.log(initialParams.q), Math.log(initialParams.v / prepared.scale)], ...defaults]
    : defaults;
  const result = minimize(objective, start, {
    lower: LOWER,
    upper: UPPER,
    maxIterations: options.maxIterations ?? 500,
    alternativeStarts,
    retryIf: isDivergent,
  });
  const theta = result.x;
  const rescaled = paramsFromLog(theta);
  const params: GammaGammaParams = { ...rescaled, v: rescaled.v * prepared.scale };
  let standardErrors: GammaGammaParams | null = null;
  if (!options.skipStandardErrors) {
    // Rescaling money only shifts ln v, so this Hessian over log-parameters holds in the original unit.
    const hessian = hessianFromGradient(objective, theta).map((row) => row.map((h) => h * prepared.totalWeight));
    const inverse = invertPositiveDefinite(hessian);
    if (inverse) {
      // θ's order: p, q, v.
      const se = (value: number, i: number) => value * Math.sqrt(at2(inverse, i, i, "inverse"));
      standardErrors = { p: se(params.p, 0), q: se(params.q, 1), v: se(params.v, 2) };
    }
  }
  const divergent = isDivergent(theta);
  return {
    params,
    logLikelihood: originalUnitLogLikelihood(prepared, theta),
    standardErrors,
    customers: prepared.totalWeight,
    converged: result.converged,
    divergent,
    iterations: result.iterations,
    evaluations: result.evaluations,
    penalizer,
  };
}

/**
 * Conditional expected average transaction value E[M | x, m] (note 025, eq. 5): a weighted average of
 * the population mean v·p/(q−1) and the customer's own mean m, with weight w = px/(px+q−1) on m.
 * For x = 0 this is the population mean. Requires q > 1 (fitGammaGamma guarantees it).
 */
export function expectedAverageOrderValue(params: GammaGammaParams, frequency: number, monetaryValue: number): number {
  const { p, q, v } = params;
  if (!(q > 1)) throw new RangeError(`Gamma-Gamma: q must be > 1 for a finite mean spend (got ${q})`);
  if (!(Number.isFinite(frequency) && frequency >= 0)) throw new RangeError(`Gamma-Gamma: frequency must be ≥ 0 (got ${frequency})`);
  const populationMean = (v * p) / (q - 1);
  if (frequency === 0) return populationMean;
  if (!(Number.isFinite(monetaryValue) && monetaryValue >= 0))
    throw new RangeError(`Gamma-Gamma: monetary value must be ≥ 0 (got ${monetaryValue})`);
  const weight = (p * frequency) / (p * frequency + q - 1);
  return (1 - weight) * populationMean + weight * monetaryValue;
}
