// Seeded simulation of a BG/NBD + Gamma-Gamma customer population, for the parameter-recovery test
// and bench/fit.ts. Deterministic for a given seed; no Math.random.

import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gammaGamma";

/** mulberry32: a tiny 32-bit seeded PRNG (Tommy Ettinger), uniform in [0, 1). Plenty for simulation. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(uniform: () => number): number {
  // Box–Muller; 1 − u keeps the log argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (2000), with the u^(1/shape) boost for shape < 1. */
export function sampleGamma(uniform: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(uniform, shape + 1, rate) * Math.pow(1 - uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(uniform);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

function sampleBeta(uniform: () => number, a: number, b: number): number {
  const x = sampleGamma(uniform, a, 1);
  const y = sampleGamma(uniform, b, 1);
  return x / (x + y);
}

export interface SimulationOptions {
  customers: number;
  bgNbd: BgNbdParams;
  /** When given, each repeat transaction gets a Gamma-Gamma value and monetaryValue is filled. */
  gammaGamma?: GammaGammaParams;
  /** Customer ages T are uniform in [minT, maxT] (a cohort acquired over a window). */
  minT: number;
  maxT: number;
  seed: number;
}

export interface SimulatedPopulation {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetaryValue: Float64Array;
}

/**
 * The BG/NBD story (FHL 2005 §3): λ ~ Gamma(r, α), p ~ Beta(a, b); while alive, purchases arrive as a
 * Poisson process with rate λ, and after each repeat purchase the customer drops out with probability p.
 * Gamma-Gamma (note 025): ν ~ Gamma(q, v), each transaction's value ~ Gamma(p, ν).
 */
export function simulatePopulation(options: SimulationOptions): SimulatedPopulation {
  const { customers, bgNbd, gammaGamma, minT, maxT } = options;
  const uniform = mulberry32(options.seed);
  const population: SimulatedPopulation = {
    frequency: new Float64Array(customers),
    recency: new Float64Array(customers),
    T: new Float64Array(customers),
    monetaryValue: new Float64Array(customers),
  };
  for (let i = 0; i < customers; i++) {
    const T = minT + (maxT - minT) * uniform();
    const rate = sampleGamma(uniform, bgNbd.r, bgNbd.alpha);
    const dropout = sampleBeta(uniform, bgNbd.a, bgNbd.b);
    const spendRate = gammaGamma ? sampleGamma(uniform, gammaGamma.q, gammaGamma.v) : 0;
    let time = 0;
    let x = 0;
    let lastPurchase = 0;
    let spend = 0;
    for (;;) {
      time += -Math.log(1 - uniform()) / rate;
      if (time > T) break;
      x++;
      lastPurchase = time;
      if (gammaGamma) spend += sampleGamma(uniform, gammaGamma.p, spendRate);
      if (uniform() < dropout) break;
    }
    population.frequency[i] = x;
    population.recency[i] = lastPurchase;
    population.T[i] = T;
    population.monetaryValue[i] = x > 0 ? spend / x : 0;
  }
  return population;
}
