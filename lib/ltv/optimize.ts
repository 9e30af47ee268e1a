// Small unconstrained/box-constrained minimiser for the model fits (4 and 3 parameters).
//
// Written here rather than taken from npm because the fits need three things together that no small,
// maintained JS optimiser offers: analytic gradients over typed arrays, a strong-Wolfe BFGS that
// treats NaN/∞ as "step too long", and a Nelder–Mead fallback with restarts for bad starting points.
// Method references: Nocedal & Wright, Numerical Optimization (2nd ed.), Alg. 6.1 (BFGS), Alg. 3.5/3.6
// (strong-Wolfe line search with zoom), eq. 6.20 (initial inverse-Hessian scaling); Gao & Han (2012)
// "Implementing the Nelder-Mead simplex algorithm with adaptive parameters".

import { at, at2 } from "./arrays";

/** f(x); when `gradient` is given, also writes ∇f(x) into it. Non-finite values mean "infeasible". */
export type Objective = (x: Float64Array, gradient?: Float64Array) => number;

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  /** ∞-norm of the gradient at x (in the caller's coordinates). */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  method: "bfgs" | "nelder-mead+bfgs";
}

export interface BfgsOptions {
  maxIterations?: number;
  /** Converged when ‖∇f‖∞ ≤ this. Default 1e-9. */
  gradientTolerance?: number;
  /**
   * Also converged when f stops decreasing beyond its rounding noise while ‖∇f‖∞ ≤ this (the
   * likelihoods are sums of many lnΓ differences, so f is only good to ~1e-14 relative). Default 1e-6.
   */
  stallGradientTolerance?: number;
  /** Stops the iteration (unconverged) once this holds for the current point. */
  stopAt?: (x: Float64Array) => boolean;
}

const C1 = 1e-4; // sufficient decrease (Armijo)
const C2 = 0.9; // curvature condition, the usual value for quasi-Newton methods

// The vectors and matrices here have 3 or 4 entries per side (the model parameters): the loops favour
// clarity, the likelihood evaluations dominate the cost.

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (const [i, ai] of a.entries()) s += ai * at(b, i, "b");
  return s;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (const ai of a) m = Math.max(m, Math.abs(ai));
  return m;
}

function allFinite(a: Float64Array): boolean {
  return a.every((ai) => Number.isFinite(ai));
}

/** Row i of the n×n row-major matrix M (a view, no copy). */
function row(M: Float64Array, n: number, i: number): Float64Array {
  return M.subarray(i * n, i * n + n);
}

/** Evaluates f and ∇f at x + step·direction, treating any non-finite result as +∞. */
function probe(
  objective: Objective,
  x: Float64Array,
  direction: Float64Array,
  step: number,
  xOut: Float64Array,
  gOut: Float64Array,
): number {
  for (const [i, xi] of x.entries()) xOut[i] = xi + step * at(direction, i, "direction");
  const f = objective(xOut, gOut);
  return Number.isFinite(f) && allFinite(gOut) ? f : Infinity;
}

interface LineSearchOutcome {
  step: number;
  value: number;
  evaluations: number;
  ok: boolean;
}

/**
 * Strong-Wolfe line search (Nocedal & Wright Alg. 3.5 with zoom Alg. 3.6, cubic interpolation
 * safeguarded by bisection). On return xNew/gNew hold the accepted point.
 */
function wolfeLineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  direction: Float64Array,
  initialStep: number,
  xNew: Float64Array,
  gNew: Float64Array,
): LineSearchOutcome {
  const slope0 = dot(g0, direction);
  let evaluations = 0;
  let stepPrev = 0;
  let fPrev = f0;
  let slopePrev = slope0;
  let step = initialStep;
  const maxSteps = 40;

  const zoom = (lo: number, fLo: number, slopeLo: number, hi: number, fHi: number, slopeHi: number) => {
    // 20 interpolations shrink the bracket by ≥ 0.9^20 ≈ 0.12 and usually far more; needing more means
    // f is at its rounding-noise floor, where further search only burns evaluations.
    for (let j = 0; j < 20; j++) {
      let trial: number;
      // Cubic interpolation through (lo, fLo, slopeLo) and (hi, fHi, slopeHi) when both are finite.
      if (Number.isFinite(fHi) && Number.isFinite(slopeHi)) {
        const d1 = slopeLo + slopeHi - (3 * (fLo - fHi)) / (lo - hi);
        const disc = d1 * d1 - slopeLo * slopeHi;
        if (disc >= 0) {
          const d2 = Math.sign(hi - lo) * Math.sqrt(disc);
          trial = hi - ((hi - lo) * (slopeHi + d2 - d1)) / (slopeHi - slopeLo + 2 * d2);
        } else trial = (lo + hi) / 2;
      } else trial = (lo + hi) / 2;
      const span = Math.abs(hi - lo);
      const minEdge = Math.min(lo, hi) + 0.1 * span;
      const maxEdge = Math.max(lo, hi) - 0.1 * span;
      if (!(trial >= minEdge && trial <= maxEdge)) trial = (lo + hi) / 2;
      const fTrial = probe(objective, x, direction, trial, xNew, gNew);
      evaluations++;
      const slopeTrial = Number.isFinite(fTrial) ? dot(gNew, direction) : NaN;
      if (!Number.isFinite(fTrial) || fTrial > f0 + C1 * trial * slope0 || fTrial >= fLo) {
        hi = trial;
        fHi = fTrial;
        slopeHi = slopeTrial;
      } else {
        if (Math.abs(slopeTrial) <= -C2 * slope0) return { step: trial, value: fTrial, ok: true };
        if (slopeTrial * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          slopeHi = slopeLo;
        }
        lo = trial;
        fLo = fTrial;
        slopeLo = slopeTrial;
      }
      if (Math.abs(hi - lo) < 1e-12 * Math.max(1, Math.abs(lo))) break;
    }
    // Could not satisfy the curvature condition; accept the best point with sufficient decrease.
    if (lo > 0) {
      const fLoAgain = probe(objective, x, direction, lo, xNew, gNew);
      evaluations++;
      return { step: lo, value: fLoAgain, ok: fLoAgain < f0 };
    }
    return { step: 0, value: f0, ok: false };
  };

  for (let i = 0; i < maxSteps; i++) {
    const f = probe(objective, x, direction, step, xNew, gNew);
    evaluations++;
    if (!Number.isFinite(f) || f > f0 + C1 * step * slope0 || (i > 0 && f >= fPrev)) {
      const z = zoom(stepPrev, fPrev, slopePrev, step, f, Number.isFinite(f) ? dot(gNew, direction) : NaN);
      return { ...z, evaluations };
    }
    const slope = dot(gNew, direction);
    if (Math.abs(slope) <= -C2 * slope0) return { step, value: f, evaluations, ok: true };
    if (slope >= 0) {
      const z = zoom(step, f, slope, stepPrev, fPrev, slopePrev);
      return { ...z, evaluations };
    }
    stepPrev = step;
    fPrev = f;
    slopePrev = slope;
    step *= 2;
  }
  // Still descending after many doublings: accept the last point (it satisfies sufficient decrease).
  const f = probe(objective, x, direction, stepPrev, xNew, gNew);
  evaluations++;
  return { step: stepPrev, value: f, evaluations, ok: f < f0 };
}

/** BFGS on the inverse Hessian (Nocedal & Wright Alg. 6.1) with a strong-Wolfe line search. */
export function bfgs(objective: Objective, x0: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 500;
  const gradientTolerance = options.gradientTolerance ?? 1e-9;
  const stallGradientTolerance = options.stallGradientTolerance ?? 1e-6;
  let stalled = false;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const direction = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  const H = new Float64Array(n * n);
  const resetH = () => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  resetH();

  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f) || !allFinite(g)) {
    return { x, value: Infinity, gradientNorm: Infinity, iterations: 0, evaluations, converged: false, method: "bfgs" };
  }
  let iterations = 0;
  let firstStep = true;
  let resetsInARow = 0;
  while (iterations < maxIterations) {
    if (normInf(g) <= gradientTolerance) break;
    // direction = −H g
    for (let i = 0; i < n; i++) direction[i] = -dot(row(H, n, i), g);
    if (dot(direction, g) >= 0) {
      // Lost positive definiteness through round-off: fall back to steepest descent.
      resetH();
      for (const [i, gi] of g.entries()) direction[i] = -gi;
    }
    // A first step of length ~1 in parameter space keeps the first probe in a sane region.
    const initialStep = firstStep ? Math.min(1, 1 / normInf(direction)) : 1;
    const search = wolfeLineSearch(objective, x, f, g, direction, initialStep, xNew, gNew);
    evaluations += search.evaluations;
    iterations++;
    if (!search.ok) {
      if (resetsInARow >= 1) {
        stalled = true; // no descent even along −∇f: we are at the attainable minimum
        break;
      }
      resetH();
      resetsInARow++;
      firstStep = true;
      continue;
    }
    resetsInARow = 0;
    for (let i = 0; i < n; i++) {
      s[i] = at(xNew, i, "xNew") - at(x, i, "x");
      y[i] = at(gNew, i, "gNew") - at(g, i, "g");
    }
    const fPrev = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = search.value;
    const sy = dot(s, y);
    if (sy > 1e-300) {
      if (firstStep) {
        // Scale the initial inverse Hessian to the observed curvature (N&W eq. 6.20).
        const scale = sy / dot(y, y);
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        firstStep = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded.
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) hy[i] = dot(row(H, n, i), y);
      const yHy = dot(y, hy);
      for (const [i, si] of s.entries()) {
        const hyi = at(hy, i, "hy");
        const Hi = row(H, n, i);
        for (const [j, sj] of s.entries()) Hi[j] = at(Hi, j, "H") + rho * ((1 + rho * yHy) * si * sj - hyi * sj - si * at(hy, j, "hy"));
      }
    }
    if (options.stopAt?.(x)) break;
    // Progress at the level of f's rounding noise: more iterations cannot improve x.
    if (fPrev - f <= 1e-14 * Math.max(1, Math.abs(f)) && normInf(g) <= stallGradientTolerance) {
      stalled = true;
      break;
    }
  }
  const gradientNorm = normInf(g);
  return {
    x,
    value: f,
    gradientNorm,
    iterations,
    evaluations,
    converged: Number.isFinite(f) && (gradientNorm <= gradientTolerance || (stalled && gradientNorm <= stallGradientTolerance)),
    method: "bfgs",
  };
}

