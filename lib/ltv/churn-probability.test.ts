import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BgNbdParams } from "./bgnbd";
import { probabilityAlive } from "./bgnbd-predict";
import {
  CHURN_BAND_HIGH_FROM,
  CHURN_BAND_MEDIUM_FROM,
  churnRiskBand,
  expectedNextOrderDate,
  expectedNextOrderDay,
  expectedOrders90,
  pNoOrder,
  pNoOrder90,
} from "./churn-probability";

// Published CDNOW estimates and customer 1 (docs/reference/clv-reference.md, "Known values").
const CDNOW: BgNbdParams = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
const customer1 = { frequency: 2, recency: 30.43, T: 38.86 };

// A small case worked by hand: r 1, α 2, a 1, b 2; x 1, t_x 1, T 2.
//   P(alive) = 1/(1 + a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) = 1/(1 + ½·(4/3)²) = 1/(1 + 8/9) = 9/17
//   τ = 1: ((α+T)/(α+T+τ))^(r+x) = (4/5)² = 16/25
//   pNoOrder = 1 − 9/17·(1 − 16/25) = 1 − 81/425 = 344/425 = 0.809411…
const small: BgNbdParams = { r: 1, alpha: 2, a: 1, b: 2 };
const smallCustomer = { frequency: 1, recency: 1, T: 2 };

describe("pNoOrder", () => {
  it("matches the hand-worked small case: 344/425 at τ = 1", () => {
    expect(probabilityAlive(small, smallCustomer)).toBeCloseTo(9 / 17, 14);
    expect(pNoOrder(small, smallCustomer, 1)).toBeCloseTo(344 / 425, 14);
  });

  it("is (α/(α+τ))^r for a customer seen once today (x = 0, T = 0: alive for sure)", () => {
    // r 1, α 2, τ 2: (2/4)^1 = 0.5.
    expect(pNoOrder(small, { frequency: 0, recency: 0, T: 0 }, 2)).toBeCloseTo(0.5, 14);
  });

  it("CDNOW customer 1: 0.4454 over 39 weeks, 0.6788 over 90 days", () => {
    // P(alive) 0.7266 (clv-reference). (α+T) = 43.2735, r+x = 2.242593.
    //   τ = 39:     (43.2735/82.2735)^2.242593 = e^(2.242593·−0.642519) = e^−1.440909 = 0.23672
    //               1 − 0.7266·(1 − 0.23672) = 1 − 0.55460 = 0.4454
    //   τ = 90/7 = 12.857: (43.2735/56.1306)^2.242593 = e^(2.242593·−0.260136) = 0.558023
    //               1 − 0.7266·0.441977 = 0.6789 (0.6788 with the unrounded P(alive) 0.726609)
    expect(probabilityAlive(CDNOW, customer1)).toBeCloseTo(0.7266, 4);
    expect(pNoOrder(CDNOW, customer1, 39)).toBeCloseTo(0.4454, 4);
    expect(pNoOrder90(CDNOW, customer1, "week")).toBeCloseTo(0.6788, 4);
    // The same window in a daily summary: the unit conversion, not the formula, changes.
    expect(pNoOrder90(CDNOW, customer1, "day")).toBe(pNoOrder(CDNOW, customer1, 90));
  });

  it("rejects a negative or infinite window", () => {
    expect(() => pNoOrder(CDNOW, customer1, -1)).toThrow(RangeError);
    expect(() => pNoOrder(CDNOW, customer1, Infinity)).toThrow(RangeError);
  });

  it("property: in [1 − P(alive), 1], 1 at τ = 0, non-increasing in τ", () => {
    const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        positive(0.01, 20),
        positive(0.01, 100),
        positive(0.01, 20),
        positive(0.01, 20),
        fc.integer({ min: 0, max: 50 }),
        positive(0, 1),
        positive(0, 200),
        positive(0, 200),
        positive(0, 200),
        (r, alpha, a, b, x, recencyShare, T, tau1, tau2) => {
          const params = { r, alpha, a, b };
          const history = { frequency: x, recency: x === 0 ? 0 : recencyShare * T, T };
          const alive = probabilityAlive(params, history);
          const [short, long] = tau1 <= tau2 ? [tau1, tau2] : [tau2, tau1];
          const pShort = pNoOrder(params, history, short);
          const pLong = pNoOrder(params, history, long);
          expect(pNoOrder(params, history, 0)).toBe(1);
          for (const p of [pShort, pLong]) {
            expect(p).toBeGreaterThanOrEqual(1 - alive - 1e-12);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(pLong).toBeLessThanOrEqual(pShort + 1e-12);
        },
      ),
      { numRuns: 500, seed: 16 },
    );
  });
});

