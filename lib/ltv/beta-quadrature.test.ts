import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { dropoutFactor, meanDropoutFactor } from "./beta-quadrature";

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

const mean = (a: number, B: number, R: number, s: number[]) => {
  const out = new Float64Array(s.length);
  meanDropoutFactor(a, B, R, s, out);
  return Array.from(out);
};

describe("dropoutFactor κ(u) = (1 − (1+u)^−R)/(R·u)", () => {
  it("is 1 at 0, continuous across its small-u branch, and ~1/(R·u) for large u", () => {
    expect(dropoutFactor(2, 0)).toBe(1);
    const R = 3;
    const edge = 1e-8 / (R + 1);
    expect(relativeError(dropoutFactor(R, edge * (1 - 1e-9)), dropoutFactor(R, edge * (1 + 1e-9)))).toBeLessThan(1e-15);
    expect(relativeError(dropoutFactor(R, 1e12), 1 / (R * 1e12))).toBeLessThan(1e-12);
    expect(dropoutFactor(1e-4, 1e-320)).toBe(1); // R·u would underflow
  });
});

describe("meanDropoutFactor", () => {
  it("is exact for a point mass: Beta(a, B) with a, B → ∞ gives κ(p·s)", () => {
    // Beta(1e12·p, 1e12·(1−p)) has sd ~1e-6·p: E[κ(ps)] = κ(ps)(1 + O(1e-12)).
    const value = at(mean(0.3e12, 0.7e12, 2.5, [3]), 0);
    expect(relativeError(value, dropoutFactor(2.5, 0.9))).toBeLessThan(1e-10);
  });

  it("matches E[κ(ps)] = Σ_k ... for R = 1, where κ(u) = 1/(1+u) and E[1/(1+ps)] = 2F1(1, a; a+B; −s)", () => {
    // For s < 1 the 2F1 series converges: Σ (a)_k/(a+B)_k (−s)^k.
    const series = (a: number, B: number, s: number) => {
      let term = 1;
      let sum = 1;
      for (let k = 0; k < 2000; k++) {
        term *= ((a + k) / (a + B + k)) * -s;
        sum += term;
      }
      return sum;
    };
    for (const [a, B] of [
      [0.05, 3], // left form
      [4, 0.1], // right form
      [0.2, 0.3], // chord form
      [2.5, 7], // direct
      [3e4, 5e5], // direct, concentrated
    ] as const) {
      for (const s of [1e-6, 0.3, 0.9]) {
        expect(relativeError(at(mean(a, B, 1, [s]), 0), series(a, B, s)), `${a} ${B} ${s}`).toBeLessThan(1e-12);
      }
    }
  });

  it("is continuous where the form changes (a or B = ½)", () => {
    for (const [a, B] of [
      [0.5, 3],
      [3, 0.5],
      [0.5, 0.5],
    ] as const) {
      const below = mean(a === 0.5 ? 0.5 - 1e-12 : a, B === 0.5 ? 0.5 - 1e-12 : B, 7, [40]);
      const above = mean(a, B, 7, [40]);
      expect(relativeError(at(below, 0), at(above, 0)), `${a} ${B}`).toBeLessThan(1e-11);
    }
  });

  it("is in [κ(s), 1] and non-increasing in s on a shared grid", () => {
    const s = Array.from({ length: 50 }, (_, k) => 10 ** (k / 5 - 4));
    for (const [a, B, R] of [
      [0.02, 2, 900],
      [1e7, 0.03, 0.5],
      [0.9, 1e8, 3],
      [2e4, 2e6, 17],
    ] as const) {
      const values = mean(a, B, R, s);
      values.forEach((v, k) => {
        expect(v).toBeLessThanOrEqual(1);
        expect(v).toBeGreaterThanOrEqual(dropoutFactor(R, at(s, k)));
        if (k > 0) expect(v).toBeLessThanOrEqual(at(values, k - 1));
      });
    }
  });
});