export interface NelderMeadOptions {
  /** Initial simplex edge along each coordinate. Default 0.5 (log-parameters: a factor ~1.6). */
  initialStep?: number;
  maxEvaluations?: number;
  /** Stops when the simplex' values and vertices agree to within this. Default 1e-10. */
  tolerance?: number;
}

/** Nelder–Mead with the Gao–Han adaptive coefficients; non-finite values count as +∞. */
export function nelderMead(
  objective: Objective,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): { x: Float64Array; value: number; evaluations: number } {
  const n = x0.length;
  const step = options.initialStep ?? 0.5;
  const maxEvaluations = options.maxEvaluations ?? 400 * n;
  const tolerance = options.tolerance ?? 1e-10;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const value = (p: Float64Array) => {
    const f = objective(p);
    return Number.isFinite(f) ? f : Infinity;
  };
  // n + 1 vertices: x0 and x0 + step along each coordinate.
  const simplex = Array.from({ length: n + 1 }, (_, i) => {
    const point = Float64Array.from(x0);
    if (i > 0) point[i - 1] = at(point, i - 1, "point") + step;
    return { point, value: value(point) };
  });
  let evaluations = n + 1;
  const centroid = new Float64Array(n);
  const trial = (coefficient: number, out: Float64Array, worst: Float64Array) => {
    for (const [j, cj] of centroid.entries()) out[j] = cj + coefficient * (cj - at(worst, j, "worst"));
    evaluations++;
    return value(out);
  };
  const reflected = new Float64Array(n);
  const moved = new Float64Array(n);
  while (evaluations < maxEvaluations) {
    // Best first (a stable sort: ties keep their order).
    simplex.sort((p, q) => p.value - q.value);
    const best = at(simplex, 0, "simplex");
    const nextWorst = at(simplex, n - 1, "simplex");
    const worst = at(simplex, n, "simplex");
    let spread = 0;
    for (const vertex of simplex.slice(1)) {
      for (const [j, bj] of best.point.entries()) spread = Math.max(spread, Math.abs(at(vertex.point, j, "point") - bj));
    }
    if (Math.abs(worst.value - best.value) <= tolerance && spread <= Math.sqrt(tolerance)) break;
    centroid.fill(0);
    for (const vertex of simplex.slice(0, n)) {
      for (const [j, vj] of vertex.point.entries()) centroid[j] = at(centroid, j, "centroid") + vj / n;
    }
    const fr = trial(alpha, reflected, worst.point);
    if (fr < best.value) {
      const fe = trial(beta * alpha, moved, worst.point);
      if (fe < fr) {
        worst.point = Float64Array.from(moved);
        worst.value = fe;
      } else {
        worst.point = Float64Array.from(reflected);
        worst.value = fr;
      }
    } else if (fr < nextWorst.value) {
      worst.point = Float64Array.from(reflected);
      worst.value = fr;
    } else {
      const outside = fr < worst.value;
      const fc = trial(outside ? gamma * alpha : -gamma, moved, worst.point);
      if (fc < (outside ? fr : worst.value)) {
        worst.point = Float64Array.from(moved);
        worst.value = fc;
      } else {
        for (const vertex of simplex.slice(1)) {
          const { point } = vertex;
          for (const [j, bj] of best.point.entries()) point[j] = bj + delta * (at(point, j, "point") - bj);
          vertex.value = value(point);
          evaluations++;
        }
      }
    }
  }
  let best = at(simplex, 0, "simplex");
  for (const vertex of simplex) if (vertex.value < best.value) best = vertex;
  return { x: best.point, value: best.value, evaluations };
}

