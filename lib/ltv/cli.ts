// Command line: fit BG/NBD (+ Gamma-Gamma when there are amounts) to a CSV and print the parameters,
// or backtest the BG/NBD predictions on a calibration/holdout split of a transaction log.
//
//   npm run --silent analytics -- fit --input FILE.csv [--asof YYYY-MM-DD] [--unit week|day] [--penalizer X]
//   npm run --silent analytics -- backtest --input FILE.csv --cutoff YYYY-MM-DD --window-days N [--unit week|day] [--per-customer]
//
// FILE is either a transaction log (header customer_id,date[,amount]) or an RFM summary (header
// customer_id,frequency,recency,T[,monetary_value]); the header tells which. Transactions are
// summarised with rfm.ts: --asof defaults to the last transaction date (lifetimes' default for
// observation_period_end), --unit to week (ages = days / 7, as in the CDNOW summary). A summary is
// used as it is, in whatever unit it was made; --asof and --unit then make no sense and are refused.
// --penalizer is passed to both fits (see BgNbdFitOptions / GammaGammaFitOptions for the convention).
//
// stdout carries exactly one JSON object: {"customers","bgnbd":{r,alpha,a,b,logLikelihood},
// "gammaGamma":{p,q,v}|null}. Gamma-Gamma is fitted on repeat customers with a positive mean amount
// (a repeat customer whose repeat orders were all free tells the model nothing about spend).
// Exit codes: 0 fitted; 2 bad arguments or bad file (stderr names the line and the column);
// 1 the data are valid but cannot be fitted (e.g. every customer was acquired on the as-of date).
//
// backtest (backtest.ts) takes a transaction log only. It fits BG/NBD on the transactions dated on or
// before --cutoff (summarised as fit does), for the customers first seen by then, and prints one JSON
// object: {"customers","cutoff","windowDays","bgnbd":{r,alpha,a,b,logLikelihood},"brier",
// "calibration":[{bin,customers,predictedNoOrder,observedNoOrder}],"perCustomer"?:{"<id>":{pAlive,
// pNoOrder,expectedOrders,observedOrders}}}, where observedOrders counts the distinct purchase days in
// (cutoff, cutoff + N days], pNoOrder and expectedOrders are for that window, brier is the mean of
// (pNoOrder − [observedOrders = 0])², and calibration bins are tenths of the predicted pNoOrder
// (bin = lower edge). Same exit codes as fit.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { runBacktest } from "./backtest";
import { fitBgNbd } from "./bgnbd";
import { dayNumber, isoDay } from "@/lib/days";
import { fitGammaGamma } from "./gamma-gamma";
import { summarizeTransactions, type TimeUnit, type Transaction } from "./rfm";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
}

const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
};

const USAGE =
  "usage: analytics fit --input FILE.csv [--asof YYYY-MM-DD] [--unit week|day] [--penalizer X]\n" +
  "       analytics backtest --input FILE.csv --cutoff YYYY-MM-DD --window-days N [--unit week|day] [--per-customer]\n" +
  "  FILE header: customer_id,date[,amount]  or (fit only)  customer_id,frequency,recency,T[,monetary_value]\n";

/** A problem with the input file: reported on stderr, exit code 2. */
class InputError extends Error {}
/** A problem with the arguments: reported with the usage text, exit code 2. */
class UsageError extends InputError {}

interface CsvRow {
  line: number;
  fields: string[];
}

/** Parses CSV with papaparse, keeping each record's starting line number (quoted newlines included). */
function readCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  let consumed = 0;
  Papa.parse<string[]>(text, {
    delimiter: ",",
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      const cursor = result.meta.cursor;
      for (let i = consumed; i < cursor; i++) if (text.charCodeAt(i) === 10) line++;
      consumed = Math.max(consumed, cursor);
      const fields = result.data.map((field) => field.trim());
      if (fields.length === 1 && fields[0] === "") return; // blank line
      rows.push({ line: startLine, fields });
    },
  });
  return rows;
}

const TRANSACTION_COLUMNS = ["customer_id", "date", "amount"] as const;
const SUMMARY_COLUMNS = ["customer_id", "frequency", "recency", "t", "monetary_value"] as const;

type Layout = { kind: "transactions"; index: Record<string, number> } | { kind: "summary"; index: Record<string, number> };

