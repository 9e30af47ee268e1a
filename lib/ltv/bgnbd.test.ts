import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  type BgNbdData,
  type BgNbdParams,
} from "./bgnbd";
import { mulberry32, simulatePopulation } from "./simulate";
import { loadCdnowSummary } from "./__fixtures__/cdnow";

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const cdnow = loadCdnowSummary();
const cdnowData: BgNbdData = {
  frequency: cdnow.map((c) => c.frequency),
  recency: cdnow.map((c) => c.recency),
  T: cdnow.map((c) => c.T),
};
const fit = fitBgNbd(cdnowData);

// Published CDNOW values (clv-reference.md; FHL 2005 Table 1 to 3 decimals; lifetimes to 6).
const REFERENCE: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const customer1 = { frequency: 2, recency: 30.43, T: 38.86 };

describe("BG/NBD fit on CDNOW (2357 customers, weeks)", () => {
  it("recovers r, α, a, b within 0.1 % and LL −9582.43 within 0.01", () => {
    expect(fit.converged).toBe(true);
    expect(fit.divergent).toBe(false);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(fit.params[key], REFERENCE[key])).toBeLessThan(1e-3);
    }
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.01);
    expect(fit.customers).toBe(2357);
  });

  it("gives standard errors 0.012557, 0.378221, 0.185719, 0.705345 within 1 %", () => {
    const expected: BgNbdParams = { r: 0.012557, alpha: 0.378221, a: 0.185719, b: 0.705345 };
    expect(fit.standardErrors).not.toBeNull();
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(fit.standardErrors![key], expected[key])).toBeLessThan(0.01);
    }
  });

  it("evaluates the log-likelihood at the published parameters to −9582.43", () => {
    expect(Math.abs(bgNbdLogLikelihood(REFERENCE, cdnowData) - -9582.43)).toBeLessThan(0.01);
  });

  it("compresses identical rows without changing the answer (weights = repeated rows)", () => {
    // Same customers given once each with weight 2 must give the same parameters as the data twice.
    const doubled: BgNbdData = {
      frequency: [...cdnowData.frequency as number[], ...cdnowData.frequency as number[]],
      recency: [...cdnowData.recency as number[], ...cdnowData.recency as number[]],
      T: [...cdnowData.T as number[], ...cdnowData.T as number[]],
    };
    const weighted = fitBgNbd({ ...cdnowData, weight: cdnow.map(() => 2) }, { skipStandardErrors: true });
    const twice = fitBgNbd(doubled, { skipStandardErrors: true });
    expect(twice.distinctRows).toBe(fit.distinctRows);
    expect(fit.distinctRows).toBeLessThan(cdnow.length);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(weighted.params[key], fit.params[key])).toBeLessThan(1e-6);
      expect(relativeError(twice.params[key], fit.params[key])).toBeLessThan(1e-6);
    }
    expect(twice.logLikelihood).toBeCloseTo(2 * fit.logLikelihood, 6);
  });
});

describe("BG/NBD fit from poor starting points", () => {
  it("reaches the CDNOW optimum from 20 random starts spread over e^±4", () => {
    const uniform = mulberry32(11);
    const spread = () => Math.exp(8 * uniform() - 4);
    for (let k = 0; k < 20; k++) {
      const initialParams = { r: spread(), alpha: 39 * spread(), a: spread(), b: spread() };
      const fromThere = fitBgNbd(cdnowData, { initialParams, skipStandardErrors: true });
      expect(fromThere.converged).toBe(true);
      expect(fromThere.logLikelihood, JSON.stringify(initialParams)).toBeCloseTo(fit.logLikelihood, 4);
    }
  });
});

