// BG/NBD conditional expectation as an integral over the dropout probability, for the parameters where
// the 2F1 series of eq. 10 fails (a, b large: slow and overflowing; horizons with z → 1; cancellation).
//
// Derivation (from the model's assumptions in FHL 2005): the likelihood of a customer alive at T with
// x repeats is λ^x·e^{−λT}·(1−p)^x, so given alive the posterior is λ ~ Gamma(r+x, α+T) and
// p ~ Beta(a, b+x), independent; an alive customer with (λ, p) expects (1 − e^{−λpt})/p purchases in
// the next t (FHL 2005's E[X(t) | λ, p], memoryless). Averaging over λ first,
//   E[Y(t)] = P(alive) · R·s · E_{p ~ Beta(a, B)}[κ(p·s)],   R = r+x, B = b+x, s = t/(α+T),
//   κ(u) = (1 − (1+u)^{−R}) / (R·u)  ∈ (0, 1],  decreasing and convex (completely monotone) in u.
// Expanding (1+ps)^{−R} and integrating term by term gives back eq. 10 (Euler's integral for 2F1), so
// this is the same quantity; test-checked against mpmath's hyp2f1 to 1e-12.
// κ ≤ 1 gives the bound E[Y(t)] ≤ P(alive)·R·s (never-dropping-out customer), κ(ps) ≥ κ(s) the bound
// E[Y(t)] ≥ P(alive)·(1 − (1+s)^{−R}); the result is clamped to them.
//
// The p-integral is done by the trapezoidal rule in w = logit(p), where the Beta density is log-concave
// and analytic in a strip, so the rule converges exponentially (Trefethen & Weideman 2014, "The
// exponentially convergent trapezoidal rule", SIAM Review 56(3) §5). κ(p(w)s) is analytic and bounded
// for |Im w| < π/2 whatever s is (|(1+ps)^{−R}| ≤ 1 there), so the error is ~e^{−π²/h} uniformly in
// the horizon; beyond π/2 it can grow like e^{R·s·e^w}, which is what limits the step.

import { indexError } from "./arrays";

/** Tail truncation target, relative to the result. */
const TOLERANCE = 1e-15;
/** Largest trapezoid step in logit(p): e^{−π²/0.25} ≈ 1e-17 (0.4 gave 8e-11 at R = 924, s = 6). */
const MAX_STEP = 0.25;
/** Steps per standard deviation of the logit-Beta near its mode, for concentrated Betas. */
const STEPS_PER_SD = 2.5;
/** Below this a or B the density tails in logit(p) decay too slowly (rate a or B): use the subtracted form. */
const DIRECT_MIN_SHAPE = 0.5;
const MAX_NODES_PER_SIDE = 100_000;

/** κ(u) = (1 − (1+u)^{−R})/(R·u), the share of a never-dropping customer's purchases kept; κ(0) = 1. */
export function dropoutFactor(R: number, u: number): number {
  // 1 − (R+1)u/2 is exact to ~((R+1)u)²/6 < 1e-16 there; below it R·u could underflow.
  if ((R + 1) * u < 1e-8) return 1 - ((R + 1) * u) / 2;
  return -Math.expm1(-R * Math.log1p(u)) / (R * u);
}

/** (1 − κ(u))/u, finite at u = 0 ((R+1)/2): the power series where 1 − κ would cancel. */
function dropoutSlope(R: number, u: number, kappa: number): number {
  if ((R + 2) * u >= 0.1) return (1 - kappa) / u;
  // 1 − κ(u) = Σ_{m≥1} (−1)^{m+1} (R+1)_m u^m/(m+1)!; term ratio −(R+m+1)u/(m+2), below 0.1 here.
  let term = (R + 1) / 2;
  let sum = term;
  for (let m = 1; m < 60 && Math.abs(term) > 1e-17 * Math.abs(sum); m++) {
    term *= (-(R + m + 1) * u) / (m + 2);
    sum += term;
  }
  return sum;
}

