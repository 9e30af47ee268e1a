// Fit-time benchmark: BG/NBD + Gamma-Gamma on a simulated population (default 100 000 customers).
// Run: npx tsx bench/fit.ts [--customers N] [--repeats K]. Prints one JSON object.
// runFitBench is exported so the main benchmark can import it.

import { pathToFileURL } from "node:url";
import { fitBgNbd, type BgNbdParams } from "../lib/ltv/bgnbd";
import { fitGammaGamma, type GammaGammaParams } from "../lib/ltv/gamma-gamma";
import { simulatePopulation } from "../lib/ltv/simulate";
import { quantile, round1 } from "./stats";

// CDNOW-like truth (weeks), with a one-year acquisition window so ages span 52–104 weeks.
const TRUE_BGNBD: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const TRUE_GAMMA_GAMMA: GammaGammaParams = { p: 6, q: 4, v: 15 };

export interface FitBenchResult {
  customers: number;
  repeats: number;
  /** Wall time of fitBgNbd + fitGammaGamma (standard errors included), in ms. */
  fitMs: { median: number; p95: number; all: number[] };
  bgNbd: { true: BgNbdParams; fitted: BgNbdParams; logLikelihood: number; distinctRows: number; converged: boolean };
  gammaGamma: { true: GammaGammaParams; fitted: GammaGammaParams; repeatCustomers: number; converged: boolean };
}

export function runFitBench({ customers = 100_000, repeats = 5 }: { customers?: number; repeats?: number } = {}): FitBenchResult {
  const population = simulatePopulation({
    customers,
    bgNbd: TRUE_BGNBD,
    gammaGamma: TRUE_GAMMA_GAMMA,
    minT: 52,
    maxT: 104,
    seed: 20050101,
  });
  const times: number[] = [];
  let last: { bg: ReturnType<typeof fitBgNbd>; gg: ReturnType<typeof fitGammaGamma> } | null = null;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const bg = fitBgNbd(population);
    const gg = fitGammaGamma({ frequency: population.frequency, monetaryValue: population.monetaryValue });
    times.push(performance.now() - start);
    last = { bg, gg };
  }
  if (!last) throw new RangeError("repeats must be ≥ 1");
  const sorted = [...times].sort((a, b) => a - b);
  const round = round1;
  return {
    customers,
    repeats,
    fitMs: { median: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)), all: times.map(round) },
    bgNbd: {
      true: TRUE_BGNBD,
      fitted: last.bg.params,
      logLikelihood: last.bg.logLikelihood,
      distinctRows: last.bg.distinctRows,
      converged: last.bg.converged,
    },
    gammaGamma: { true: TRUE_GAMMA_GAMMA, fitted: last.gg.params, repeatCustomers: last.gg.customers, converged: last.gg.converged },
  };
}

function numberFlag(argv: string[], name: string): number | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = Number(argv[i + 1]);
  if (!(Number.isInteger(value) && value > 0)) {
    process.stderr.write(`${name} needs a positive whole number\n`);
    process.exit(2);
  }
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const result = runFitBench({ customers: numberFlag(argv, "--customers"), repeats: numberFlag(argv, "--repeats") });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