export interface MinimizeOptions extends BfgsOptions {
  /** Box bounds on each coordinate (enforced through a logistic change of variables). */
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  /** Nelder–Mead restarts used when BFGS from the start points does not converge. Default 3. */
  restarts?: number;
  /** Further starting points, tried in order while the best run so far is unconverged or `retryIf` holds. */
  alternativeStarts?: ArrayLike<number>[];
  /** Marks a converged solution as suspect (e.g. a parameter running off to a bound). */
  retryIf?: (x: Float64Array) => boolean;
  /**
   * Ends the search as soon as an iterate of the first BFGS run satisfies this, converged or not:
   * for a caller that has its own answer to that outcome (a penalised refit when parameters run
   * off to a bound) and should not pay for the iterations and restarts that can only confirm it.
   */
  stopIf?: (x: Float64Array) => boolean;
}

/**
 * Robust minimisation: BFGS from x0 (then from the alternative starts while the best run is
 * unconverged or suspect to the caller); if that still does not converge (bad start, flat or non-finite
 * region), Nelder–Mead with restarts to get into the basin, then a BFGS polish. Bounds, when given, are
 * handled by the change of variables x = lo + (hi − lo)·σ(u), so the optimisers run unconstrained in u.
 */
export function minimize(objective: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  // Per coordinate its box [lo, lo + span], or null when it is unbounded.
  const boxes = Array.from({ length: n }, (_, i) => {
    const lo = options.lower?.[i] ?? -Infinity;
    const hi = options.upper?.[i] ?? Infinity;
    if (Number.isFinite(lo) !== Number.isFinite(hi)) throw new RangeError("minimize: give both bounds of a coordinate or neither");
    if (!Number.isFinite(lo)) return null;
    if (!(lo < hi)) throw new RangeError("minimize: lower bound must be below upper bound");
    return { lo, span: hi - lo };
  });
  const toX = (u: Float64Array, out: Float64Array, jacobian?: Float64Array) => {
    for (const [i, box] of boxes.entries()) {
      const ui = at(u, i, "u");
      if (box) {
        const s = 1 / (1 + Math.exp(-ui));
        out[i] = box.lo + box.span * s;
        if (jacobian) jacobian[i] = box.span * s * (1 - s);
      } else {
        out[i] = ui;
        if (jacobian) jacobian[i] = 1;
      }
    }
  };
  const toU = (x: ArrayLike<number>) =>
    Float64Array.from(boxes, (box, i) => {
      const xi = at(x, i, "start");
      if (!box) return xi;
      // Keep the start strictly inside so σ⁻¹ is finite.
      const s = Math.min(1 - 1e-9, Math.max(1e-9, (xi - box.lo) / box.span));
      return Math.log(s / (1 - s));
    });
  const xScratch = new Float64Array(n);
  const jacobian = new Float64Array(n);
  const inU: Objective = (u, gradient) => {
    toX(u, xScratch, jacobian);
    const f = objective(xScratch, gradient);
    if (gradient) for (const [i, ji] of jacobian.entries()) gradient[i] = at(gradient, i, "gradient") * ji;
    return f;
  };

  const xOf = (u: Float64Array) => {
    const x = new Float64Array(n);
    toX(u, x);
    return x;
  };
  const { stopIf } = options;
  const stopAt = stopIf ? (u: Float64Array) => stopIf(xOf(u)) : undefined;
  const run = (u0: Float64Array): MinimizeResult => {
    const r = bfgs(inU, u0, { ...options, stopAt });
    // A run the caller stopped is not judged for convergence: the caller has its own answer.
    if (r.converged || !Number.isFinite(r.value) || stopAt?.(r.x)) return r;
    // On an ill-conditioned ridge f's rounding noise can stop BFGS with ‖∇f‖ above tolerance although
    // the improvement still available, ½·∇fᵀH⁻¹∇f, is negligible: that is a converged answer.
    const converged = newtonDecrement(inU, r.x) <= 1e-10 * Math.max(1, Math.abs(r.value));
    return { ...r, converged, evaluations: r.evaluations + 2 * n + 1 };
  };
  let result = run(toU(x0));
  let evaluations = result.evaluations;
  const stopped = Number.isFinite(result.value) && stopAt?.(result.x) === true;
  // A run that ends unconverged or somewhere the caller distrusts may have followed the wrong valley
  // (the Gamma-Gamma likelihood has a ridge towards p → ∞): try the other starts and keep the best.
  for (const start of stopped ? [] : (options.alternativeStarts ?? [])) {
    if (result.converged && !options.retryIf?.(xOf(result.x))) break;
    const candidate = run(toU(start));
    evaluations += candidate.evaluations;
    if (candidate.value < result.value || !Number.isFinite(result.value)) result = candidate;
  }
  let method: MinimizeResult["method"] = "bfgs";
  if (!result.converged && !stopped) {
    method = "nelder-mead+bfgs";
    let start = Number.isFinite(result.value) ? result.x : toU(x0);
    let best = Number.isFinite(result.value) ? result.value : Infinity;
    const restarts = options.restarts ?? 3;
    for (let k = 0; k < restarts; k++) {
      const nm = nelderMead(inU, start, { initialStep: k === 0 ? 1 : 0.25 });
      evaluations += nm.evaluations;
      const improved = nm.value < best - 1e-12 * Math.max(1, Math.abs(best));
      if (nm.value < best) {
        best = nm.value;
        start = nm.x;
      }
      if (!improved && k > 0) break;
    }
    const polished = run(start);
    evaluations += polished.evaluations;
    if (polished.value <= result.value || !Number.isFinite(result.value)) result = polished;
  }
  const x = xOf(result.x);
  const gradient = new Float64Array(n);
  objective(x, gradient);
  return { ...result, x, gradientNorm: normInf(gradient), method, evaluations: evaluations + 1 };
}

