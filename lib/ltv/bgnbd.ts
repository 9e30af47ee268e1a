// BG/NBD model of repeat purchasing: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy
// Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284 (FHL 2005 below).
// Pure functions: no I/O, no clock. Time is in whatever unit the summary uses (days or weeks).

import { at, at2, indexError } from "./arrays";
import { digamma, lnGamma } from "./special";
import { hessianFromGradient, invertPositiveDefinite, minimize, type Objective } from "./optimize";

export interface BgNbdParams {
  /** Gamma shape of the purchase rate λ across customers. */
  r: number;
  /** Gamma rate (scale of time) of λ, in the data's time unit. */
  alpha: number;
  /** Beta shape parameters of the dropout probability p after each purchase. */
  a: number;
  b: number;
}

/** One customer's repeat-purchase history in the lifetimes convention (see rfm.ts). */
export interface CustomerHistory {
  /** x: number of repeat purchase periods. */
  frequency: number;
  /** t_x: time from the first to the last purchase. */
  recency: number;
  /** T: time from the first purchase to the as-of date. */
  T: number;
}

/** Column-oriented input; number[] or typed arrays. `weight` counts customers sharing a row. */
export interface BgNbdData {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

export interface BgNbdFitOptions {
  /**
   * L2 penalty in lifetimes' convention: penalizer × (r² + α² + a² + b²) is added to the MEAN negative
   * log-likelihood, with α in rescaled time (max T = 1). Default 0 (plain maximum likelihood).
   */
  penalizer?: number;
  /** Starting point (in the data's time unit). Default r = α' = a = b = 1 with α' in rescaled time. */
  initialParams?: BgNbdParams;
  maxIterations?: number;
  /** Skip the Hessian (standard errors null); saves ~8 gradient evaluations. */
  skipStandardErrors?: boolean;
  /**
   * Return as soon as the first BFGS run heads off to a bound (`divergent`), without the Nelder–Mead
   * restarts: for callers that refit with a penalizer in that case anyway. On the 100 000-account
   * demo data the restarts cost 2 900 evaluations (16 s) only to confirm a and b → ∞.
   */
  stopWhenDivergent?: boolean;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood Σ wᵢ·LLᵢ at `params`, in the data's time unit, without the penalty. */
  logLikelihood: number;
  /** se_i = p_i·√((H⁻¹)_ii), H the Hessian of the total (penalised) negative LL over log-parameters; null when H is not positive definite. */
  standardErrors: BgNbdParams | null;
  /** Number of customers (sum of weights). */
  customers: number;
  /** Distinct (x, t_x, T) rows the likelihood loop actually ran over. */
  distinctRows: number;
  converged: boolean;
  /**
   * True when a parameter runs off towards 0 or ∞ (|ln p| > 10 in rescaled time): the data do not
   * identify it (typically too few repeat customers), so predictions deserve little trust. See
   * isUsableFit, and isDivergentEstimate for stored parameters.
   */
  divergent: boolean;
  iterations: number;
  evaluations: number;
  penalizer: number;
}

// Safety box for the log-parameters (in rescaled time): e^±15 ≈ 3e6 / 3e-7. Interior optima are far
// from it; degenerate data would otherwise drive a parameter to 0 or ∞ and the arithmetic to overflow.
const LOG_PARAM_BOUND = 15;
// Beyond e^±10 an estimate is reported as divergent (CDNOW's are within e^±2.5).
const isDivergent = (logParams: ArrayLike<number>) => Array.from(logParams).some((t) => Math.abs(t) > 10);

/**
 * The data as the likelihood loop wants it: identical rows collapsed into one weighted row (as Fader &
 * Hardie do in their spreadsheets, and lifetimes' `weights`), split into customers without repeat
 * purchases (their LL depends on T only) and repeat customers, times multiplied by `timeScale`.
 */
interface PreparedData {
  /**
   * Every distinct time (t_x or T, rescaled). Summaries count whole days, so a million customers
   * hold a few thousand distinct times: ln(α+t) and 1/(α+t) are computed once per time per
   * evaluation, and the rows read them by index (the same values, so the same fit to the bit).
   */
  times: Float64Array;
  /** x = 0 customers, one row per distinct T (an index into times). */
  zeroRows: number;
  zeroT: Int32Array;
  zeroWeight: Float64Array;
  zeroTotalWeight: number;
  /** x > 0 customers, one row per distinct (x, t_x, T); x indexed into xValues, t_x and T into times. */
  repeatRows: number;
  xIndex: Int32Array;
  recency: Int32Array;
  T: Int32Array;
  weight: Float64Array;
  xValues: Float64Array;
  totalWeight: number;
  /** Σ w·x, for moving the log-likelihood between time scales. */
  weightedFrequency: number;
}

function validate(data: BgNbdData): void {
  const n = data.frequency.length;
  if (data.recency.length !== n || data.T.length !== n || (data.weight && data.weight.length !== n)) {
    throw new RangeError("BG/NBD: frequency, recency, T (and weight) must have the same length");
  }
  if (n === 0) throw new RangeError("BG/NBD: no customers");
  // A hole in an input column (undefined) fails the same checks as a non-number.
  for (let i = 0; i < n; i++) {
    const x = data.frequency[i];
    const tx = data.recency[i];
    const T = data.T[i];
    if (x === undefined || !Number.isInteger(x) || x < 0)
      throw new RangeError(`BG/NBD: row ${i}: frequency must be a non-negative integer (got ${x})`);
    if (T === undefined || !(Number.isFinite(T) && T >= 0)) throw new RangeError(`BG/NBD: row ${i}: T must be finite and ≥ 0 (got ${T})`);
    if (tx === undefined || !(Number.isFinite(tx) && tx >= 0 && tx <= T))
      throw new RangeError(`BG/NBD: row ${i}: recency must be in [0, T] (got ${tx}, T ${T})`);
    if (x === 0 && tx !== 0) throw new RangeError(`BG/NBD: row ${i}: recency must be 0 when frequency is 0 (got ${tx})`);
    const w = data.weight ? data.weight[i] : 1;
    if (w === undefined || !(Number.isFinite(w) && w > 0)) throw new RangeError(`BG/NBD: row ${i}: weight must be > 0 (got ${w})`);
  }
}

// Bit views for hashing doubles exactly (a string key per row costs ~10× more at 100k rows).
const hashFloat = new Float64Array(1);
const hashWords = new Uint32Array(hashFloat.buffer);

function mixDouble(hash: number, value: number): number {
  hashFloat[0] = value + 0; // +0 folds −0 into 0
  const low = hashWords[0];
  const high = hashWords[1];
  if (low === undefined || high === undefined) throw indexError("hashWords", 1, hashWords.length);
  const h = Math.imul(hash ^ low, 0x01000193); // FNV-1a step per 32-bit word
  return Math.imul(h ^ high, 0x01000193);
}

function hashRow(x: number, tx: number, T: number): number {
  const h = mixDouble(mixDouble(mixDouble(0x811c9dc5, x), tx), T);
  return (h ^ (h >>> 15)) >>> 0;
}

function prepare(data: BgNbdData, timeScale: number): PreparedData {
  const n = data.frequency.length;
  const { frequency, recency, T } = data;
  // Open-addressing hash table from row content to distinct-row id; equality is checked on the values.
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const firstRow = new Int32Array(n);
  const distinctWeight = new Float64Array(n);
  let distinct = 0;
  let totalWeight = 0;
  let weightedFrequency = 0;
  for (let i = 0; i < n; i++) {
    const x = frequency[i];
    const tx = recency[i];
    const age = T[i];
    const w = data.weight ? data.weight[i] : 1;
    if (x === undefined || tx === undefined || age === undefined || w === undefined) throw indexError("BG/NBD rows", i, n);
    totalWeight += w;
    weightedFrequency += w * x;
    for (let h = hashRow(x, tx, age) & mask; ; h = (h + 1) & mask) {
      const id = slots[h];
      if (id === undefined) throw indexError("slots", h, capacity);
      if (id < 0) {
        slots[h] = distinct;
        firstRow[distinct] = i;
        distinctWeight[distinct] = w;
        distinct++;
        break;
      }
      const j = firstRow[id];
      if (j === undefined) throw indexError("distinct rows", id, distinct);
      if (frequency[j] === x && recency[j] === tx && T[j] === age) {
        const weightSoFar = distinctWeight[id];
        if (weightSoFar === undefined) throw indexError("distinct rows", id, distinct);
        distinctWeight[id] = weightSoFar + w;
        break;
      }
    }
  }
  let zeroRows = 0;
  for (let id = 0; id < distinct; id++) {
    const i = firstRow[id];
    if (i === undefined) throw indexError("distinct rows", id, distinct);
    if (frequency[i] === 0) zeroRows++;
  }
  const prepared: PreparedData = {
    times: new Float64Array(0),
    zeroRows,
    zeroT: new Int32Array(zeroRows),
    zeroWeight: new Float64Array(zeroRows),
    zeroTotalWeight: 0,
    repeatRows: distinct - zeroRows,
    xIndex: new Int32Array(distinct - zeroRows),
    recency: new Int32Array(distinct - zeroRows),
    T: new Int32Array(distinct - zeroRows),
    weight: new Float64Array(distinct - zeroRows),
    xValues: new Float64Array(0),
    totalWeight,
    weightedFrequency,
  };
  const xIndexOf = new Map<number, number>();
  const shared = sharedTimes(data, firstRow, distinct, timeScale);
  const ownTimes: number[] = [];
  const timeIndex = (time: number) => {
    if (!shared) return ownTimes.push(time) - 1;
    const index = shared.get(time);
    if (index === undefined) throw indexError("shared times", time, shared.size);
    return index;
  };
  let z = 0;
  let k = 0;
  for (let id = 0; id < distinct; id++) {
    const i = firstRow[id];
    if (i === undefined) throw indexError("distinct rows", id, distinct);
    const x = frequency[i];
    const tx = recency[i];
    const age = T[i];
    const w = distinctWeight[id];
    if (x === undefined || tx === undefined || age === undefined || w === undefined) throw indexError("BG/NBD rows", i, n);
    if (x === 0) {
      prepared.zeroT[z] = timeIndex(age * timeScale);
      prepared.zeroWeight[z] = w;
      prepared.zeroTotalWeight += w;
      z++;
      continue;
    }
    let xi = xIndexOf.get(x);
    if (xi === undefined) {
      xi = xIndexOf.size;
      xIndexOf.set(x, xi);
    }
    prepared.xIndex[k] = xi;
    prepared.recency[k] = timeIndex(tx * timeScale);
    prepared.T[k] = timeIndex(age * timeScale);
    prepared.weight[k] = w;
    k++;
  }
  prepared.xValues = Float64Array.from(xIndexOf.keys());
  prepared.times = Float64Array.from(shared ? shared.keys() : ownTimes);
  return prepared;
}

// Whole-day summaries hold a few thousand distinct times; continuous ones (simulated data) one per
// row, where a shared table would only add a hash map and scattered reads: each row gets its own.
const MAX_SHARED_TIMES = 1 << 16;

/**
 * Every distinct time of the distinct rows (t_x and T, times timeScale) → its index in the times
 * table, when there are at most MAX_SHARED_TIMES of them; else null (each row its own entries).
 */
function sharedTimes(data: BgNbdData, firstRow: Int32Array, distinct: number, timeScale: number): Map<number, number> | null {
  const indexOf = new Map<number, number>();
  const add = (time: number) => {
    if (!indexOf.has(time)) indexOf.set(time, indexOf.size);
  };
  for (let id = 0; id < distinct; id++) {
    const i = firstRow[id];
    if (i === undefined) throw indexError("distinct rows", id, distinct);
    const tx = data.recency[i];
    const age = data.T[i];
    if (tx === undefined || age === undefined) throw indexError("BG/NBD rows", i, data.T.length);
    add(tx * timeScale);
    add(age * timeScale);
    if (indexOf.size > MAX_SHARED_TIMES) return null;
  }
  return indexOf;
}

/** The parameters from θ = ln(r, α, a, b), the optimiser's coordinates (α in the θ's time unit). */
function paramsFromLog(theta: ArrayLike<number>): BgNbdParams {
  return {
    r: Math.exp(at(theta, 0, "θ")),
    alpha: Math.exp(at(theta, 1, "θ")),
    a: Math.exp(at(theta, 2, "θ")),
    b: Math.exp(at(theta, 3, "θ")),
  };
}

/**
 * Mean negative log-likelihood (+ penalty) over log-parameters θ = ln(r, α, a, b), with its analytic
 * gradient. Per customer (Hardie note 027, the overflow-safe form of FHL 2005 eq. 6):
 *   LL = lnΓ(r+x) − lnΓ(r) + r ln α + lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
 *        − (r+x) ln(α+t_x) + ln[ ((α+t_x)/(α+T))^(r+x) + δ·a/(b+x−1) ]
 * For x = 0 (so t_x = 0) the Γ terms cancel and LL = r·ln α − r·ln(α+T): one log per row. For x > 0
 * everything that depends on x only is computed once per distinct x, ln(α+t) and 1/(α+t) once per
 * distinct time, and the row loop does one log and one exp. The loops allocate nothing.
 */
function makeObjective(d: PreparedData, penalizer: number): Objective {
  const k = d.xValues.length;
  const { times } = d;
  const timeCount = times.length;
  const lnTime = new Float64Array(timeCount); // ln(α+t)
  const invTime = new Float64Array(timeCount); // 1/(α+t)
  const constant = new Float64Array(k); // x-only part of LL
  const dropTerm = new Float64Array(k); // a/(b+x−1)
  const invBX = new Float64Array(k); // 1/(b+x−1)
  const dConstR = new Float64Array(k);
  const dConstA = new Float64Array(k);
  const dConstB = new Float64Array(k);
  return (theta, gradient) => {
    const { r, alpha, a, b } = paramsFromLog(theta);
    const lnAlpha = Math.log(alpha);
    for (let j = 0; j < timeCount; j++) {
      const time = times[j];
      if (time === undefined) throw indexError("times", j, timeCount);
      lnTime[j] = Math.log(alpha + time);
      if (gradient) invTime[j] = 1 / (alpha + time);
    }
    const shared = r * lnAlpha - lnGamma(r) + lnGamma(a + b) - lnGamma(b);
    for (let j = 0; j < k; j++) {
      const x = d.xValues[j];
      if (x === undefined) throw indexError("x values", j, k);
      constant[j] = shared + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x);
      const inverse = 1 / (b + x - 1);
      invBX[j] = inverse;
      dropTerm[j] = a * inverse;
    }
    if (gradient) {
      const psiR = digamma(r);
      const psiAB = digamma(a + b);
      const psiB = digamma(b);
      for (let j = 0; j < k; j++) {
        const x = d.xValues[j];
        if (x === undefined) throw indexError("x values", j, k);
        const psiABX = digamma(a + b + x);
        dConstR[j] = digamma(r + x) - psiR + lnAlpha;
        dConstA[j] = psiAB - psiABX;
        dConstB[j] = psiAB + digamma(b + x) - psiB - psiABX;
      }
    }
    // Customers without repeat purchases.
    const { zeroRows, zeroT, zeroWeight, zeroTotalWeight } = d;
    let sumLnT0 = 0; // Σ w ln(α+T)
    let sumInvT0 = 0; // Σ w /(α+T)
    // The hot loops read their typed arrays directly and check each value where it is used (see indexError).
    for (let i = 0; i < zeroRows; i++) {
      const w = zeroWeight[i];
      const age = zeroT[i];
      if (w === undefined || age === undefined) throw indexError("zero rows", i, zeroRows);
      const lnT = lnTime[age];
      const time = times[age];
      if (lnT === undefined || time === undefined) throw indexError("times", age, timeCount);
      sumLnT0 += w * lnT;
      if (gradient) sumInvT0 += w / (alpha + time); // a division, not w·(1/(α+T)): the same bits as per row
    }
    let ll = r * (zeroTotalWeight * lnAlpha - sumLnT0);
    let gR = zeroTotalWeight * lnAlpha - sumLnT0;
    let gAlpha = r * (zeroTotalWeight / alpha - sumInvT0);
    let gA = 0;
    let gB = 0;
    // Repeat customers.
    const { repeatRows, xIndex, recency, T, weight, xValues } = d;
    for (let i = 0; i < repeatRows; i++) {
      const j = xIndex[i];
      if (j === undefined) throw indexError("repeat rows", i, repeatRows);
      const x = xValues[j];
      const tx = recency[i];
      const age = T[i];
      if (x === undefined || tx === undefined || age === undefined) throw indexError("repeat rows", i, repeatRows);
      const rx = r + x;
      const lnTx = lnTime[tx];
      const lnT = lnTime[age];
      if (lnTx === undefined || lnT === undefined) throw indexError("times", i, timeCount);
      const survive = Math.exp(rx * (lnTx - lnT)); // ((α+t_x)/(α+T))^(r+x) ≤ 1: never overflows
      const drop = dropTerm[j];
      const w = weight[i];
      const xConstant = constant[j];
      if (drop === undefined || w === undefined || xConstant === undefined) throw indexError("repeat rows", i, repeatRows);
      const sum = survive + drop;
      ll += w * (xConstant - rx * lnTx + Math.log(sum));
      if (gradient) {
        const dR = dConstR[j];
        const dA = dConstA[j];
        const dB = dConstB[j];
        const invBx = invBX[j];
        if (dR === undefined || dA === undefined || dB === undefined || invBx === undefined) throw indexError("x values", j, k);
        const share = survive / sum;
        const invTx = invTime[tx];
        const invT = invTime[age];
        if (invTx === undefined || invT === undefined) throw indexError("times", i, timeCount);
        gR += w * (dR - lnTx + share * (lnTx - lnT));
        gAlpha += w * (r / alpha - rx * invTx + share * rx * (invTx - invT));
        const dropShare = drop / sum;
        gA += w * (dA + dropShare / a);
        gB += w * (dB - dropShare * invBx);
      }
    }
    const scale = 1 / d.totalWeight;
    const penalty = penalizer * (r * r + alpha * alpha + a * a + b * b);
    if (gradient) {
      // Chain rule to log-parameters: ∂/∂θ = p·∂/∂p; the penalty's derivative is 2·pen·p².
      gradient[0] = -gR * r * scale + 2 * penalizer * r * r;
      gradient[1] = -gAlpha * alpha * scale + 2 * penalizer * alpha * alpha;
      gradient[2] = -gA * a * scale + 2 * penalizer * a * a;
      gradient[3] = -gB * b * scale + 2 * penalizer * b * b;
    }
    return -ll * scale + penalty;
  };
}

