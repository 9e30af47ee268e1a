import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { expectedAverageOrderValue, fitGammaGamma, gammaGammaLogLikelihood, type GammaGammaParams } from "./gamma-gamma";
import { simulatePopulation } from "./simulate";
import { seededUniform } from "@/lib/random";
import { loadCdnowSummaryWithSpend } from "./__fixtures__/cdnow";

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const cdnow = loadCdnowSummaryWithSpend();
const frequency = cdnow.map((c) => c.x);
const monetaryValue = cdnow.map((c) => c.zbar);
const fit = fitGammaGamma({ frequency, monetaryValue });

describe("Gamma-Gamma on CDNOW (946 repeat customers of 2357)", () => {
  it("uses only the repeat customers", () => {
    expect(cdnow).toHaveLength(2357);
    expect(fit.customers).toBe(946);
  });

  it("gives p 6.25, q 3.74, v 15.45 (reference 6.2488, 3.7446, 15.4477) and LL −4055.92", () => {
    expect(fit.converged).toBe(true);
    expect(fit.divergent).toBe(false);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.v).toBeCloseTo(15.45, 2);
    expect(relativeError(fit.params.p, 6.2488)).toBeLessThan(1e-4);
    expect(relativeError(fit.params.q, 3.7446)).toBeLessThan(1e-4);
    expect(relativeError(fit.params.v, 15.4477)).toBeLessThan(1e-4);
    expect(Math.abs(fit.logLikelihood - -4055.92)).toBeLessThan(0.01);
  });

  it("evaluates the log-likelihood at the reference parameters to −4055.92", () => {
    const reference: GammaGammaParams = { p: 6.2488, q: 3.7446, v: 15.4477 };
    expect(Math.abs(gammaGammaLogLikelihood(reference, { frequency, monetaryValue }) - -4055.92)).toBeLessThan(0.01);
  });

  it("E[M] for customers 1–10 and the mean over all 2357 match lifetimes", () => {
    const published = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981];
    const ours = published.map((_, i) => expectedAverageOrderValue(fit.params, at(frequency, i), at(monetaryValue, i)));
    ours.forEach((value, i) => expect(relativeError(value, at(published, i))).toBeLessThan(1e-6));
    expect(ours[0]).toBeCloseTo(24.6586, 4);
    const mean = frequency.reduce((sum, x, i) => sum + expectedAverageOrderValue(fit.params, x, at(monetaryValue, i)), 0) / cdnow.length;
    expect(relativeError(mean, 35.2529588)).toBeLessThan(1e-7);
  });

  it("E[M] is the population mean v·p/(q−1) for x = 0 and moves towards m as x grows", () => {
    const { p, q, v } = fit.params;
    expect(expectedAverageOrderValue(fit.params, 0, 0)).toBeCloseTo((v * p) / (q - 1), 12);
    const few = expectedAverageOrderValue(fit.params, 1, 100);
    const many = expectedAverageOrderValue(fit.params, 50, 100);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });

  it("is invariant to the money unit (cents instead of dollars scales v only)", () => {
    const inCents = fitGammaGamma({ frequency, monetaryValue: monetaryValue.map((m) => m * 100) }, { skipStandardErrors: true });
    expect(relativeError(inCents.params.p, fit.params.p)).toBeLessThan(1e-5);
    expect(relativeError(inCents.params.q, fit.params.q)).toBeLessThan(1e-5);
    expect(relativeError(inCents.params.v, 100 * fit.params.v)).toBeLessThan(1e-5);
    // The density of m̄ picks up the Jacobian: LL(cents) = LL(dollars) − N·ln 100.
    expect(inCents.logLikelihood).toBeCloseTo(fit.logLikelihood - 946 * Math.log(100), 6);
  });
});

describe("Gamma-Gamma edge cases", () => {
  it("stays finite and flags divergence when every order has the same value (p → ∞)", () => {
    const flat = fitGammaGamma({ frequency: [1, 2, 3, 4, 5, 6], monetaryValue: [50, 50, 50, 50, 50, 50] });
    expect(Object.values(flat.params).every(Number.isFinite)).toBe(true);
    expect(flat.divergent).toBe(true);
    expect(Number.isFinite(expectedAverageOrderValue(flat.params, 3, 50))).toBe(true);
  });

  it("rejects non-positive spend for repeat customers and data without repeat customers", () => {
    expect(() => fitGammaGamma({ frequency: [1, 2], monetaryValue: [10, 0] })).toThrow(/monetary value/);
    expect(() => fitGammaGamma({ frequency: [0, 0], monetaryValue: [0, 0] })).toThrow(/no customer/);
  });

  it("refuses q ≤ 1, where the population mean does not exist", () => {
    expect(() => expectedAverageOrderValue({ p: 2, q: 1, v: 3 }, 2, 10)).toThrow(RangeError);
  });

  it("E[M] is finite and between the population mean and m (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          p: fc.double({ min: 0.01, max: 100, noNaN: true }),
          q: fc.double({ min: 1.01, max: 100, noNaN: true }),
          v: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        (params, x, m) => {
          const value = expectedAverageOrderValue(params, x, m);
          const population = (params.v * params.p) / (params.q - 1);
          const [low, high] = population < m ? [population, m] : [m, population];
          return Number.isFinite(value) && value >= low * (1 - 1e-12) && value <= high * (1 + 1e-12);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("Gamma-Gamma parameter recovery on a simulated population", () => {
  it("recovers p, q, v within 15 % and 4 standard errors", () => {
    const truth: GammaGammaParams = { p: 6, q: 4, v: 15 };
    const population = simulatePopulation({
      customers: 20_000,
      bgNbd: { r: 0.5, alpha: 6, a: 1.2, b: 4 },
      gammaGamma: truth,
      minT: 78,
      maxT: 156,
      seed: 2,
    });
    const recovered = fitGammaGamma({ frequency: population.frequency, monetaryValue: population.monetaryValue });
    expect(recovered.converged).toBe(true);
    for (const key of ["p", "q", "v"] as const) {
      expect(relativeError(recovered.params[key], truth[key])).toBeLessThan(0.15);
      expect(Math.abs(recovered.params[key] - truth[key])).toBeLessThan(4 * recovered.standardErrors![key]);
    }
  });
});

describe("Gamma-Gamma fit from poor starting points", () => {
  it("reaches the CDNOW optimum from 20 random starts (some of which run off towards p → ∞ on their own)", () => {
    const uniform = seededUniform(7);
    const spread = () => Math.exp(8 * uniform() - 4); // e^±4 around 1
    for (let k = 0; k < 20; k++) {
      const initialParams = { p: spread(), q: 1 + spread(), v: 35 * spread() };
      const fromThere = fitGammaGamma({ frequency, monetaryValue }, { initialParams, skipStandardErrors: true });
      expect(fromThere.logLikelihood, JSON.stringify(initialParams)).toBeCloseTo(fit.logLikelihood, 4);
      expect(fromThere.divergent).toBe(false);
    }
  });
});
