import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { brierScore, calibrationByDecile, runBacktest } from "./backtest";
import type { Transaction } from "./rfm";

describe("brierScore", () => {
  it("is the mean squared gap between prediction and outcome", () => {
    // (0.2 − 0)² + (0.9 − 1)² + (0.5 − 1)² = 0.04 + 0.01 + 0.25 = 0.30; / 3 = 0.1
    expect(brierScore([0.2, 0.9, 0.5], [false, true, true])).toBeCloseTo(0.1, 15);
  });

  it("refuses mismatched or empty inputs", () => {
    expect(() => brierScore([0.5], [])).toThrow(RangeError);
    expect(() => brierScore([], [])).toThrow(RangeError);
  });
});

describe("calibrationByDecile", () => {
  it("bins by tenths of the prediction, the last bin closed at 1, empty bins left out", () => {
    const bins = calibrationByDecile([0.05, 0.08, 0.35, 0.95, 1.0, 0.1], [false, true, true, true, false, false]);
    // [0, 0.1): 0.05, 0.08 → mean 0.065, one of two happened. [0.1, 0.2): 0.1 alone. [0.3, 0.4): 0.35.
    // [0.9, 1]: 0.95 and 1.0 → mean 0.975, one of two.
    expect(bins).toEqual([
      { bin: 0, customers: 2, predictedNoOrder: expect.closeTo(0.065, 12), observedNoOrder: 0.5 },
      { bin: 0.1, customers: 1, predictedNoOrder: 0.1, observedNoOrder: 0 },
      { bin: 0.3, customers: 1, predictedNoOrder: 0.35, observedNoOrder: 1 },
      { bin: 0.9, customers: 2, predictedNoOrder: expect.closeTo(0.975, 12), observedNoOrder: 0.5 },
    ]);
  });

  it("refuses a prediction outside [0, 1]", () => {
    expect(() => calibrationByDecile([1.2], [true])).toThrow(RangeError);
  });
});

// Cutoff 2024-03-31, window 30 days: (2024-03-31, 2024-04-30].
const log = (rows: string): Transaction[] =>
  rows
    .trim()
    .split("\n")
    .map((line) => {
      const fields = line.trim().split(",");
      return { customerId: at(fields, 0), date: at(fields, 1) };
    });
const HAND_MADE_LOG = `
007,2024-01-05
007,2024-02-10
007,2024-02-10
b,2024-01-01
7,2024-03-31
c,2024-04-02
007,2024-04-01
007,2024-04-01
b,2024-03-01
d,2024-02-01
d,2024-03-31
d,2024-03-31
007,2024-04-15
7,2024-04-30
007,2024-05-01
b,2024-05-01
e,2024-01-10
e,2024-01-20
e,2024-03-30`;

describe("runBacktest on a hand-made log", () => {
  const transactions = log(HAND_MADE_LOG);

  it("counts customers first seen by the cutoff and distinct purchase days in (cutoff, cutoff + N]", () => {
    const result = runBacktest(transactions, { cutoff: "2024-03-31", windowDays: 30, unit: "day" });
    // Worked by hand:
    //   007: two orders on 04-01 are one day, 04-15 another; 05-01 is after 04-30 → 2
    //   b:   05-01 is outside the window → 0
    //   7:   first seen on the cutoff day (in, with T = 0; "007" is someone else); 04-30 is the window's last day → 1
    //   c:   first seen 04-02, after the cutoff → not in the backtest
    //   d:   orders on the cutoff day belong to the calibration → 0
    //   e:   → 0
    expect(result.customers).toBe(5);
    expect(result.cutoff).toBe("2024-03-31");
    expect(result.windowDays).toBe(30);
    expect(result.perCustomer.map((c) => [c.customerId, c.observedOrders])).toEqual([
      ["007", 2],
      ["b", 0],
      ["7", 1],
      ["d", 0],
      ["e", 0],
    ]);
    // Brier over the outcomes worked out above (no order: b, d, e).
    const noOrder = [false, true, false, true, true];
    const brier = result.perCustomer.reduce((sum, c, i) => sum + (c.pNoOrder - (noOrder[i] ? 1 : 0)) ** 2, 0) / 5;
    expect(result.brier).toBeCloseTo(brier, 14);
    expect(result.calibration.reduce((sum, bin) => sum + bin.customers, 0)).toBe(5);
  });

  it("gives P(alive) 1 to customers without repeat purchases (7, seen once), below 1 to the others", () => {
    // BG/NBD: dropout happens only after a repeat purchase (clv-reference: P(alive) = 1 when x = 0).
    // The 5-customer fit itself runs off to a boundary; the CDNOW tests in cli.test.ts check the numbers.
    const result = runBacktest(transactions, { cutoff: "2024-03-31", windowDays: 30, unit: "day" });
    expect(result.fit.divergent).toBe(true);
    expect(result.perCustomer.map((c) => c.pAlive === 1)).toEqual([false, false, true, false, false]);
  });

  it("throws when nobody was seen by the cutoff, or the window is not a whole number of days", () => {
    expect(() => runBacktest(transactions, { cutoff: "2023-12-31", windowDays: 30, unit: "day" })).toThrow(/no transaction on or before/);
    expect(() => runBacktest(transactions, { cutoff: "2024-03-31", windowDays: 0, unit: "day" })).toThrow(RangeError);
    expect(() => runBacktest(transactions, { cutoff: "2024-03-31", windowDays: 1.5, unit: "day" })).toThrow(RangeError);
  });
});