describe("expectedOrders90 (FHL 2005 eq. 10 for the 90-day window)", () => {
  it("matches a hand-worked case where the Euler-transformed ₂F₁ is 1", () => {
    // r 2, α 2, a 2, b 1 (so a+b−1−r = 0: ₂F₁(0, a−1; c; z) = 1 and the bracket is 1 − (1−z)^(a−1) = z);
    // x 1, t_x 1, T 2, daily data, τ = 90: z = 90/(α+T+τ) = 90/94.
    //   P(alive) = 1/(1 + 2/1·(4/3)³) = 1/(1 + 128/27) = 27/155
    //   E[Y] = (a+b+x−1)/(a−1)·z·P(alive) = 3·(90/94)·27/155 = 7290/14570 = 0.500343…
    expect(expectedOrders90({ r: 2, alpha: 2, a: 2, b: 1 }, { frequency: 1, recency: 1, T: 2 }, "day")).toBeCloseTo(7290 / 14570, 12);
  });
});

describe("expectedNextOrderDay", () => {
  it("small case: P(alive)(1 − (4/(4+τ))²) = ½ at τ = 4(√18 − 1) = 12.97 units → day 13 (daily), day 91 (weekly)", () => {
    // 9/17·(1 − (4/(4+τ))²) = ½ ⇔ (4/(4+τ))² = 1/18 ⇔ τ = 4(√18 − 1) = 12.9706.
    // Daily: first whole day ≥ 12.9706 is 13. Weekly: d/7 ≥ 12.9706 ⇔ d ≥ 90.79 → 91.
    expect(expectedNextOrderDay(small, smallCustomer, { daysPerUnit: 1 })).toBe(13);
    expect(expectedNextOrderDay(small, smallCustomer, { daysPerUnit: 7 })).toBe(91);
    expect(expectedNextOrderDate(small, smallCustomer, "2024-12-25", { daysPerUnit: 7 })).toBe("2025-03-26");
  });

  it("CDNOW customer 1: day 207 (29.48 weeks)", () => {
    // (43.2735/(43.2735+τ))^2.242593 = 1 − 0.5/0.726609 = 0.311871 → ratio e^(ln 0.311871/2.242593) = 0.594786
    // τ = 43.2735·(1/0.594786 − 1) = 29.4814 weeks = 206.37 days → day 207.
    expect(expectedNextOrderDay(CDNOW, customer1, { daysPerUnit: 7 })).toBe(207);
    // Beyond a shorter horizon: "not expected".
    expect(expectedNextOrderDay(CDNOW, customer1, { daysPerUnit: 7, horizonDays: 206 })).toBeNull();
    expect(expectedNextOrderDay(CDNOW, customer1, { daysPerUnit: 7, horizonDays: 207 })).toBe(207);
  });

  it("is null when P(alive) ≤ ½, however long the horizon", () => {
    // x 1, t_x 0, T 30 under the small parameters: odds ½·(32/2)² = 128, P(alive) = 1/129.
    const lapsed = { frequency: 1, recency: 0, T: 30 };
    expect(probabilityAlive(small, lapsed)).toBeCloseTo(1 / 129, 12);
    expect(expectedNextOrderDay(small, lapsed, { daysPerUnit: 1, horizonDays: 1_000_000 })).toBeNull();
  });

  it("property: the day found is the first whole day with P(order by then) ≥ ½ (closed form)", () => {
    // Solving P(alive)·(1 − ((α+T)/(α+T+τ))^(r+x)) = ½: τ* = (α+T)·((1 − ½/P(alive))^(−1/(r+x)) − 1).
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.constantFrom(1, 7),
        (r, alpha, x, T, daysPerUnit) => {
          const params = { r, alpha, a: 0.8, b: 2.4 };
          const history = { frequency: x, recency: x === 0 ? 0 : T, T };
          const alive = probabilityAlive(params, history);
          const day = expectedNextOrderDay(params, history, { daysPerUnit, horizonDays: 365 });
          if (alive <= 0.5) {
            expect(day).toBeNull();
            return;
          }
          const tauStar = (alpha + T) * ((1 - 0.5 / alive) ** (-1 / (r + x)) - 1);
          const dayReal = tauStar * daysPerUnit;
          const expected = Math.max(1, Math.ceil(dayReal));
          if (expected > 365) {
            expect(day).toBeNull();
            return;
          }
          // Where τ* falls within rounding of a whole day, either neighbour is right.
          const nearWhole = Math.abs(dayReal - Math.round(dayReal)) < 1e-6;
          expect(Math.abs((day ?? Infinity) - expected)).toBeLessThanOrEqual(nearWhole ? 1 : 0);
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });
});

describe("churnRiskBand: Low < 33 % ≤ Medium < 66 % ≤ High", () => {
  it("puts the edges in the upper band", () => {
    expect(CHURN_BAND_MEDIUM_FROM).toBe(0.33);
    expect(CHURN_BAND_HIGH_FROM).toBe(0.66);
    expect(churnRiskBand(0)).toBe("low");
    expect(churnRiskBand(0.3299)).toBe("low");
    expect(churnRiskBand(0.33)).toBe("medium");
    expect(churnRiskBand(0.6599)).toBe("medium");
    expect(churnRiskBand(0.66)).toBe("high");
    expect(churnRiskBand(1)).toBe("high");
  });

  it("rejects a value that is not a probability", () => {
    for (const bad of [-0.01, 1.01, Number.NaN]) expect(() => churnRiskBand(bad)).toThrow(RangeError);
  });
});
