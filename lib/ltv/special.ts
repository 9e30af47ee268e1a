// Special functions for the BG/NBD and Gamma-Gamma models: log-gamma, digamma and the Gauss
// hypergeometric series 2F1.
//
// Hand-written on purpose: no maintained npm package ships lnΓ, ψ and 2F1 together with the accuracy
// (1e-10 relative or better over the ranges these models use) and the control over the series that
// the BG/NBD expectations need (term cap, tail-bound stop, Euler transformation, the a = 1 guard).
// References: Abramowitz & Stegun (A&S) 6.1.40 / 6.3.18 (Stirling series for lnΓ and ψ), 6.1.15 /
// 6.3.5 (recurrences), 15.1.1 (2F1 series), 15.3.3 (Euler transformation).

const HALF_LN_TWO_PI = 0.9189385332046728; // ½·ln(2π)

// Stirling-series threshold: at x ≥ 10 the first omitted term (which bounds the error for real x)
// is below 4e-17.
const ASYMPTOTIC_FROM = 10;

/**
 * ln Γ(x) for x > 0 (returns +∞ at 0 and NaN for negative or NaN input: the models never need them).
 * Below 10 the argument is shifted up with Γ(x+n) = Γ(x)·x(x+1)…(x+n−1) (A&S 6.1.15), then the
 * Stirling series A&S 6.1.40 with Bernoulli terms up to z⁻¹³ is used. Relative error ≲ 1e-15 away
 * from the zeros at 1 and 2, absolute error ≲ 1e-14 near them.
 */
export function lnGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === Infinity) return Infinity;
  let z = x;
  let shift = 0;
  if (z < ASYMPTOTIC_FROM) {
    let product = 1;
    while (z < ASYMPTOTIC_FROM) {
      product *= z;
      z += 1;
    }
    shift = Math.log(product);
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  // Σ B₂ₖ / (2k(2k−1) z^(2k−1)), k = 1..7
  const series =
    inv *
    (1 / 12 + inv2 * (-1 / 360 + inv2 * (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156)))))));
  return (z - 0.5) * Math.log(z) - z + HALF_LN_TWO_PI + series - shift;
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: recurrence ψ(x) = ψ(x+1) − 1/x (A&S 6.3.5) up to 10, then
 * the asymptotic series A&S 6.3.18. Used for the analytic likelihood gradients.
 */
export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let z = x;
  let shift = 0;
  while (z < ASYMPTOTIC_FROM) {
    shift -= 1 / z;
    z += 1;
  }
  const inv2 = 1 / (z * z);
  // Σ B₂ₖ / (2k z^(2k)), k = 1..7
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return Math.log(z) - 0.5 / z - series + shift;
}

export interface SeriesOptions {
  /** Relative accuracy at which the series stops (bound on the remaining tail). Default 1e-15. */
  tolerance?: number;
  /** Hard cap on the number of terms; near z → 1 the series needs thousands. Default 100 000. */
  maxTerms?: number;
}

const DEFAULT_TOLERANCE = 1e-15;
const DEFAULT_MAX_TERMS = 100_000;

/**
 * Σ_{k ≥ k0} t_k with t_{k+1} = t_k · (a+k)(b+k) / ((c+k)(k+1)) · z, starting from t_{k0} = first.
 * Stops when a geometric bound on the tail, |t_k|·ρ/(1−ρ) with ρ = max(|t_k/t_{k−1}|, |z|), drops
 * below tolerance·|sum|. The bound is only trusted once every Pochhammer factor is positive (past
 * −a, −b, −c), because before that a term can be accidentally tiny and the next ones large again.
 */
function hypergeometricTail(
  first: number,
  k0: number,
  a: number,
  b: number,
  c: number,
  z: number,
  options: SeriesOptions | undefined,
): number {
  const tolerance = options?.tolerance ?? DEFAULT_TOLERANCE;
  const maxTerms = options?.maxTerms ?? DEFAULT_MAX_TERMS;
  const absZ = Math.abs(z);
  const trustFrom = Math.max(k0, Math.ceil(Math.max(-a, -b, -c)) + 1);
  let term = first;
  let sum = first;
  for (let k = k0; k < k0 + maxTerms; k++) {
    const next = (term * (a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += next;
    if (next === 0) {
      // A terminating series (a or b a non-positive integer) or an underflowed tail.
      if (k + 1 >= trustFrom) break;
    } else if (k + 1 >= trustFrom) {
      const ratio = Math.max(Math.abs(next / term), absZ);
      if (ratio < 1 && (Math.abs(next) * ratio) / (1 - ratio) <= tolerance * Math.abs(sum)) break;
    }
    term = next;
  }
  return sum;
}

function checkArgument(z: number): void {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: |z| must be < 1 (got ${z})`);
}

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for |z| < 1 by its power series (A&S 15.1.1).
 * When a + b > c the plain series' terms decay only like k^(a+b−c−1)·z^k, so the Euler
 * transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b)·₂F₁(c−a, c−b; c; z) (A&S 15.3.3) is used instead:
 * its terms decay like k^(c−a−b−1)·z^k, which is what makes the BG/NBD expectation converge in tens
 * of terms (docs/reference/clv-reference.md, "Numerics").
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options?: SeriesOptions): number {
  checkArgument(z);
  if (z === 0) return 1;
  if (a + b > c) {
    const scale = Math.exp((c - a - b) * Math.log1p(-z));
    return scale * hypergeometricTail(1, 0, c - a, c - b, c, z, options);
  }
  return hypergeometricTail(1, 0, a, b, c, z, options);
}

/**
 * (c/b)·(₂F₁(a, b; c; z) − 1), summed without the cancellation of the subtraction and without dividing
 * by b or c: Σ_{k≥1} (a)_k (b+1)_{k−1} / ((c+1)_{k−1} k!) z^k. It stays exact as b → 0 and as c → 0,
 * which is what removes the BG/NBD expectation's removable singularities at a_model = 1 (b here) and
 * at a_model + b_model + x = 1 (c here).
 */
export function scaledHyp2f1Excess(a: number, b: number, c: number, z: number, options?: SeriesOptions): number {
  checkArgument(z);
  if (z === 0) return 0;
  // First term k = 1 is a·z; from there the ratio of consecutive terms is the ordinary 2F1 one.
  return hypergeometricTail(a * z, 1, a, b, c, z, options);
}