function layoutOf(header: CsvRow): Layout {
  const names = header.fields.map((name) => name.replace(/^\uFEFF/, "").toLowerCase());
  const index: Record<string, number> = {};
  names.forEach((name, i) => {
    if (name in index) throw new InputError(`line ${header.line}: column "${header.fields[i]}" appears twice`);
    index[name] = i;
  });
  const isSummary = "frequency" in index || "recency" in index || "t" in index;
  const kind = isSummary ? "summary" : "date" in index ? "transactions" : null;
  if (!kind) {
    throw new InputError(
      `line ${header.line}: unknown header "${header.fields.join(",")}"; expected customer_id,date[,amount] or customer_id,frequency,recency,T[,monetary_value]`,
    );
  }
  const allowed: readonly string[] = kind === "summary" ? SUMMARY_COLUMNS : TRANSACTION_COLUMNS;
  const required = kind === "summary" ? ["customer_id", "frequency", "recency", "t"] : ["customer_id", "date"];
  names.forEach((name, i) => {
    if (!allowed.includes(name)) throw new InputError(`line ${header.line}: unknown column "${header.fields[i]}" in a ${kind} file`);
  });
  for (const name of required) {
    if (!(name in index)) throw new InputError(`line ${header.line}: missing column "${name === "t" ? "T" : name}"`);
  }
  return { kind, index };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberField(row: CsvRow, index: Record<string, number>, column: string, label = column): number {
  const raw = row.fields[index[column]];
  if (!DECIMAL.test(raw)) throw new InputError(`line ${row.line}: column "${label}": not a number: "${raw}"`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new InputError(`line ${row.line}: column "${label}": not a finite number: "${raw}"`);
  if (value < 0) throw new InputError(`line ${row.line}: column "${label}": must not be negative (got ${raw})`);
  return value;
}

function checkShape(row: CsvRow, width: number): void {
  if (row.fields.length !== width) {
    throw new InputError(`line ${row.line}: expected ${width} columns, found ${row.fields.length}`);
  }
}

function customerIdField(row: CsvRow, index: Record<string, number>): string {
  const id = row.fields[index.customer_id];
  if (id === "") throw new InputError(`line ${row.line}: column "customer_id": empty`);
  return id;
}

interface ModelInput {
  frequency: number[];
  recency: number[];
  T: number[];
  monetaryValue: number[] | null;
}

function readSummary(rows: CsvRow[], index: Record<string, number>, width: number): ModelInput {
  const hasMonetary = "monetary_value" in index;
  const input: ModelInput = { frequency: [], recency: [], T: [], monetaryValue: hasMonetary ? [] : null };
  const seen = new Set<string>();
  for (const row of rows) {
    checkShape(row, width);
    const id = customerIdField(row, index);
    if (seen.has(id)) throw new InputError(`line ${row.line}: column "customer_id": "${id}" appears twice`);
    seen.add(id);
    const frequency = numberField(row, index, "frequency");
    if (!Number.isInteger(frequency))
      throw new InputError(`line ${row.line}: column "frequency": must be a whole number (got ${frequency})`);
    const recency = numberField(row, index, "recency");
    const T = numberField(row, index, "t", "T");
    if (recency > T) throw new InputError(`line ${row.line}: column "recency": ${recency} is after T ${T}`);
    if (frequency === 0 && recency !== 0)
      throw new InputError(`line ${row.line}: column "recency": must be 0 when frequency is 0 (got ${recency})`);
    input.frequency.push(frequency);
    input.recency.push(recency);
    input.T.push(T);
    if (input.monetaryValue) {
      const m = numberField(row, index, "monetary_value");
      if (frequency > 0 && m === 0) throw new InputError(`line ${row.line}: column "monetary_value": must be > 0 when frequency > 0`);
      input.monetaryValue.push(m);
    }
  }
  return input;
}

/** The rows of a transaction file, checked: a calendar date and a non-negative amount on every row. */
function parseTransactions(rows: CsvRow[], index: Record<string, number>, width: number): Transaction[] {
  const hasAmount = "amount" in index;
  const transactions: Transaction[] = [];
  for (const row of rows) {
    checkShape(row, width);
    const customerId = customerIdField(row, index);
    const date = row.fields[index.date];
    try {
      dayNumber(date);
    } catch {
      throw new InputError(`line ${row.line}: column "date": not a YYYY-MM-DD calendar date: "${date}"`);
    }
    transactions.push(hasAmount ? { customerId, date, amount: numberField(row, index, "amount") } : { customerId, date });
  }
  return transactions;
}

function readTransactions(
  rows: CsvRow[],
  index: Record<string, number>,
  width: number,
  asOfArgument: string | undefined,
  unit: TimeUnit,
): ModelInput {
  const hasAmount = "amount" in index;
  const transactions = parseTransactions(rows, index, width);
  let lastDay = -Infinity;
  for (const transaction of transactions) lastDay = Math.max(lastDay, dayNumber(transaction.date));
  const asOf = asOfArgument ?? isoDay(lastDay);
  const summaries = summarizeTransactions(transactions, { asOf, unit });
  if (summaries.length === 0) throw new InputError(`no transaction on or before the as-of date ${asOf}`);
  return {
    frequency: summaries.map((s) => s.frequency),
    recency: summaries.map((s) => s.recency),
    T: summaries.map((s) => s.T),
    monetaryValue: hasAmount ? summaries.map((s) => s.monetaryValue ?? 0) : null,
  };
}

type Command =
  | { command: "fit"; input: string; asOf: string | undefined; unit: TimeUnit | undefined; penalizer: number }
  | { command: "backtest"; input: string; cutoff: string; windowDays: number; unit: TimeUnit; perCustomer: boolean };

const COMMAND_OPTIONS: Record<Command["command"], readonly string[]> = {
  fit: ["input", "asof", "unit", "penalizer"],
  backtest: ["input", "cutoff", "window-days", "unit", "per-customer"],
};

function checkDate(value: string, option: string): void {
  try {
    dayNumber(value);
  } catch {
    throw new UsageError(`--${option} must be a YYYY-MM-DD calendar date (got "${value}")`);
  }
}

function parseArguments(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        input: { type: "string" },
        asof: { type: "string" },
        unit: { type: "string" },
        penalizer: { type: "string" },
        cutoff: { type: "string" },
        "window-days": { type: "string" },
        "per-customer": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (positionals.length !== 1 || (command !== "fit" && command !== "backtest")) {
    throw new UsageError(positionals.length === 0 ? "missing command (fit or backtest)" : `unknown command "${positionals.join(" ")}"`);
  }
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && name !== "help" && !COMMAND_OPTIONS[command].includes(name)) {
      throw new UsageError(`--${name} does not apply to ${command}`);
    }
  }
  if (!values.input) throw new UsageError("missing --input FILE.csv");
  if (values.unit !== undefined && values.unit !== "week" && values.unit !== "day") {
    throw new UsageError(`--unit must be week or day (got "${values.unit}")`);
  }
  const unit = values.unit as TimeUnit | undefined;
  if (command === "backtest") {
    if (values.cutoff === undefined) throw new UsageError("missing --cutoff YYYY-MM-DD");
    checkDate(values.cutoff, "cutoff");
    const windowText = values["window-days"];
    if (windowText === undefined) throw new UsageError("missing --window-days N");
    const windowDays = Number(windowText);
    if (!/^\d+$/.test(windowText) || !(windowDays >= 1)) {
      throw new UsageError(`--window-days must be a whole number ≥ 1 (got "${windowText}")`);
    }
    return {
      command,
      input: values.input,
      cutoff: values.cutoff,
      windowDays,
      unit: unit ?? "week",
      perCustomer: values["per-customer"] === true,
    };
  }
  if (values.asof !== undefined) checkDate(values.asof, "asof");
  let penalizer = 0;
  if (values.penalizer !== undefined) {
    penalizer = Number(values.penalizer);
    if (!DECIMAL.test(values.penalizer) || !(penalizer >= 0)) {
      throw new UsageError(`--penalizer must be a number ≥ 0 (got "${values.penalizer}")`);
    }
  }
  return { command, input: values.input, asOf: values.asof, unit, penalizer };
}

