import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { paretoShare } from "@/lib/ltv/formula";
import {
  bucketOf,
  decimalsOf,
  histogramOfSorted,
  paretoChartOfSorted,
  cohortGrid,
  downsample,
  histogram,
  lastMonths,
  monthsBetween,
  paretoChart,
  paretoChartOfRanks,
  paretoChartRanks,
  patchSorted,
  quantileSorted,
} from "./chart-math";

describe("downsample", () => {
  it("keeps short curves whole and long ones to at most maxPoints, ends included", () => {
    expect(downsample([1, 2, 3], 101)).toEqual([1, 2, 3]);
    const long = Array.from({ length: 10_001 }, (_, i) => i);
    const out = downsample(long, 101);
    expect(out).toHaveLength(101);
    expect(out[0]).toBe(0);
    expect(out.at(-1)).toBe(10_000);
    expect(out[20]).toBe(2000);
  });
});

describe("paretoChart", () => {
  it("uses lib/ltv's share and draws at most 101 exact curve points", () => {
    const revenues = Array.from({ length: 500 }, (_, i) => 1000 / (i + 1));
    const chart = paretoChart(revenues);
    expect(chart.points.length).toBeLessThanOrEqual(101);
    expect(chart.points[0]).toEqual({ accountShare: 0, revenueShare: 0 });
    expect(chart.points.at(-1)).toEqual({ accountShare: 1, revenueShare: 1 });
    expect(chart.top20Share).toBe(paretoShare(revenues, 0.2).value);
    // 20 % of 500 accounts is an exact curve point here: the chart passes through the KPI.
    expect(chart.points.find((p) => p.accountShare === 0.2)?.revenueShare).toBeCloseTo(chart.top20Share, 12);
  });
});

