// `analytics backtest` on the CDNOW calibration/holdout split of the BG/NBD literature (FHL 2005 §4):
// calibration to 1997-09-30, holdout 1997-10-01 … 1998-06-30 (273 days, 39 weeks), weekly ages.
// Every per-customer figure of the CLI is checked against an independent computation: the customer
// summary and the holdout counts from the raw file by a separate few lines here, P(alive), pNoOrder and
// expected orders by brute-force integration over (λ, p) (__fixtures__/posterior.ts).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { at, last } from "./arrays";
import { runCli } from "./cli";
import { CDNOW_DIR } from "./__fixtures__/cdnow";
import { posteriorPredictions } from "./__fixtures__/posterior";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const MASTER_FILE = path.resolve(REPO_ROOT, "../shared/datasets/cdnow/CDNOW_master.txt");
const CUTOFF = "19970930";
const HOLDOUT_END = "19980630";
const WINDOW_DAYS = 273;

const tempDir = mkdtempSync(path.join(tmpdir(), "ltv-backtest-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

interface Purchase {
  id: string;
  yyyymmdd: string;
  dollars: string;
}

/** CDNOW's whitespace-separated files; `idColumn` picks the master id (5 digits, leading zeros). */
function readCdnow(file: string, idColumn: number, dateColumn: number, dollarColumn: number): Purchase[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => /^\d{8}$/.test(fields[dateColumn] ?? ""))
    .map((fields) => ({ id: at(fields, idColumn), yyyymmdd: at(fields, dateColumn), dollars: at(fields, dollarColumn) }));
}

function writeLog(name: string, purchases: Purchase[]): string {
  const file = path.join(tempDir, name);
  const lines = purchases.map((p) => `${p.id},${p.yyyymmdd.slice(0, 4)}-${p.yyyymmdd.slice(4, 6)}-${p.yyyymmdd.slice(6)},${p.dollars}`);
  writeFileSync(file, ["customer_id,date,amount", ...lines].join("\n") + "\n");
  return file;
}

const utcDay = (yyyymmdd: string) =>
  Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6))) / 86_400_000;

interface Expected {
  frequency: number;
  recency: number;
  T: number;
  observedOrders: number;
}

/** The split worked out directly from the raw rows (string dates compare in calendar order). */
function splitByHand(purchases: Purchase[]): Map<string, Expected> {
  const calibration = new Map<string, Set<string>>();
  const holdout = new Map<string, Set<string>>();
  for (const { id, yyyymmdd } of purchases) {
    const target = yyyymmdd <= CUTOFF ? calibration : yyyymmdd <= HOLDOUT_END ? holdout : null;
    if (!target) continue;
    if (!target.has(id)) target.set(id, new Set());
    target.get(id)!.add(yyyymmdd);
  }
  const customers = new Map<string, Expected>();
  for (const [id, days] of calibration) {
    const sorted = [...days].sort();
    const first = utcDay(at(sorted, 0));
    customers.set(id, {
      frequency: sorted.length - 1,
      recency: (utcDay(last(sorted)) - first) / 7,
      T: (utcDay(CUTOFF) - first) / 7,
      observedOrders: holdout.get(id)?.size ?? 0,
    });
  }
  return customers;
}

interface CustomerOutput {
  pAlive: number;
  pNoOrder: number;
  expectedOrders: number;
  observedOrders: number;
}

interface BacktestOutput {
  customers: number;
  cutoff: string;
  windowDays: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
  brier: number;
  calibration: Array<{ bin: number; customers: number; predictedNoOrder: number; observedNoOrder: number }>;
  perCustomer: Record<string, CustomerOutput>;
}

function backtest(file: string): BacktestOutput {
  let stdout = "";
  let stderr = "";
  const code = runCli(["backtest", "--input", file, "--cutoff", "1997-09-30", "--window-days", String(WINDOW_DAYS), "--per-customer"], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (f) => readFileSync(f, "utf8"),
  });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

function outputOf(result: BacktestOutput, id: string): CustomerOutput {
  const output = result.perCustomer[id];
  if (!output) throw new Error(`the backtest gave no row for customer ${id}`);
  return output;
}

/**
 * Per customer: observedOrders exact; P(alive) and pNoOrder within 0.003 of the integration (every
 * customer, or every `stride`-th); expected orders within 1 % for the customers `orderChecks` picks.
 */
function checkCustomers(result: BacktestOutput, expected: Map<string, Expected>, stride: number, orderChecks: string[]) {
  const params = result.bgnbd;
  const tau = WINDOW_DAYS / 7;
  expect(Object.keys(result.perCustomer).sort()).toEqual([...expected.keys()].sort());
  const ids = [...expected.keys()].sort();
  let worstNoOrder = 0;
  const cache = new Map<string, { pAlive: number; pNoOrder: number }>();
  ids.forEach((id, i) => {
    const truth = expected.get(id)!;
    const output = outputOf(result, id);
    expect(output.observedOrders, id).toBe(truth.observedOrders);
    if (i % stride !== 0) return;
    const key = `${truth.frequency}|${truth.recency}|${truth.T}`;
    let check = cache.get(key);
    if (!check) {
      check = posteriorPredictions(params, truth, tau, { withExpectedOrders: false });
      cache.set(key, check);
    }
    expect(Math.abs(output.pAlive - check.pAlive), id).toBeLessThan(0.003);
    expect(Math.abs(output.pNoOrder - check.pNoOrder), id).toBeLessThan(0.003);
    worstNoOrder = Math.max(worstNoOrder, Math.abs(output.pNoOrder - check.pNoOrder));
  });
  for (const id of orderChecks) {
    const check = posteriorPredictions(params, expected.get(id)!, tau);
    expect(Math.abs(outputOf(result, id).expectedOrders / check.expectedOrders - 1), id).toBeLessThan(0.01);
  }
  return worstNoOrder;
}

