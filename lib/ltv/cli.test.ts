import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fitBgNbd } from "./bgnbd";
import { runCli } from "./cli";
import { summarizeTransactions, summaryColumns } from "./rfm";
import { CDNOW_DIR, loadCdnowTransactions } from "./__fixtures__/cdnow";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const tempDir = mkdtempSync(path.join(tmpdir(), "ltv-cli-"));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function writeTemp(name: string, content: string): string {
  const file = path.join(tempDir, name);
  writeFileSync(file, content);
  return file;
}

function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (file) => readFileSync(file, "utf8"),
  });
  return { code, stdout, stderr };
}

// The published CDNOW files, rewritten with the CLI's headers.
const summaryLines = readFileSync(path.join(CDNOW_DIR, "cdnow_customers_summary.csv"), "utf8").trim().split("\n").slice(1);
const summaryFile = writeTemp("cdnow-summary.csv", ["customer_id,frequency,recency,T", ...summaryLines].join("\n") + "\n");
const spendLines = readFileSync(path.join(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv"), "utf8").trim().split("\n").slice(1);
const spendFile = writeTemp("cdnow-spend.csv", ["customer_id,frequency,recency,T,monetary_value", ...spendLines].join("\n"));
const transactions = loadCdnowTransactions();
const transactionFile = writeTemp(
  "cdnow-transactions.csv",
  ["customer_id,date,amount", ...transactions.map((t) => `${t.customerId},${String(t.date)},${t.amount}`)].join("\n") + "\n",
);

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe("analytics fit (in-process)", () => {
  it("fits a summary file and prints one JSON object: CDNOW BG/NBD, no Gamma-Gamma without amounts", () => {
    const { code, stdout, stderr } = run(["fit", "--input", summaryFile]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(["customers", "bgnbd", "gammaGamma"]);
    expect(result.customers).toBe(2357);
    expect(relativeError(result.bgnbd.r, 0.242593)).toBeLessThan(1e-3);
    expect(relativeError(result.bgnbd.alpha, 4.413532)).toBeLessThan(1e-3);
    expect(relativeError(result.bgnbd.a, 0.792886)).toBeLessThan(1e-3);
    expect(relativeError(result.bgnbd.b, 2.425752)).toBeLessThan(1e-3);
    expect(result.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(result.gammaGamma).toBeNull();
  });

  it("fits Gamma-Gamma too when the summary has monetary_value", () => {
    const { code, stdout } = run(["fit", "--input", spendFile]);
    expect(code).toBe(0);
    const { gammaGamma } = JSON.parse(stdout);
    expect(gammaGamma.p).toBeCloseTo(6.25, 2);
    expect(gammaGamma.q).toBeCloseTo(3.74, 2);
    expect(gammaGamma.v).toBeCloseTo(15.45, 2);
  });

  it("summarises a transaction file at --asof (CDNOW calibration end gives the published estimates)", () => {
    const { code, stdout } = run(["fit", "--input", transactionFile, "--asof", "1997-09-30", "--unit", "week"]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.customers).toBe(2357);
    // Unrounded ages, so the estimates differ from the 2-decimal summary's only in the 5th digit.
    expect(relativeError(result.bgnbd.r, 0.242593)).toBeLessThan(1e-3);
    expect(relativeError(result.bgnbd.b, 2.425752)).toBeLessThan(1e-3);
    expect(result.gammaGamma.p).toBeCloseTo(6.25, 1);
  });

  it("defaults --asof to the last transaction date and --unit to week", () => {
    const { code, stdout } = run(["fit", "--input", transactionFile]);
    expect(code).toBe(0);
    const expected = fitBgNbd(summaryColumns(summarizeTransactions(transactions, { asOf: "1998-06-30", unit: "week" })));
    const result = JSON.parse(stdout);
    expect(result.bgnbd.r).toBeCloseTo(expected.params.r, 10);
    expect(result.bgnbd.alpha).toBeCloseTo(expected.params.alpha, 8);
    expect(result.bgnbd.logLikelihood).toBeCloseTo(expected.logLikelihood, 6);
  });

  it("prints gammaGamma null for transactions without amounts", () => {
    const file = writeTemp(
      "no-amount.csv",
      "customer_id,date\na,2024-01-01\na,2024-01-09\nb,2024-01-03\nc,2024-01-02\nc,2024-01-20\nc,2024-02-02\n",
    );
    const { code, stdout } = run(["fit", "--input", file, "--asof", "2024-03-01", "--unit", "day"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).gammaGamma).toBeNull();
  });

  describe("bad files: exit 2, the line and the column on stderr, nothing on stdout", () => {
    const cases: Array<[string, string, RegExp]> = [
      ["missing column", "customer_id,frequency,recency\n1,0,0\n", /line 1: missing column "T"/],
      [
        "non-numeric value",
        "customer_id,frequency,recency,T\n1,0,0,38.86\n2,1,abc,38.86\n",
        /line 3: column "recency": not a number: "abc"/,
      ],
      ["bad date", "customer_id,date,amount\n1,1997-01-01,10\n1,1997-02-30,10\n", /line 3: column "date": not a YYYY-MM-DD calendar date/],
      ["recency after T", "customer_id,frequency,recency,T\n1,2,40,38.86\n", /line 2: column "recency": 40 is after T 38.86/],
      ["negative number", "customer_id,date,amount\n1,1997-01-01,-5\n", /line 2: column "amount": must not be negative/],
      ["negative frequency", "customer_id,frequency,recency,T\n1,-1,0,38.86\n", /line 2: column "frequency": must not be negative/],
      ["unknown header", "id,when,value\n1,1997-01-01,5\n", /line 1: unknown header "id,when,value"/],
      ["unknown column", "customer_id,frequency,recency,T,region\n1,0,0,3,EU\n", /line 1: unknown column "region"/],
      ["wrong column count", "customer_id,frequency,recency,T\n1,0,0\n", /line 2: expected 4 columns, found 3/],
      ["duplicate customer", "customer_id,frequency,recency,T\n1,0,0,3\n1,0,0,3\n", /line 3: column "customer_id": "1" appears twice/],
      ["fractional frequency", "customer_id,frequency,recency,T\n1,1.5,1,3\n", /line 2: column "frequency": must be a whole number/],
      [
        "zero spend of a repeat customer",
        "customer_id,frequency,recency,T,monetary_value\n1,2,1,3,0\n",
        /line 2: column "monetary_value": must be > 0/,
      ],
      ["empty numeric cell", "customer_id,frequency,recency,T\n1,,0,3\n", /line 2: column "frequency": not a number: ""/],
      // A quoted newline in a record must not throw the line count off.
      ["quoted newline before the error", 'customer_id,frequency,recency,T\n"a\nb",1,2,3\nc,x,0,3\n', /line 4: column "frequency"/],
    ];
    it.each(cases)("%s", (name, content, message) => {
      const file = writeTemp(`bad-${name.replace(/\W+/g, "-")}.csv`, content);
      const { code, stdout, stderr } = run(["fit", "--input", file]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).toContain(file);
    });
  });

  it("exit 2 for bad arguments, with the usage text", () => {
    for (const argv of [
      [],
      ["fit"],
      ["predict", "--input", summaryFile],
      ["fit", "--input", summaryFile, "--bogus"],
      ["fit", "--input", transactionFile, "--unit", "month"],
      ["fit", "--input", transactionFile, "--asof", "1997-13-01"],
      ["fit", "--input", summaryFile, "--penalizer", "-1"],
      ["fit", "--input", summaryFile, "--asof", "1997-09-30"],
      ["fit", "--input", path.join(tempDir, "does-not-exist.csv")],
    ]) {
      const { code, stdout, stderr } = run(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^error: /);
    }
  });

  it("exit 1 when the data are valid but cannot be fitted (nobody repeats)", () => {
    const file = writeTemp("no-repeats.csv", "customer_id,frequency,recency,T\n1,0,0,3\n2,0,0,5\n");
    const { code, stdout, stderr } = run(["fit", "--input", file]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/cannot fit: .*repeat purchase/);
  });

  it("applies --penalizer", () => {
    const plain = JSON.parse(run(["fit", "--input", summaryFile]).stdout);
    const penalized = JSON.parse(run(["fit", "--input", summaryFile, "--penalizer", "0.1"]).stdout);
    expect(penalized.bgnbd.logLikelihood).toBeLessThan(plain.bgnbd.logLikelihood);
  });
});

describe("analytics fit (spawned: npx tsx lib/ltv/cli.ts)", () => {
  const spawn = (args: string[]) =>
    spawnSync("npx", ["tsx", "lib/ltv/cli.ts", ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });

  it("prints only the JSON object on stdout and exits 0", () => {
    const child = spawn(["fit", "--input", summaryFile]);
    expect(child.status).toBe(0);
    expect(child.stdout.endsWith("\n")).toBe(true);
    expect(child.stdout.trim().split("\n")).toHaveLength(1);
    const result = JSON.parse(child.stdout);
    expect(result.customers).toBe(2357);
    expect(result.bgnbd.r).toBeCloseTo(0.2426, 4);
  }, 60_000);

  it("exits 2 with the message on stderr for a bad file", () => {
    const file = writeTemp("spawn-bad.csv", "customer_id,frequency,recency,T\n1,2,40,38.86\n");
    const child = spawn(["fit", "--input", file]);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe("");
    expect(child.stderr).toMatch(/line 2: column "recency"/);
  }, 60_000);
});

describe("analytics backtest", () => {
  // Cutoff 2024-03-31, 30-day window (2024-03-31, 2024-04-30]; the same log as backtest.test.ts.
  const handMade = writeTemp(
    "backtest-hand.csv",
    [
      "customer_id,date",
      "007,2024-01-05",
      "007,2024-02-10",
      "007,2024-02-10",
      "b,2024-01-01",
      "7,2024-03-31",
      "c,2024-04-02",
      "007,2024-04-01",
      "007,2024-04-01",
      "b,2024-03-01",
      "d,2024-02-01",
      "d,2024-03-31",
      "d,2024-03-31",
      "007,2024-04-15",
      "7,2024-04-30",
      "007,2024-05-01",
      "b,2024-05-01",
      "e,2024-01-10",
      "e,2024-01-20",
      "e,2024-03-30",
    ].join("\n") + "\n",
  );
  const handArgs = ["backtest", "--input", handMade, "--cutoff", "2024-03-31", "--window-days", "30", "--unit", "day"];

  it("prints one JSON object with the issue's keys; perCustomer only with --per-customer, ids as strings", () => {
    const plain = run(handArgs);
    expect(plain.code).toBe(0);
    const summary = JSON.parse(plain.stdout);
    expect(Object.keys(summary)).toEqual(["customers", "cutoff", "windowDays", "bgnbd", "brier", "calibration"]);
    expect(Object.keys(summary.bgnbd)).toEqual(["r", "alpha", "a", "b", "logLikelihood"]);
    expect(summary).toMatchObject({ customers: 5, cutoff: "2024-03-31", windowDays: 30 });
    // Five customers are a boundary fit: the CLI says so on stderr, stdout stays one JSON object.
    expect(plain.stderr).toMatch(/^warning: /m);

    const detailed = run([...handArgs, "--per-customer"]);
    expect(detailed.code).toBe(0);
    const result = JSON.parse(detailed.stdout);
    expect(Object.keys(result)).toEqual(["customers", "cutoff", "windowDays", "bgnbd", "brier", "calibration", "perCustomer"]);
    // Worked by hand in backtest.test.ts: "007" and "7" are different customers; "c" came after the cutoff.
    const observed = Object.fromEntries(
      Object.entries(result.perCustomer).map(([id, c]) => [id, (c as { observedOrders: number }).observedOrders]),
    );
    expect(observed).toEqual({ "007": 2, b: 0, "7": 1, d: 0, e: 0 });
    expect(Object.keys(result.perCustomer["007"])).toEqual(["pAlive", "pNoOrder", "expectedOrders", "observedOrders"]);
    expect(result.perCustomer["7"].pAlive).toBe(1);
  });

  describe("bad files and arguments: exit 2, the line and column (or the option) on stderr, nothing on stdout", () => {
    const fileCases: Array<[string, string, RegExp]> = [
      ["bad date", "customer_id,date\n1,1997-01-01\n1,1997-02-30\n", /line 3: column "date": not a YYYY-MM-DD calendar date: "1997-02-30"/],
      ["missing column", "date,amount\n1997-01-01,5\n", /line 1: missing column "customer_id"/],
      ["bad amount", "customer_id,date,amount\n1,1997-01-01,5\n1,1997-01-02,five\n", /line 3: column "amount": not a number: "five"/],
      ["wrong column count", "customer_id,date\n1,1997-01-01\n2\n", /line 3: expected 2 columns, found 1/],
      ["empty customer id", "customer_id,date\n,1997-01-01\n", /line 2: column "customer_id": empty/],
      ["a summary, not a log", "customer_id,frequency,recency,T\n1,0,0,3\n", /line 1: backtest needs a transaction log/],
      ["nobody before the cutoff", "customer_id,date\n1,1998-01-01\n", /no transaction on or before the cutoff 1997-09-30/],
    ];
    it.each(fileCases)("%s", (name, content, message) => {
      const file = writeTemp(`backtest-bad-${name.replace(/\W+/g, "-")}.csv`, content);
      const { code, stdout, stderr } = run(["backtest", "--input", file, "--cutoff", "1997-09-30", "--window-days", "273"]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).toContain(file);
    });

    const argumentCases: Array<[string, string[], RegExp]> = [
      [
        "bad cutoff",
        ["--cutoff", "1997-09-31", "--window-days", "273"],
        /--cutoff must be a YYYY-MM-DD calendar date \(got "1997-09-31"\)/,
      ],
      ["cutoff not ISO", ["--cutoff", "30/09/1997", "--window-days", "273"], /--cutoff must be a YYYY-MM-DD/],
      ["missing cutoff", ["--window-days", "273"], /missing --cutoff/],
      ["missing window", ["--cutoff", "1997-09-30"], /missing --window-days/],
      ["zero window", ["--cutoff", "1997-09-30", "--window-days", "0"], /--window-days must be a whole number ≥ 1/],
      ["fractional window", ["--cutoff", "1997-09-30", "--window-days", "1.5"], /--window-days must be a whole number ≥ 1/],
      ["negative window", ["--cutoff", "1997-09-30", "--window-days=-5"], /--window-days must be a whole number ≥ 1/],
      ["bad unit", ["--cutoff", "1997-09-30", "--window-days", "273", "--unit", "month"], /--unit must be week or day/],
      ["fit's --asof", ["--cutoff", "1997-09-30", "--window-days", "273", "--asof", "1997-09-30"], /--asof does not apply to backtest/],
      [
        "fit's --penalizer",
        ["--cutoff", "1997-09-30", "--window-days", "273", "--penalizer", "0.1"],
        /--penalizer does not apply to backtest/,
      ],
    ];
    it.each(argumentCases)("%s", (_, extra, message) => {
      const { code, stdout, stderr } = run(["backtest", "--input", handMade, ...extra]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).toContain("usage:");
    });

    it("--per-customer is refused by fit", () => {
      const { code, stderr } = run(["fit", "--input", summaryFile, "--per-customer"]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/--per-customer does not apply to fit/);
    });
  });

  it("exit 1 when the data before the cutoff cannot be fitted (nobody repeats)", () => {
    const file = writeTemp("backtest-no-repeats.csv", "customer_id,date\n1,2024-01-01\n2,2024-01-05\n1,2024-05-01\n");
    const { code, stdout, stderr } = run(["backtest", "--input", file, "--cutoff", "2024-03-31", "--window-days", "60"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/cannot fit: .*repeat purchase/);
  });

  it("spawned: prints only the JSON object and exits 0", () => {
    const child = spawnSync("npx", ["tsx", "lib/ltv/cli.ts", ...handArgs, "--per-customer"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.status).toBe(0);
    expect(child.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(child.stdout).perCustomer["007"].observedOrders).toBe(2);
  }, 60_000);
});
