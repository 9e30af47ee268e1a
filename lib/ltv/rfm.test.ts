import { describe, expect, it } from "vitest";
import { at } from "./arrays";
import { summarizeTransactions, summaryColumns, type Transaction } from "./rfm";
import { CDNOW_CALIBRATION_END, loadCdnowSummary, loadCdnowSummaryWithSpend, loadCdnowTransactions } from "./__fixtures__/cdnow";

describe("summarizeTransactions (lifetimes convention)", () => {
  const transactions: Transaction[] = [
    { customerId: "a", date: "2024-01-01", amount: 10 },
    { customerId: "a", date: "2024-01-01", amount: 5 }, // same day as the first: not a repeat
    { customerId: "a", date: "2024-01-15", amount: 20 },
    { customerId: "a", date: "2024-01-15", amount: 4 }, // same day: one period of 24
    { customerId: "a", date: "2024-01-29", amount: 30 },
    { customerId: "a", date: "2024-03-01", amount: 99 }, // after as-of: ignored
    { customerId: "b", date: "2024-01-22", amount: 7 },
    { customerId: "c", date: "2024-02-10", amount: 1 }, // first purchase after as-of: no row
  ];

  it("counts repeat purchase days, measures ages in days and averages the repeat days' totals", () => {
    const rows = summarizeTransactions(transactions, { asOf: "2024-02-05", unit: "day" });
    expect(rows).toEqual([
      { customerId: "a", frequency: 2, recency: 28, T: 35, monetaryValue: (24 + 30) / 2 },
      { customerId: "b", frequency: 0, recency: 0, T: 14, monetaryValue: 0 },
    ]);
  });

  it("expresses ages in weeks as days / 7", () => {
    const a = at(summarizeTransactions(transactions, { asOf: "2024-02-05", unit: "week" }), 0);
    expect(a.recency).toBe(4);
    expect(a.T).toBe(5);
    expect(a.frequency).toBe(2);
  });

  it("includes purchases on the as-of day and accepts Date objects (their UTC day)", () => {
    const rows = summarizeTransactions(
      [
        { customerId: "a", date: new Date(Date.UTC(2024, 0, 1, 15, 30)) },
        { customerId: "a", date: "2024-01-08" },
      ],
      { asOf: new Date(Date.UTC(2024, 0, 8)), unit: "day" },
    );
    expect(rows).toEqual([{ customerId: "a", frequency: 1, recency: 7, T: 7, monetaryValue: null }]);
  });

  it("does not depend on the input order", () => {
    const shuffled = [...transactions].reverse();
    const byId = (rows: ReturnType<typeof summarizeTransactions>) => [...rows].sort((x, y) => x.customerId.localeCompare(y.customerId));
    expect(byId(summarizeTransactions(shuffled, { asOf: "2024-02-05", unit: "day" }))).toEqual(
      byId(summarizeTransactions(transactions, { asOf: "2024-02-05", unit: "day" })),
    );
  });

  it("rejects mixed amounts, negative amounts and impossible dates", () => {
    const asOf = { asOf: "2024-02-05", unit: "day" } as const;
    expect(() =>
      summarizeTransactions(
        [
          { customerId: "a", date: "2024-01-01", amount: 1 },
          { customerId: "a", date: "2024-01-02" },
        ],
        asOf,
      ),
    ).toThrow(/every transaction/);
    expect(() => summarizeTransactions([{ customerId: "a", date: "2024-01-01", amount: -1 }], asOf)).toThrow(RangeError);
    expect(() => summarizeTransactions([{ customerId: "a", date: "2023-02-30" }], asOf)).toThrow(/calendar date/);
  });

  it("gives typed columns for the fitters", () => {
    const columns = summaryColumns(summarizeTransactions(transactions, { asOf: "2024-02-05", unit: "day" }));
    expect(Array.from(columns.frequency)).toEqual([2, 0]);
    expect(Array.from(columns.T)).toEqual([35, 14]);
  });
});

describe("CDNOW: rebuilding the published summaries from CDNOW_sample.txt", () => {
  // Published files round recency and T to 2 decimals; weeks there are days / 7 with same-day purchases
  // merged (see the header of rfm.ts for the alternatives that do not match, and how many they miss).
  const ROUNDING = 0.005 + 1e-9;
  const rows = summarizeTransactions(loadCdnowTransactions(), { asOf: CDNOW_CALIBRATION_END, unit: "week" });
  const byId = new Map(rows.map((row) => [Number(row.customerId), row]));

  it("has one row per customer of the published summary", () => {
    const published = loadCdnowSummary();
    expect(published).toHaveLength(2357);
    expect(rows).toHaveLength(published.length);
  });

  it("reproduces cdnow_customers_summary.csv for every customer: frequency exactly, recency and T to the rounding", () => {
    const mismatches = loadCdnowSummary().filter((published) => {
      const ours = byId.get(published.ID);
      return (
        !ours ||
        ours.frequency !== published.frequency ||
        Math.abs(ours.recency - published.recency) > ROUNDING ||
        Math.abs(ours.T - published.T) > ROUNDING
      );
    });
    expect(mismatches).toEqual([]);
  });

  it("reproduces zbar of cdnow_customers_summary_with_transactions.csv as the monetary value", () => {
    const mismatches = loadCdnowSummaryWithSpend().filter((published) => {
      const ours = byId.get(published.ID);
      return !ours || ours.frequency !== published.x || Math.abs((ours.monetaryValue ?? NaN) - published.zbar) > ROUNDING;
    });
    expect(mismatches).toEqual([]);
  });

  it("would not match if same-day purchases counted separately: 80 customers would differ", () => {
    const rowsPerCustomer = new Map<number, number>();
    for (const t of loadCdnowTransactions()) {
      if (t.date > CDNOW_CALIBRATION_END) continue; // ISO dates compare as strings
      rowsPerCustomer.set(Number(t.customerId), (rowsPerCustomer.get(Number(t.customerId)) ?? 0) + 1);
    }
    const differing = loadCdnowSummary().filter((p) => (rowsPerCustomer.get(p.ID) ?? 0) - 1 !== p.frequency);
    expect(differing).toHaveLength(80);
  });
});
