// Seeded simulation of a BG/NBD + Gamma-Gamma customer population, for the parameter-recovery test
// and bench/fit.ts. Deterministic for a given seed; no Math.random.

import type { BgNbdParams } from "./bgnbd";
import type { GammaGammaParams } from "./gamma-gamma";
import { Rng } from "@/lib/random";

const gamma = (rng: Rng, shape: number, rate: number) => rng.gamma(shape, 1 / rate);

function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a, 1);
  const y = gamma(rng, b, 1);
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
  const rng = Rng.stream(options.seed, 0x5151);
  const uniform = () => rng.float();
  const population: SimulatedPopulation = {
    frequency: new Float64Array(customers),
    recency: new Float64Array(customers),
    T: new Float64Array(customers),
    monetaryValue: new Float64Array(customers),
  };
  for (let i = 0; i < customers; i++) {
    const T = minT + (maxT - minT) * uniform();
    const rate = gamma(rng, bgNbd.r, bgNbd.alpha);
    const dropout = sampleBeta(rng, bgNbd.a, bgNbd.b);
    const spendRate = gammaGamma ? gamma(rng, gammaGamma.q, gammaGamma.v) : 0;
    let time = 0;
    let x = 0;
    let lastPurchase = 0;
    let spend = 0;
    for (;;) {
      time += -Math.log(1 - uniform()) / rate;
      if (time > T) break;
      x++;
      lastPurchase = time;
      if (gammaGamma) spend += gamma(rng, gammaGamma.p, spendRate);
      if (uniform() < dropout) break;
    }
    population.frequency[i] = x;
    population.recency[i] = lastPurchase;
    population.T[i] = T;
    population.monetaryValue[i] = x > 0 ? spend / x : 0;
  }
  return population;
}