/** (κ(ps) − κ(s))/(1−p) ≥ 0, without the difference of nearly equal numbers as p → 1. */
function dropoutRise(R: number, p: number, q: number, s: number, kappaPs: number, kappaS: number, v: number, oneMinusV: number): number {
  if (q >= 0.5) return (kappaPs - kappaS) / q;
  // κ(ps) − κ(s) = [q(1−v(s)) − (v(ps) − v(s))]/(pRs), v(u) = (1+u)^{−R}, and
  // v(ps) − v(s) = −v(ps)·expm1(R·log1p(−qs/(1+s))) (argument ≤ 0: no overflow for large R).
  const drop = q === 0 ? (v * R * s) / (1 + s) : (-Math.exp(-R * Math.log1p(p * s)) * Math.expm1(R * Math.log1p((-q * s) / (1 + s)))) / q;
  return (oneMinusV - drop) / (p * R * s);
}

/**
 * out[i] = E[κ(p·s[i])] for p ~ Beta(a, B) (a, B > 0), κ as above with shape R > 0.
 *
 * In logit(p) the Beta density decays like e^{a·w} to the left and e^{−B·w} to the right, too slowly
 * to sum when a or B is small. Then the integrand is rewritten so that it vanishes at that end, using
 * E[p·g(p)] = a/(a+B)·E_{Beta(a+1,B)}[g] and E[(1−p)·g(p)] = B/(a+B)·E_{Beta(a,B+1)}[g]:
 *   a, B ≥ ½ ("direct"):  E[κ(ps)] over Beta(a, B) as it is;
 *   B < ½ ("right"):      κ(s) + B/(a+B)·E_{Beta(a,B+1)}[ρ],  ρ = (κ(ps) − κ(s))/(1−p) ≥ 0 (no cancellation);
 *   a < ½ ("left"):       1 − a/(a+B)·E_{Beta(a+1,B)}[λ],     λ = (1 − κ(ps))/p ≥ 0;
 *   both ("chord"):       (B + a·κ(s))/(a+B) − aB/((a+B)(a+B+1))·E_{Beta(a+1,B+1)}[λ − ρ].
 * The left and chord forms subtract; they lose at most ~log10(1/P(p < 1/(R·s))) digits, about 4 at
 * a = ½ and R·s = 1e9 (measured: ≤ 1e-11 relative).
 *
 * The nodes (and so the rounding) are shared by all horizons, so the results are monotone in s.
 */