describe("paretoChart's revenue floors", () => {
  it("gives, beside each point, the smallest revenue of the customers it counts", () => {
    // Revenues 50, 400, 100, 250, -20 (a net refund counts as 0): largest first 400, 250, 100, 50, 0.
    const chart = paretoChart([50, 400, 100, 250, -20]);
    expect(chart.points.map((p) => p.accountShare)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(chart.minRevenues).toEqual([null, 400, 250, 100, 50, 0]);
    // Top 40 %: 400 + 250 = 650 of 800.
    expect(chart.points[2]?.revenueShare).toBeCloseTo(650 / 800, 12);
  });

  it("keeps the floors beside the points it keeps when it thins the curve", () => {
    // 1000 customers with revenues 1000, 999, …, 1: point i counts the top i, whose smallest is 1001 − i.
    const chart = paretoChart(
      Array.from({ length: 1000 }, (_, i) => i + 1),
      11,
    );
    expect(chart.points.map((p) => p.accountShare)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(chart.minRevenues).toEqual([null, 901, 801, 701, 601, 501, 401, 301, 201, 101, 1]);
  });
});

describe("histogram", () => {
  it("counts every value once on a 1-2-5 ladder, negatives in their own bins, 0 on an edge, tails in open bins", () => {
    // Skewed like LTV: most accounts in the low thousands, a long tail, some negative, one huge.
    const values = Array.from({ length: 200 }, (_, i) => (i < 30 ? -50 * (i + 1) : 40 * 1.045 ** i));
    values.push(5_000_000);
    const h = histogram(values);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
    expect(h.accounts).toBe(values.length);
    expect(h.negative).toBe(30);
    expect(h.bins.some((b) => b.to === 0) && h.bins.some((b) => b.from === 0)).toBe(true);
    const edges = h.bins.flatMap((b) => [b.from, b.to]).filter((e): e is number => e !== null && e !== 0);
    for (const edge of edges) expect(String(Math.abs(edge) / 10 ** Math.floor(Math.log10(Math.abs(edge))))).toMatch(/^(1|2|5)$/);
    expect(h.bins.at(-1)).toMatchObject({ to: null, count: 1 });
    // No bar holds most of the accounts, unlike fixed-width bins on this shape.
    expect(Math.max(...h.bins.map((b) => b.count))).toBeLessThan(values.length / 3);
    expect(h.bins.length).toBeLessThanOrEqual(24);
  });

  it("handles empty and constant input", () => {
    expect(histogram([]).bins).toEqual([]);
    const flat = histogram([0, 0, 0]);
    expect(flat.bins.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(flat.median).toBe(0);
  });

  it("property: bins are contiguous and partition the values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const h = histogram(values);
        expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(values.length);
        for (let i = 1; i < h.bins.length; i++) expect(h.bins[i]!.from).toBe(h.bins[i - 1]!.to);
        for (const bin of h.bins) {
          const inside = values.filter((v) => (bin.from === null || v >= bin.from) && (bin.to === null || v < bin.to)).length;
          expect(inside).toBe(bin.count);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("all-positive and all-negative books, and quantiles", () => {
    const rich = histogram([150_000, 180_000, 260_000, 900_000]);
    expect(rich.bins[0]!.from).toBeGreaterThan(0);
    expect(rich.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    const poor = histogram([-900, -450, -10]);
    expect(poor.bins.every((b) => b.from === null || b.from < 0)).toBe(true);
    expect(poor.bins.reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe("months and cohorts", () => {
  it("lists the last months oldest first", () => {
    expect(lastMonths(new Date("2026-02-15T10:00:00Z"), 4)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsBetween("2025-11", "2026-02")).toBe(3);
  });

  it("turns rows into a grid: shares per offset, 0 when nobody bought, null when not yet observable", () => {
    const grid = cohortGrid(
      [
        { cohort: "2026-01", size: 4, k: 0, accounts: 4 },
        { cohort: "2026-01", size: 4, k: 2, accounts: 1 },
        { cohort: "2026-03", size: 2, k: 0, accounts: 2 },
      ],
      "2026-03",
    );
    expect(grid.maxOffset).toBe(2);
    expect(grid.cohorts).toEqual([
      { cohort: "2026-01", size: 4, retention: [1, 0, 0.25] },
      { cohort: "2026-03", size: 2, retention: [1, null, null] },
    ]);
  });
});

describe("the chart math fed by SQL (lib/portfolio/charts.ts)", () => {
  it("bucketOf counts as PostgreSQL's width_bucket(v, edges): 0 below, i for [edges[i-1], edges[i]), n at or above the last", () => {
    const edges = [0, 10, 20];
    expect([-5, 0, 9.99, 10, 19.99, 20, 25].map((v) => bucketOf(v, edges))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it("asks for the drawn ranks, the two around the top 20 % and the last", () => {
    // 7 customers: every rank 0..7 is drawn (≤ 101 points); 20 % of 7 = 1.4 → ranks 1 and 2.
    expect(paretoChartRanks(7)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // 1 000 customers: every 10th rank (101 points), plus 200 and 201 around 20 % = 200.
    const ranks = paretoChartRanks(1000);
    expect(ranks).toHaveLength(102);
    expect(ranks.slice(0, 3)).toEqual([0, 10, 20]);
    expect(ranks.filter((i) => i % 10 !== 0)).toEqual([201]);
    expect(ranks.at(-1)).toBe(1000);
  });

  it("builds the same chart from the ranks alone", () => {
    // Revenues 50, 40, 10 (sorted): running sums 50, 90, 100 of 100.
    const chart = paretoChartOfRanks(
      3,
      new Map([
        [1, { revenue: 50, cumulative: 50 }],
        [2, { revenue: 40, cumulative: 90 }],
        [3, { revenue: 10, cumulative: 100 }],
      ]),
    );
    expect(chart.points.map((p) => p.revenueShare)).toEqual([0, 0.5, 0.9, 1]);
    expect(chart.minRevenues).toEqual([null, 50, 40, 10]);
    // 20 % of 3 = 0.6 customers: 0.6 × the first one's 50 % = 30 %.
    expect(chart.top20Share).toBeCloseTo(0.3, 12);
    expect(chart).toEqual(paretoChart([10, 50, 40]));
  });
});

describe("decimalsOf (the dashboard's values as PostgreSQL writes them)", () => {
  it("reads each value as Number would, to the last bit, whatever its form", () => {
    const values = [
      "0",
      "-0",
      "12",
      "12.5",
      "-3.00",
      "0.01",
      "47.80",
      "999999999999.99",
      "-123456789012.34",
      "1e3",
      "0.125",
      "9007199254740993",
    ];
    const read = decimalsOf(values.join(","));
    expect(Array.from(read)).toEqual(values.map(Number));
    expect(Object.is(read[1], -0)).toBe(true);
  });

  it("agrees with Number on 20 000 random amounts of up to two decimals", () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647);
    const values = Array.from({ length: 20_000 }, () => {
      const cents = (next() % 2_000_000_000) - 500_000_000;
      const text = (cents / 100).toFixed(next() % 3);
      return text;
    });
    expect(Array.from(decimalsOf(values.join(",")))).toEqual(values.map(Number));
    expect(decimalsOf("")).toHaveLength(0);
  });
});

describe("the sorted-input charts (what the dashboard's SQL hands over)", () => {
  const values = Array.from({ length: 5_000 }, (_, i) => Math.round(Math.sin(i * 12.9898) * 43758.5453 * 100) / 100);

  it("paretoChartOfSorted: each point's share is the running sum of the largest revenues over the total", () => {
    const desc = values.map((v) => Math.max(0, v)).sort((a, b) => b - a);
    const running = [0];
    for (const v of desc) running.push(running.at(-1)! + v);
    const chart = paretoChartOfSorted(desc);
    expect(chart.customers).toBe(desc.length);
    for (const point of chart.points) {
      const i = Math.round(point.accountShare * desc.length);
      expect(point.revenueShare).toBe(running[i]! / running.at(-1)!);
    }
  });

  it("histogramOfSorted counts each value in its width_bucket bin (bucketOf), negatives apart", () => {
    const ascending = [...values].sort((a, b) => a - b);
    const chart = histogramOfSorted(ascending);
    const edges = [...new Set(chart.bins.flatMap((bin) => [bin.from, bin.to]).filter((e): e is number => e !== null))].sort(
      (a, b) => a - b,
    );
    const counts = new Map<number, number>();
    for (const v of values) counts.set(bucketOf(v, edges), (counts.get(bucketOf(v, edges)) ?? 0) + 1);
    expect(chart.bins.map((bin) => bin.count)).toEqual(
      chart.bins.map((bin) => counts.get(bin.from === null ? 0 : edges.indexOf(bin.from) + 1) ?? 0),
    );
    expect(chart.negative).toBe(values.filter((v) => v < 0).length);
    expect(chart.accounts).toBe(values.length);
  });
});

describe("patchSorted (the overview's held values brought up to date)", () => {
  // Reference: the multiset by hand, one value at a time, then sorted.
  function byHand(values: number[], removed: number[], added: number[], order: "ascending" | "descending"): number[] | null {
    const out = [...values, ...added];
    for (const value of removed) {
      const at = out.indexOf(value);
      if (at === -1) return null;
      out.splice(at, 1);
    }
    return out.sort((a, b) => (order === "ascending" ? a - b : b - a));
  }
  const sortedAs = (values: number[], order: "ascending" | "descending") =>
    Float64Array.from(values.sort((a, b) => (order === "ascending" ? a - b : b - a)));

  it("takes away and puts in values, duplicates counted, in either order", () => {
    expect([...patchSorted(sortedAs([5, 3, 3, 1], "descending"), Float64Array.of(3), Float64Array.of(4, 0), "descending")!]).toEqual([
      5, 4, 3, 1, 0,
    ]);
    expect([...patchSorted(sortedAs([1, 2, 2, 9], "ascending"), Float64Array.of(2, 9), Float64Array.of(2.5), "ascending")!]).toEqual([
      1, 2, 2.5,
    ]);
  });

  it("applies a batch in which a value is put in and taken away again (an account changed twice)", () => {
    // 100 → 150 → 200: the batch takes away 100 and 150 and puts in 150 and 200.
    const patched = patchSorted(sortedAs([300, 100, 50], "descending"), Float64Array.of(100, 150), Float64Array.of(150, 200), "descending");
    expect([...patched!]).toEqual([300, 200, 50]);
  });

  it("is null when a value to take away is not there", () => {
    expect(patchSorted(sortedAs([1, 2, 3], "ascending"), Float64Array.of(2.5), new Float64Array(0), "ascending")).toBeNull();
    expect(patchSorted(sortedAs([1, 2, 3], "ascending"), Float64Array.of(4), new Float64Array(0), "ascending")).toBeNull();
    expect(patchSorted(sortedAs([2, 2], "descending"), Float64Array.of(2, 2, 2), Float64Array.of(1), "descending")).toBeNull();
  });

  it("agrees with the multiset by hand on random batches", () => {
    // Few distinct values (quarters from -2 to 8): many ties, some negatives.
    const value = fc.integer({ min: -8, max: 32 }).map((q) => q / 4);
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 30 }),
        fc.array(value, { maxLength: 6 }),
        // Indexes into the values and the batch's own puts; a value no list holds now and then.
        fc.array(
          fc.oneof(
            fc.nat(),
            value.map((v) => v + 0.125),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom("ascending" as const, "descending" as const),
        (values, added, picks, order) => {
          const pool = [...values, ...added];
          const removed = picks.map((pick) =>
            Number.isInteger(pick) && pool.length > 0 ? pool.splice((pick as number) % pool.length, 1)[0]! : (pick as number),
          );
          const expected = byHand(values, removed, added, order);
          const actual = patchSorted(sortedAs([...values], order), Float64Array.from(removed), Float64Array.from(added), order);
          expect(actual === null ? null : [...actual]).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