/** Total BG/NBD log-likelihood Σ wᵢ·LLᵢ (Hardie note 027 form) of the data at `params`. */
export function bgNbdLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  validate(data);
  const prepared = prepare(data, 1);
  const objective = makeObjective(prepared, 0);
  const theta = Float64Array.of(Math.log(params.r), Math.log(params.alpha), Math.log(params.a), Math.log(params.b));
  return -objective(theta) * prepared.totalWeight;
}

/**
 * Maximum-likelihood fit of the BG/NBD model. Like lifetimes, time is rescaled so that max T = 1
 * during the fit (better-conditioned α) and α is scaled back afterwards; the optimiser works on
 * log-parameters (BFGS with the analytic gradient, Nelder–Mead restarts if that fails, see optimize.ts).
 */
export function fitBgNbd(data: BgNbdData, options: BgNbdFitOptions = {}): BgNbdFit {
  validate(data);
  const penalizer = options.penalizer ?? 0;
  if (!(Number.isFinite(penalizer) && penalizer >= 0)) throw new RangeError("BG/NBD: penalizer must be ≥ 0");
  let maxT = 0;
  for (let i = 0; i < data.T.length; i++) {
    const T = data.T[i];
    if (T === undefined) throw indexError("T", i, data.T.length);
    maxT = Math.max(maxT, T);
  }
  if (!(maxT > 0)) throw new RangeError("BG/NBD: every customer has T = 0; nothing to fit");
  const timeScale = 1 / maxT;
  const prepared = prepare(data, timeScale);
  // Without a single repeat purchase the likelihood only grows as r → 0 or α → ∞: there is no estimate.
  if (prepared.weightedFrequency === 0) throw new RangeError("BG/NBD: no customer has a repeat purchase; nothing to fit");
  const objective = makeObjective(prepared, penalizer);
  // Default start: every parameter 1 in rescaled time (lifetimes starts at e^0.1 ≈ 1.1). A caller's
  // start (e.g. last run's parameters) comes first, with the default as the fallback.
  const defaultStart = [0, 0, 0, 0];
  const bound = new Array(4).fill(LOG_PARAM_BOUND);
  const result = minimize(
    objective,
    options.initialParams
      ? [options.initialParams.r, options.initialParams.alpha * timeScale, options.initialParams.a, options.initialParams.b].map(Math.log)
      : defaultStart,
    {
      lower: bound.map((v) => -v),
      upper: bound,
      maxIterations: options.maxIterations ?? 500,
      alternativeStarts: options.initialParams ? [defaultStart] : [],
      retryIf: isDivergent,
      stopIf: options.stopWhenDivergent ? isDivergent : undefined,
    },
  );
  const theta = result.x;
  const rescaled = paramsFromLog(theta);
  const params: BgNbdParams = { ...rescaled, alpha: rescaled.alpha / timeScale };
  let standardErrors: BgNbdParams | null = null;
  if (!options.skipStandardErrors) {
    // The Hessian over log-parameters is the same in rescaled and original time (α only shifts ln α).
    const hessian = hessianFromGradient(objective, theta).map((row) => row.map((h) => h * prepared.totalWeight));
    const inverse = invertPositiveDefinite(hessian);
    if (inverse) {
      // θ's order: r, α, a, b.
      const se = (value: number, i: number) => value * Math.sqrt(at2(inverse, i, i, "inverse"));
      standardErrors = { r: se(params.r, 0), alpha: se(params.alpha, 1), a: se(params.a, 2), b: se(params.b, 3) };
    }
  }
  const divergent = isDivergent(theta);
  // Rescaling time by s changes each customer's LL by −x·ln s (the r·ln α and −(r+x)·ln(α+t_x) terms),
  // so the LL in the data's own unit is the rescaled one plus Σ w·x·ln s.
  const logLikelihood = -makeObjective(prepared, 0)(theta) * prepared.totalWeight + prepared.weightedFrequency * Math.log(timeScale);
  return {
    params,
    logLikelihood,
    standardErrors,
    customers: prepared.totalWeight,
    distinctRows: prepared.zeroRows + prepared.repeatRows,
    converged: result.converged,
    divergent,
    iterations: result.iterations,
    evaluations: result.evaluations,
    penalizer,
  };
}

