import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, lnGamma, scaledHyp2f1Excess } from "./special";

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe("lnGamma", () => {
  // Reference values: exact identities where they exist, otherwise mpmath.loggamma at 30 digits.
  const cases: Array<[number, number]> = [
    [0.5, 0.5 * Math.log(Math.PI)], // Γ(½) = √π
    [1.5, 0.5 * Math.log(Math.PI) - Math.log(2)], // Γ(3/2) = √π/2
    [10, Math.log(362880)], // 9!
    [100.5, 361.43554046777762156],
    [1e5, 1051287.7089736568949],
    [1e-8, 18.420680738180208905],
    [1e-3, 6.9071788853838536825],
    [0.242593, 1.3198159840696290326],
    [3.7, 1.4280723266653879219],
    [7.25, 7.0521854507385394449],
    [25.5, 56.389167643719946744],
  ];
  it.each(cases)("lnΓ(%s) to 1e-12 relative", (x, expected) => {
    expect(relativeError(lnGamma(x), expected)).toBeLessThan(1e-12);
  });

  it("is 0 at 1 and 2 to 1e-14 absolute (relative error is meaningless at a zero)", () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-14);
  });

  it("agrees with Σ ln k for factorials up to 170 (lnΓ(n+1) = ln n!)", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      logFactorial += Math.log(n);
      expect(Math.abs(lnGamma(n + 1) - logFactorial)).toBeLessThan(1e-12 * Math.max(1, logFactorial));
    }
  });

  it("satisfies the recurrence lnΓ(x+1) = lnΓ(x) + ln x across the shift threshold", () => {
    for (const x of [0.01, 0.3, 2.2, 8.9, 9.5, 9.999, 10, 10.5, 37.1]) {
      expect(lnGamma(x + 1)).toBeCloseTo(lnGamma(x) + Math.log(x), 12);
    }
  });

  it("rejects what the models never need", () => {
    expect(lnGamma(0)).toBe(Infinity);
    expect(lnGamma(-1.5)).toBeNaN();
    expect(lnGamma(Number.NaN)).toBeNaN();
  });
});

describe("digamma", () => {
  // mpmath.digamma at 30 digits.
  const cases: Array<[number, number]> = [
    [0.5, -1.9635100260214234794],
    [1, -0.57721566490153286061],
    [1e-8, -100000000.57721564845],
    [2.5, 0.70315664064524318723],
    [10, 2.2517525890667211076],
    [1e5, 11.512920464961895087],
    [0.242593, -4.3584892441597365874],
  ];
  it.each(cases)("ψ(%s) to 1e-12 relative", (x, expected) => {
    expect(relativeError(digamma(x), expected)).toBeLessThan(1e-12);
  });

  it("is the derivative of lnGamma (central difference)", () => {
    for (const x of [0.3, 1.7, 6.2, 44]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 7);
    }
  });
});

describe("hyp2f1", () => {
  it("2F1(1,1;2;z) = −ln(1−z)/z", () => {
    for (const z of [1e-6, 0.1, 0.5, 0.9, 0.99, -0.5]) {
      expect(relativeError(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(1e-12);
    }
  });

  it("2F1(a,b;b;z) = (1−z)^(−a)", () => {
    for (const [a, b, z] of [
      [0.7, 2.3, 0.4],
      [3.1, 1.2, 0.95],
      [-1.5, 0.5, 0.8],
      [2.5, 4, -0.6],
    ] as const) {
      expect(relativeError(hyp2f1(a, b, b, z), Math.pow(1 - z, -a))).toBeLessThan(1e-11);
    }
  });

  it("2F1(1/2,1/2;3/2;z²) = arcsin(z)/z", () => {
    for (const z of [0.05, 0.3, 0.7, 0.9, 0.97]) {
      expect(relativeError(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-11);
    }
  });

  it("matches mpmath on the Euler-transformed path (a + b > c), negative parameters and terminating series", () => {
    expect(relativeError(hyp2f1(2.3, 1.5, 0.4, 0.9), 14670.329586490969)).toBeLessThan(1e-11);
    expect(relativeError(hyp2f1(1.5, 2.5, 3.7, 0.6), 2.3722615270113249)).toBeLessThan(1e-12);
    expect(relativeError(hyp2f1(-2.5, 1.5, 3.2, 0.7), 0.41435370559506595)).toBeLessThan(1e-12);
    expect(relativeError(hyp2f1(-3, 2, 5, 0.5), 0.53571428571428571)).toBeLessThan(1e-14);
    expect(relativeError(hyp2f1(0.5, 0.7, 1.1, 0.999), 4.77241060155945)).toBeLessThan(1e-10);
  });

  it("does not stop early when a term is accidentally tiny (parameter just past a negative integer)", () => {
    // (a)_k nearly vanishes at k = 2 for a = −1.999999; the later terms are not small.
    const a = -1.999999;
    let expected = 0;
    let term = 1;
    for (let k = 0; k < 400; k++) {
      expected += term;
      term *= ((a + k) * (0.5 + k) * 0.8) / ((1.5 + k) * (k + 1));
    }
    expect(relativeError(hyp2f1(a, 0.5, 1.5, 0.8), expected)).toBeLessThan(1e-12);
  });

  it("refuses |z| ≥ 1", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -1.2)).toThrow(RangeError);
  });

  it("stops at the term cap", () => {
    // With a cap of 10 terms the slowly converging series is visibly truncated.
    expect(hyp2f1(1, 1, 2, 0.99, { maxTerms: 10 })).toBeLessThan(0.9 * hyp2f1(1, 1, 2, 0.99));
  });
});

describe("scaledHyp2f1Excess", () => {
  it("equals (c/b)·(2F1 − 1)", () => {
    for (const [a, b, c, z] of [
      [1.7, 0.4, 2.9, 0.6],
      [2.4, -0.2, 3.3, 0.3],
      [0.5, 3, 1.2, 0.9],
      [1.1, 0.7, -0.4, 0.5],
    ] as const) {
      expect(relativeError(scaledHyp2f1Excess(a, b, c, z), (c / b) * (hyp2f1(a, b, c, z) - 1))).toBeLessThan(1e-10);
    }
  });

  it("has the right limit at b = 0: c·Σ (a)_k z^k / ((c)_k k)", () => {
    const [a, c, z] = [1.3, 2.2, 0.7];
    let expected = 0;
    let pochhammerRatio = 1;
    let zk = 1;
    for (let k = 1; k < 500; k++) {
      pochhammerRatio *= (a + k - 1) / (c + k - 1);
      zk *= z;
      expected += (c * pochhammerRatio * zk) / k;
    }
    expect(relativeError(scaledHyp2f1Excess(a, 0, c, z), expected)).toBeLessThan(1e-13);
    expect(relativeError(scaledHyp2f1Excess(a, 1e-9, c, z), expected)).toBeLessThan(1e-8);
  });

  it("is finite and continuous at c = 0, where 2F1 itself has a pole", () => {
    const [a, b, z] = [0.8, -0.3, 0.6];
    const at0 = scaledHyp2f1Excess(a, b, 0, z);
    expect(Number.isFinite(at0)).toBe(true);
    expect(relativeError(scaledHyp2f1Excess(a, b, 1e-9, z), at0)).toBeLessThan(1e-7);
    expect(relativeError(scaledHyp2f1Excess(a, b, -1e-9, z), at0)).toBeLessThan(1e-7);
  });
});