export function meanDropoutFactor(a: number, B: number, R: number, s: readonly number[], out: Float64Array): void {
  let sMax = 0;
  for (const si of s) sMax = Math.max(sMax, si);
  if (sMax === 0) {
    out.fill(1, 0, s.length);
    return;
  }
  const smallA = a < DIRECT_MIN_SHAPE;
  const smallB = B < DIRECT_MIN_SHAPE;
  const shapeA = smallA ? a + 1 : a;
  const shapeB = smallB ? B + 1 : B;
  const shapeSum = shapeA + shapeB;
  const p0 = shapeA / shapeSum;
  const q0 = shapeB / shapeSum;
  // Factor in front of the integral in each form.
  const scale = smallA ? (smallB ? (a / (a + B)) * (B / (a + B + 1)) : a / (a + B)) : smallB ? B / (a + B) : 1;
  // Jensen (κ convex): E[κ(ps)] ≥ κ(E[p]·s). Tails are cut relative to this lower bound of the result.
  const lowerBound = dropoutFactor(R, (a / (a + B)) * sMax);
  const ceiling = ((R + 1) * sMax) / 2; // λ, ρ ≤ min((R+1)s/2, 1/p); κ ≤ 1
  // Curvature of the log-density at the mode: 1/σ² = shapeA·shapeB/shapeSum.
  const sd = Math.sqrt(1 / shapeA + 1 / shapeB);
  const step = Math.min(MAX_STEP, sd / STEPS_PER_SD);

  const weights: number[] = [];
  const ps: number[] = [];
  const qs: number[] = [];
  let weightSum = 0;
  let lastP = 0;
  // Adds the node at w0+δ; returns its weight (0 once it underflows).
  const addNode = (delta: number): number => {
    const e = Math.expm1(delta);
    // ln f(w0+δ) − ln f(w0) for f ∝ e^{Aw}(1+e^w)^{−(A+B)}; (1+e^{w0+δ})/(1+e^{w0}) = 1 + p0·(e^δ − 1).
    const denom = 1 + p0 * e;
    const weight = Math.exp(shapeA * delta - shapeSum * Math.log1p(p0 * e));
    if (weight === 0) return 0;
    lastP = (p0 * (e + 1)) / denom;
    weights.push(weight);
    ps.push(lastP);
    qs.push(q0 / denom);
    weightSum += weight;
    return weight;
  };
  addNode(0);
  for (const direction of [1, -1]) {
    for (let k = 1; k <= MAX_NODES_PER_SIDE; k++) {
      const weight = addNode(direction * k * step);
      if (weight === 0) break;
      const p = lastP;
      // The log-density falls at least at its current slope from here on (log-concave), so the rest
      // of this side sums to at most weight·ρ/(1−ρ).
      const slope = direction > 0 ? shapeSum * p - shapeA : shapeA - shapeSum * p;
      if (slope <= 0) continue;
      const ratio = Math.exp(-slope * step);
      const tail = (weight * ratio) / (1 - ratio);
      // How far a unit of missing weight can move the result, relative to its lower bound.
      const integrandBound = smallA || smallB ? (direction > 0 ? Math.min(ceiling, 1 / p) : ceiling) : direction > 0 ? 1 : 1 / lowerBound;
      const sensitivity = smallA || smallB ? (scale * integrandBound) / lowerBound : integrandBound;
      if (tail * sensitivity <= TOLERANCE * weightSum) break;
    }
  }

  const n = weights.length;
  for (let i = 0; i < s.length; i++) {
    const si = s[i];
    if (si === undefined) throw indexError("s", i, s.length);
    if (si === 0) {
      out[i] = 1;
      continue;
    }
    const kappaS = dropoutFactor(R, si);
    const v = Math.exp(-R * Math.log1p(si)); // (1+s)^{−R}
    const oneMinusV = -Math.expm1(-R * Math.log1p(si));
    let acc = 0;
    // The hot loop reads the node arrays directly and checks each value where it is used (see indexError).
    for (let j = 0; j < n; j++) {
      const p = ps[j];
      if (p === undefined) throw indexError("nodes", j, n);
      const u = p * si;
      const kappa = dropoutFactor(R, u);
      let value: number;
      if (!smallA && !smallB) value = kappa;
      else {
        value = smallA ? si * dropoutSlope(R, u, kappa) : 0;
        if (smallB) {
          const q = qs[j];
          if (q === undefined) throw indexError("nodes", j, n);
          value -= dropoutRise(R, p, q, si, kappa, kappaS, v, oneMinusV);
        }
      }
      const weight = weights[j];
      if (weight === undefined) throw indexError("nodes", j, n);
      acc += weight * value;
    }
    const mean = acc / weightSum;
    let result: number;
    if (smallA && smallB) result = (B + a * kappaS) / (a + B) - scale * mean;
    else if (smallA) result = 1 - scale * mean;
    else if (smallB)
      result = kappaS - scale * mean; // mean = −E[ρ]
    else result = mean;
    // E[κ(ps)] ∈ [κ(s), 1] exactly; keeps rounding from leaving it (max/min of increasing functions of t
    // once multiplied by R·s, so monotonicity in t survives).
    out[i] = Math.min(1, Math.max(kappaS, result));
  }
}