/** Reads and checks the input file's header; the file name prefixes any error. */
function readInputFile(file: string, io: CliIo): { layout: Layout; dataRows: CsvRow[]; width: number } {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const rows = readCsv(text);
  if (rows.length === 0) throw new InputError(`${file} is empty`);
  let layout: Layout;
  try {
    layout = layoutOf(rows[0]);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  const dataRows = rows.slice(1);
  if (dataRows.length === 0) throw new InputError(`${file} has a header but no data rows`);
  return { layout, dataRows, width: rows[0].fields.length };
}

/** Prefixes the file name to an InputError thrown by `read`. */
function withFileName<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

const CONVERGENCE_WARNING = "warning: the optimiser stopped before meeting its convergence test; the parameters are the best found\n";

function runFit(options: Extract<Command, { command: "fit" }>, io: CliIo): number {
  const { layout, dataRows, width } = readInputFile(options.input, io);
  if (layout.kind === "summary" && (options.asOf !== undefined || options.unit !== undefined)) {
    throw new UsageError("--asof and --unit apply to transaction files; a summary is already in its own unit");
  }
  const input = withFileName(options.input, () =>
    layout.kind === "summary"
      ? readSummary(dataRows, layout.index, width)
      : readTransactions(dataRows, layout.index, width, options.asOf, options.unit ?? "week"),
  );

  let bgnbd;
  let gammaGamma = null;
  try {
    bgnbd = fitBgNbd(input, { penalizer: options.penalizer });
    if (input.monetaryValue) {
      const m = input.monetaryValue;
      const usable = input.frequency.map((x, i) => x > 0 && m[i] > 0);
      if (usable.some(Boolean)) {
        gammaGamma = fitGammaGamma(
          { frequency: input.frequency.filter((_, i) => usable[i]), monetaryValue: m.filter((_, i) => usable[i]) },
          { penalizer: options.penalizer },
        );
      }
    }
  } catch (error) {
    if (error instanceof RangeError) {
      io.stderr(`cannot fit: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!bgnbd.converged || (gammaGamma && !gammaGamma.converged)) io.stderr(CONVERGENCE_WARNING);
  const { r, alpha, a, b } = bgnbd.params;
  io.stdout(
    `${JSON.stringify({
      customers: input.frequency.length,
      bgnbd: { r, alpha, a, b, logLikelihood: bgnbd.logLikelihood },
      gammaGamma: gammaGamma ? { p: gammaGamma.params.p, q: gammaGamma.params.q, v: gammaGamma.params.v } : null,
    })}\n`,
  );
  return 0;
}

function runBacktestCommand(options: Extract<Command, { command: "backtest" }>, io: CliIo): number {
  const { layout, dataRows, width } = readInputFile(options.input, io);
  if (layout.kind !== "transactions") {
    throw new InputError(`${options.input}: line 1: backtest needs a transaction log (customer_id,date[,amount]), not a summary`);
  }
  const transactions = withFileName(options.input, () => parseTransactions(dataRows, layout.index, width));
  const cutoffDay = dayNumber(options.cutoff);
  if (!transactions.some((t) => dayNumber(t.date) <= cutoffDay)) {
    throw new InputError(`${options.input}: no transaction on or before the cutoff ${options.cutoff}`);
  }
  let result;
  try {
    result = runBacktest(transactions, { cutoff: options.cutoff, windowDays: options.windowDays, unit: options.unit });
  } catch (error) {
    if (error instanceof RangeError) {
      io.stderr(`cannot fit: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!result.fit.converged) io.stderr(CONVERGENCE_WARNING);
  if (result.fit.divergent)
    io.stderr("warning: a BG/NBD parameter ran off towards 0 or infinity; the data do not identify the model well\n");
  const { r, alpha, a, b } = result.fit.params;
  const output: Record<string, unknown> = {
    customers: result.customers,
    cutoff: result.cutoff,
    windowDays: result.windowDays,
    bgnbd: { r, alpha, a, b, logLikelihood: result.fit.logLikelihood },
    brier: result.brier,
    calibration: result.calibration,
  };
  if (options.perCustomer) {
    // A null-prototype object: a customer id such as "__proto__" is then an ordinary key.
    const perCustomer: Record<string, object> = Object.create(null);
    for (const { customerId, pAlive, pNoOrder, expectedOrders, observedOrders } of result.perCustomer) {
      perCustomer[customerId] = { pAlive, pNoOrder, expectedOrders, observedOrders };
    }
    output.perCustomer = perCustomer;
  }
  io.stdout(`${JSON.stringify(output)}\n`);
  return 0;
}

/** Runs the command in-process; returns the exit code. Never calls process.exit. */
export function runCli(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(USAGE);
      return 0;
    }
    const options = parseArguments(argv);
    return options.command === "fit" ? runFit(options, io) : runBacktestCommand(options, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`error: ${error.message}\n${error instanceof UsageError ? USAGE : ""}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runCli(process.argv.slice(2));
}