/** ½·∇fᵀH⁻¹∇f with a finite-difference Hessian: the decrease a Newton step would still bring; ∞ if H is not positive definite. */
function newtonDecrement(objective: Objective, x: Float64Array): number {
  const inverse = invertPositiveDefinite(hessianFromGradient(objective, x));
  if (!inverse) return Infinity;
  const gradient = new Float64Array(x.length);
  objective(x, gradient);
  let decrement = 0;
  for (const [i, gi] of gradient.entries()) for (const [j, gj] of gradient.entries()) decrement += gi * at2(inverse, i, j, "inverse") * gj;
  return decrement / 2;
}

/**
 * Hessian of `objective` at x by central differences of its analytic gradient (second-order accurate,
 * one gradient pair per coordinate), symmetrised.
 */
export function hessianFromGradient(objective: Objective, x: ArrayLike<number>, step = 1e-4): number[][] {
  const n = x.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const probePoint = Float64Array.from(x);
  const columns = Array.from(x, (xj, j) => {
    const h = step * Math.max(1, Math.abs(xj));
    probePoint[j] = xj + h;
    objective(probePoint, plus);
    probePoint[j] = xj - h;
    objective(probePoint, minus);
    probePoint[j] = xj;
    return plus.map((p, i) => (p - at(minus, i, "minus")) / (2 * h));
  });
  return columns.map((_, i) => columns.map((_, j) => (at2(columns, j, i, "columns") + at2(columns, i, j, "columns")) / 2));
}

/** Inverse of a symmetric positive-definite matrix via Cholesky; null when it is not positive definite. */
export function invertPositiveDefinite(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const [i, Li] of L.entries()) {
    for (let j = 0; j <= i; j++) {
      let sum = at2(matrix, i, j, "matrix");
      for (let k = 0; k < j; k++) sum -= at(Li, k, "L") * at2(L, j, k, "L");
      if (i === j) {
        if (!(sum > 0)) return null;
        Li[i] = Math.sqrt(sum);
      } else Li[j] = sum / at2(L, j, j, "L");
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (const [i, Li] of L.entries()) {
      let sum = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) sum -= at(Li, k, "L") * at(y, k, "y");
      y[i] = sum / at(Li, i, "L");
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = at(y, i, "y");
      for (let k = i + 1; k < n; k++) sum -= at2(L, k, i, "L") * at2(inverse, k, c, "inverse");
      at(inverse, i, "inverse")[c] = sum / at2(L, i, i, "L");
    }
  }
  return inverse;
}