/**
 * Whether stored parameters would have been reported as divergent by fitBgNbd on data whose longest
 * customer age is maxT (same unit as α): some |ln p| > 10 with α in rescaled time (α/maxT). Lets a
 * caller that kept only the parameters (not the whole fit) apply the same rule.
 */
export function isDivergentEstimate(params: BgNbdParams, maxT: number): boolean {
  if (!(Number.isFinite(maxT) && maxT > 0)) throw new RangeError(`BG/NBD: maxT must be > 0 (got ${maxT})`);
  const { r, alpha, a, b } = params;
  return ![r, alpha, a, b].every((p) => Number.isFinite(p) && p > 0) || isDivergent([r, alpha / maxT, a, b].map(Math.log));
}

/**
 * True when a fit's predictions can be shown as model output: the optimiser converged, no parameter ran
 * off to 0 or ∞ (`divergent`), and all are finite and positive. A divergent fit (e.g. a and b → ∞ when
 * the data carry little dropout signal) still gives finite, bounded predictions, but they rest on a
 * boundary of the parameter space, not an estimate: prefer the heuristics, or say so on screen.
 */
export function isUsableFit(fit: Pick<BgNbdFit, "params" | "converged" | "divergent">): boolean {
  const { r, alpha, a, b } = fit.params;
  return fit.converged && !fit.divergent && [r, alpha, a, b].every((p) => Number.isFinite(p) && p > 0);
}