describe("BG/NBD predictions (CDNOW parameters)", () => {
  const p = fit.params;

  it("customer 1 (x 2, t_x 30.43, T 38.86): P(alive) 0.7266, E[Y(39)] 1.226", () => {
    expect(Math.abs(probabilityAlive(p, customer1) - 0.7266)).toBeLessThan(5e-5);
    expect(Math.abs(expectedPurchases(p, customer1, 39) - 1.226)).toBeLessThan(5e-4);
  });

  it("E[Y(1)] for (26, 30.86, 31.0) and (29, 37.71, 38.0): 0.710623, 0.662396", () => {
    expect(Math.abs(expectedPurchases(p, { frequency: 26, recency: 30.86, T: 31 }, 1) - 0.710623)).toBeLessThan(1e-6);
    expect(Math.abs(expectedPurchases(p, { frequency: 29, recency: 37.71, T: 38 }, 1) - 0.662396)).toBeLessThan(1e-6);
  });

  it("new-customer E[X(t)] at t = 0.1429, 1, 3, 31.8571, 32 matches the published 4 decimals", () => {
    const published: Array<[number, number]> = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
    ];
    for (const [t, value] of published) {
      expect(Math.abs(expectedPurchasesNewCustomer(p, t) - value)).toBeLessThan(5e-5);
    }
  });

  it("E[X(78)]: the converged series gives 1.857972, not the published 1.8576", () => {
    // The published 1.8576 (Hardie's spreadsheet, reused by lifetimes' tests at rtol 1e-2) is the plain
    // 2F1 series cut after ~150 terms: at z = 78/82.4 its terms decay like k^(−0.55)·0.95^k, and
    // summing it to convergence with mpmath gives 1.857972105 at the published parameters. We match the
    // converged value; the published one only to 2e-4 relative.
    expect(relativeError(expectedPurchasesNewCustomer(REFERENCE, 78), 1.857972105)).toBeLessThan(1e-8);
    expect(relativeError(expectedPurchasesNewCustomer(p, 78), 1.8576)).toBeLessThan(5e-4);
  });

  it("matches mpmath (50 digits, plain 2F1 without the Euler transformation) on other inputs", () => {
    expect(relativeError(expectedPurchases(REFERENCE, customer1, 39), 1.22591038569389)).toBeLessThan(1e-10);
    const p2 = { r: 1.3, alpha: 7, a: 2.7, b: 0.6 };
    expect(relativeError(expectedPurchases(p2, { frequency: 5, recency: 40, T: 50 }, 26), 0.618559295543413)).toBeLessThan(1e-10);
    // A long horizon (z ≈ 0.999) needs thousands of terms even after the transformation.
    const p3 = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.43 };
    expect(relativeError(expectedPurchases(p3, { frequency: 1, recency: 1, T: 2 }, 5000), 23.8071394096163)).toBeLessThan(1e-9);
  });

  it("handles a = 1 exactly (removable singularity) and is continuous there", () => {
    const at1 = { r: 0.5, alpha: 5, a: 1, b: 2.5 };
    const history = { frequency: 3, recency: 20, T: 30 };
    // mpmath limit a → 1 (evaluated at a = 1 + 1e-40 with 60 digits)
    expect(relativeError(expectedPurchases(at1, history, 10), 0.530347646110356)).toBeLessThan(1e-10);
    expect(relativeError(expectedPurchases({ r: 0.3, alpha: 2, a: 1, b: 3 }, { frequency: 0, recency: 0, T: 10 }, 52), 0.860113780609292)).toBeLessThan(1e-10);
    const below = expectedPurchases({ ...at1, a: 1 - 1e-9 }, history, 10);
    const above = expectedPurchases({ ...at1, a: 1 + 1e-9 }, history, 10);
    expect(relativeError(below, 0.530347646110356)).toBeLessThan(1e-7);
    expect(relativeError(above, 0.530347646110356)).toBeLessThan(1e-7);
  });

  it("handles a + b + x = 1 (2F1's parameter c = 0, another removable singularity)", () => {
    // mpmath limit b → 0.6 (a = 0.4, x = 0), evaluated at b = 0.6 ± 1e-40 with 60 digits
    expect(relativeError(expectedPurchasesNewCustomer({ r: 0.7, alpha: 3, a: 0.4, b: 0.6 }, 20), 2.22780590054321)).toBeLessThan(1e-10);
  });

  it("P(alive) is 1 without repeat purchases; E[Y(0)] is 0", () => {
    expect(probabilityAlive(p, { frequency: 0, recency: 0, T: 38 })).toBe(1);
    expect(expectedPurchases(p, customer1, 0)).toBe(0);
  });

  it("rejects impossible histories", () => {
    expect(() => probabilityAlive(p, { frequency: 2, recency: 40, T: 38 })).toThrow(RangeError);
    expect(() => expectedPurchases(p, customer1, -1)).toThrow(RangeError);
  });
});

describe("BG/NBD penalizer (lifetimes' convention)", () => {
  // lifetimes: objective = −LL/N + penalizer·(r² + α'² + a² + b²), α' = α·s with s = 1/max T.
  const penalizer = 0.05;
  const penalized = fitBgNbd(cdnowData, { penalizer });
  const maxT = Math.max(...cdnow.map((c) => c.T));
  const scaled: BgNbdData = {
    frequency: cdnowData.frequency,
    recency: cdnow.map((c) => c.recency / maxT),
    T: cdnow.map((c) => c.T / maxT),
  };
  const objective = (q: BgNbdParams) =>
    -bgNbdLogLikelihood({ ...q, alpha: q.alpha / maxT }, scaled) / cdnow.length +
    penalizer * (q.r ** 2 + (q.alpha / maxT) ** 2 + q.a ** 2 + q.b ** 2);

  it("minimises the penalised objective in rescaled time", () => {
    const best = objective(penalized.params);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      for (const factor of [0.99, 1.01]) {
        expect(objective({ ...penalized.params, [key]: penalized.params[key] * factor })).toBeGreaterThan(best);
      }
    }
  });

  it("shrinks the parameters and costs likelihood", () => {
    expect(penalized.params.a + penalized.params.b).toBeLessThan(fit.params.a + fit.params.b);
    expect(penalized.logLikelihood).toBeLessThan(fit.logLikelihood);
    expect(penalized.penalizer).toBe(penalizer);
  });
});