/** A spread of histories for the 2-D integral: the first customer with each of these x, and the largest x. */
function orderCheckIds(expected: Map<string, Expected>): string[] {
  const ids = [...expected.keys()].sort();
  const picks = [0, 1, 2, 3, 5, 8, 13].map((x) => ids.find((id) => expected.get(id)!.frequency === x)).filter((id) => id !== undefined);
  const most = ids.reduce((best, id) => (expected.get(id)!.frequency > expected.get(best)!.frequency ? id : best));
  // A lapsed repeat buyer: several purchases, none in the last half year of the calibration.
  const lapsed = ids.find((id) => expected.get(id)!.frequency >= 3 && expected.get(id)!.T - expected.get(id)!.recency > 26);
  return [...picks, most, ...(lapsed ? [lapsed] : [])];
}

/** Brier and calibration recomputed from the per-customer output with the outcomes counted by hand. */
function checkAggregates(result: BacktestOutput, expected: Map<string, Expected>) {
  const rows = [...expected].map(([id, truth]) => ({ p: outputOf(result, id).pNoOrder, none: truth.observedOrders === 0 }));
  const brier = rows.reduce((sum, { p, none }) => sum + (p - (none ? 1 : 0)) ** 2, 0) / rows.length;
  expect(result.brier).toBeCloseTo(brier, 12);
  for (const bin of result.calibration) {
    const members = rows.filter(({ p }) => (bin.bin === 0.9 ? p >= 0.9 : p >= bin.bin && p < bin.bin + 0.1));
    expect(bin.customers).toBe(members.length);
    expect(bin.predictedNoOrder).toBeCloseTo(members.reduce((s, m) => s + m.p, 0) / members.length, 12);
    expect(bin.observedNoOrder).toBeCloseTo(members.filter((m) => m.none).length / members.length, 12);
  }
  expect(result.calibration.reduce((sum, bin) => sum + bin.customers, 0)).toBe(rows.length);
  // Skill: better than predicting the base rate for everyone (Brier of that = rate·(1 − rate)).
  const rate = rows.filter((r) => r.none).length / rows.length;
  expect(result.brier).toBeLessThan(rate * (1 - rate));
  const expectedTotal = Object.values(result.perCustomer).reduce((sum, c) => sum + c.expectedOrders, 0);
  const observedTotal = [...expected.values()].reduce((sum, c) => sum + c.observedOrders, 0);
  return { expectedTotal, observedTotal, rate };
}

describe("analytics backtest on the CDNOW 1/10 sample (2357 customers; ids with leading zeros)", () => {
  // The sample's first column is the master id ("00004"): the CLI must keep it as a string.
  const purchases = readCdnow(path.join(CDNOW_DIR, "CDNOW_sample.txt"), 0, 2, 4);
  const file = writeLog("cdnow-sample.csv", purchases);
  const expected = splitByHand(purchases);
  const result = backtest(file);

  it("fits the published calibration-period estimates (docs/reference/clv-reference.md)", () => {
    expect(result.customers).toBe(2357);
    expect(result.cutoff).toBe("1997-09-30");
    expect(result.windowDays).toBe(273);
    const reference = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    for (const key of ["r", "alpha", "a", "b"] as const) {
      // Unrounded ages from the log: the estimates differ from the 2-decimal summary's in the 5th digit.
      expect(Math.abs(result.bgnbd[key] / reference[key] - 1), key).toBeLessThan(1e-3);
    }
    expect(result.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(result.perCustomer["00004"]).toBeDefined();
  });

  it("matches the independent per-customer computation: observed exactly, pNoOrder within 0.003, orders within 1 %", () => {
    const worst = checkCustomers(result, expected, 1, orderCheckIds(expected));
    expect(worst).toBeLessThan(1e-6); // measured ~1e-14: the closed form and the integral agree to rounding
  });

  it("Brier, calibration and the aggregate holdout forecast", () => {
    const { expectedTotal, observedTotal, rate } = checkAggregates(result, expected);
    // Measured: Brier 0.1612 against 0.2060 for the base rate (71.0 % bought nothing in the holdout).
    expect(rate).toBeCloseTo(0.7098, 4);
    // 2457 repeat purchase days in the calibration period (FHL's Σx), 1882 distinct purchase days in the
    // holdout. BG/NBD forecasts 1653.4 of them: 12 % short, as the aggregate tracking plot of FHL 2005
    // (Fig. 3) bends below the actual line late in the holdout. Close, not equal: assert within 15 %.
    expect(observedTotal).toBe(1882);
    expect(Math.abs(expectedTotal / observedTotal - 1)).toBeLessThan(0.15);
  });
});

describe.skipIf(!existsSync(MASTER_FILE))("analytics backtest on the CDNOW master file (23570 customers)", () => {
  it("matches the independent per-customer computation and counts", () => {
    const purchases = readCdnow(MASTER_FILE, 0, 1, 3);
    const expected = splitByHand(purchases);
    const result = backtest(writeLog("cdnow-master.csv", purchases));
    expect(result.customers).toBe(23570);
    expect(expected.size).toBe(23570);
    checkCustomers(result, expected, 7, orderCheckIds(expected));
    const { expectedTotal, observedTotal } = checkAggregates(result, expected);
    // Measured: r 0.2516, α 4.789, a 0.7234, b 2.161 (the 1/10 sample's differ by 4–12 %);
    // forecast 16 874 vs 19 684 observed purchase days (−14 %), Brier 0.1654.
    expect(observedTotal).toBe(19684);
    expect(Math.abs(expectedTotal / observedTotal - 1)).toBeLessThan(0.15);
  }, 120_000);
});
