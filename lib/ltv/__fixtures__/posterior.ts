// Test-only: BG/NBD predictions by brute-force integration over the customer's (λ, p), straight from
// the model's story (FHL 2005 §3), as an independent check of the closed forms in bgnbd.ts and
// churn-probability.ts. It uses no ₂F₁, no Beta/Gamma function and no closed-form P(alive).
//
// Prior: λ ~ Gamma(r, α), p ~ Beta(a, b). Given (λ, p), the history (x, t_x, T) has likelihood
//   A = (1−p)^x λ^x e^(−λT)                       (still alive at T)
//   D = δ·p(1−p)^(x−1) λ^x e^(−λ t_x)             (dropped out just after the purchase at t_x)
// (FHL 2005 eq. 3). So, with ∫ the integral over the prior:
//   P(alive)              = ∫A / ∫(A+D)
//   P(no order in τ)      = ∫(A·e^(−λτ) + D) / ∫(A+D)   (alive: the next purchase comes after τ)
//   E[orders in (T,T+τ]]  = ∫A·(1 − e^(−λpτ))/p / ∫(A+D) (FHL 2005 eq. 7 for a customer alive at T)
// The integrals run over u = ln λ and v = logit p with the trapezoidal rule, which converges
// geometrically for smooth integrands that decay at both ends like these.

import { at, indexError } from "../arrays";
import type { BgNbdParams, CustomerHistory } from "../bgnbd";

const STEP = 0.04;
/** Stop where the integrand is below e^−45 of its peak. */
const TAIL = 45;

function logSumExp(values: Float64Array): number {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Grid over u = ln λ that covers k·u − c·e^u (k > 0, c > 0) from e^−TAIL of its peak on both sides. */
function lambdaGrid(k: number, cMin: number, cMax: number): Float64Array {
  const lo = Math.log(k / cMax) - TAIL / k - 1;
  const hi = Math.log(k / cMin) + Math.log(TAIL + 10) + 1;
  const n = Math.ceil((hi - lo) / STEP) + 1;
  return Float64Array.from({ length: n }, (_, i) => lo + i * STEP);
}

/** Grid over v = logit p that covers p^m (1−p)^n (m, n > 0): log ≈ m·v left, −n·v right. */
function dropoutGrid(m: number, n: number): Float64Array {
  const lo = -TAIL / m - 2;
  const hi = TAIL / n + 2;
  const count = Math.ceil((hi - lo) / STEP) + 1;
  return Float64Array.from({ length: count }, (_, i) => lo + i * STEP);
}

export interface PosteriorPredictions {
  pAlive: number;
  pNoOrder: number;
  /** NaN when not asked for (the one 2-D integral; ~10–200 ms a customer). */
  expectedOrders: number;
}

export function posteriorPredictions(
  { r, alpha, a, b }: BgNbdParams,
  { frequency: x, recency: tx, T }: CustomerHistory,
  tau: number,
  { withExpectedOrders = true }: { withExpectedOrders?: boolean } = {},
): PosteriorPredictions {
  const k = r + x;
  const us = lambdaGrid(k, alpha + tx, alpha + T + tau);
  // v-grid wide enough for p^a(1−p)^(b+x) (alive) and p^(a+1)(1−p)^(b+x−1) (dropped out).
  const vs = dropoutGrid(a, x > 0 ? Math.min(b + x - 1, b + x) : b + x);
  const lnP = vs.map((v) => -Math.log1p(Math.exp(-v)));
  const ln1mP = vs.map((v) => -Math.log1p(Math.exp(v)));
  // λ parts (the prior's λ^r e^(−αλ) times the Jacobian λ folded into k·u):
  const lambdaPart = (c: number) => us.map((u) => k * u - c * Math.exp(u));
  const logAliveL = logSumExp(lambdaPart(alpha + T));
  const logAliveNoOrderL = logSumExp(lambdaPart(alpha + T + tau));
  // p parts (the prior's p^(a−1)(1−p)^(b−1) times the Jacobian p(1−p)):
  const logAliveP = logSumExp(lnP.map((lnPj, j) => a * lnPj + (b + x) * at(ln1mP, j, "ln1mP")));
  const logAlive = logAliveL + logAliveP;
  const logAliveNoOrder = logAliveNoOrderL + logAliveP;
  let logDropped = -Infinity;
  if (x > 0) {
    logDropped = logSumExp(lambdaPart(alpha + tx)) + logSumExp(lnP.map((lnPj, j) => (a + 1) * lnPj + (b + x - 1) * at(ln1mP, j, "ln1mP")));
  }
  const logTotal = Math.max(logAlive, logDropped) + Math.log1p(Math.exp(-Math.abs(logAlive - logDropped)));

  const pAlive = Math.exp(logAlive - logTotal);
  const pNoOrder = Math.exp(logAliveNoOrder - logTotal) + (1 - pAlive);
  if (!withExpectedOrders) return { pAlive, pNoOrder, expectedOrders: Number.NaN };

  // E[orders]: the only part that does not separate in (λ, p).
  const fAlive = lambdaPart(alpha + T);
  const gAlive = lnP.map((lnPj, j) => a * lnPj + (b + x) * at(ln1mP, j, "ln1mP"));
  let fMax = -Infinity;
  for (const f of fAlive) fMax = Math.max(fMax, f);
  let gMax = -Infinity;
  for (const g of gAlive) gMax = Math.max(gMax, g);
  const lambdas = us.map(Math.exp);
  const fWeights = fAlive.map((f) => Math.exp(f - fMax));
  let orders = 0;
  for (const [j, g] of gAlive.entries()) {
    const gWeight = Math.exp(g - gMax);
    if (gWeight < 1e-300) continue;
    const p = Math.exp(at(lnP, j, "lnP"));
    let inner = 0;
    for (let i = 0; i < us.length; i++) {
      const fWeight = fWeights[i];
      const lambda = lambdas[i];
      if (fWeight === undefined || lambda === undefined) throw indexError("λ nodes", i, us.length);
      inner += fWeight * (-Math.expm1(-lambda * p * tau) / p);
    }
    orders += gWeight * inner;
  }
  const expectedOrders = Math.exp(Math.log(orders) + fMax + gMax - logTotal);
  return { pAlive, pNoOrder, expectedOrders };
}