describe("BG/NBD parameter recovery on a simulated population", () => {
  it("recovers r, α, a, b within 15 % and within 4 standard errors from 20 000 customers", () => {
    const truth: BgNbdParams = { r: 0.5, alpha: 6, a: 1.2, b: 4 };
    const population = simulatePopulation({ customers: 20_000, bgNbd: truth, minT: 78, maxT: 156, seed: 1 });
    const recovered = fitBgNbd(population);
    expect(recovered.converged).toBe(true);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(relativeError(recovered.params[key], truth[key])).toBeLessThan(0.15);
      expect(Math.abs(recovered.params[key] - truth[key])).toBeLessThan(4 * recovered.standardErrors![key]);
    }
  });
});

describe("BG/NBD input checks and degenerate data", () => {
  it("rejects recency > T, recency without repeats, fractional or negative frequency", () => {
    expect(() => fitBgNbd({ frequency: [1], recency: [5], T: [4] })).toThrow(/recency/);
    expect(() => fitBgNbd({ frequency: [0], recency: [1], T: [4] })).toThrow(/recency/);
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [4] })).toThrow(/frequency/);
    expect(() => fitBgNbd({ frequency: [-1], recency: [0], T: [4] })).toThrow(/frequency/);
    expect(() => fitBgNbd({ frequency: [], recency: [], T: [] })).toThrow(/no customers/);
  });

  it("refuses data without a single repeat purchase (no estimate exists)", () => {
    expect(() => fitBgNbd({ frequency: [0, 0, 0], recency: [0, 0, 0], T: [10, 20, 30] })).toThrow(/no customer has a repeat/);
  });

  it("flags estimates that run off to 0 or ∞ on data that cannot identify them", () => {
    // Three customers, one repeat: the likelihood keeps growing as a → ∞ and b → 0.
    const tiny = fitBgNbd({ frequency: [0, 0, 1], recency: [0, 0, 5], T: [10, 20, 30] });
    expect(Object.values(tiny.params).every(Number.isFinite)).toBe(true);
    expect(tiny.divergent).toBe(true);
  });
});

describe("BG/NBD properties (fast-check)", () => {
  const params = fc.record({
    r: fc.double({ min: 0.01, max: 10, noNaN: true }),
    alpha: fc.double({ min: 0.01, max: 1000, noNaN: true }),
    a: fc.double({ min: 0.01, max: 10, noNaN: true }),
    b: fc.double({ min: 0.01, max: 10, noNaN: true }),
  });
  // Valid histories, biased towards the edges: x = 0, huge x, recency = T, tiny and huge T.
  const history = fc
    .record({
      frequency: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.constantFrom(1e4)),
      T: fc.oneof(fc.constantFrom(1e-6, 1e6), fc.double({ min: 1e-6, max: 1e4, noNaN: true })),
      share: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    })
    .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : Math.min(T, share * T) }));
  const horizon = fc.oneof(fc.constantFrom(1e-6, 1e4), fc.double({ min: 1e-6, max: 1000, noNaN: true }));

  it("P(alive) and E[Y(t)] are finite; P(alive) in [0, 1]; E[Y(t)] ≥ 0", () => {
    fc.assert(
      fc.property(params, history, horizon, (p, h, t) => {
        const alive = probabilityAlive(p, h);
        const expected = expectedPurchases(p, h, t);
        return Number.isFinite(alive) && alive >= 0 && alive <= 1 && Number.isFinite(expected) && expected >= 0;
      }),
      { numRuns: 2000 },
    );
  });

  it("the log-likelihood is finite", () => {
    fc.assert(
      fc.property(params, fc.array(history, { minLength: 1, maxLength: 5 }), (p, hs) =>
        Number.isFinite(
          bgNbdLogLikelihood(p, { frequency: hs.map((h) => h.frequency), recency: hs.map((h) => h.recency), T: hs.map((h) => h.T) }),
        ),
      ),
      { numRuns: 1000 },
    );
  });

  it("P(alive) does not decrease when the last purchase is more recent (larger t_x, same x and T)", () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 1, noNaN: true }), (p, h, share) => {
        if (h.frequency === 0) return true;
        const later = { ...h, recency: h.recency + share * (h.T - h.recency) };
        return probabilityAlive(p, later) >= probabilityAlive(p, h);
      }),
      { numRuns: 2000 },
    );
  });

  it("E[Y(t)] does not decrease with t", () => {
    fc.assert(
      fc.property(params, history, horizon, fc.double({ min: 0, max: 1000, noNaN: true }), (p, h, t, extra) => {
        const shorter = expectedPurchases(p, h, t);
        const longer = expectedPurchases(p, h, t + extra);
        // Both are sums of series accurate to ~1e-13 relative; allow that much rounding, no more.
        return longer >= shorter - 1e-12 * Math.max(1, shorter);
      }),
      { numRuns: 2000 },
    );
  });
});
