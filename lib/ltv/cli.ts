// Command line: fit BG/NBD (+ Gamma-Gamma when there are amounts) to a CSV and print the parameters.
//
//   npm run --silent analytics -- fit --input FILE.csv [--asof YYYY-MM-DD] [--unit week|day] [--penalizer X]
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

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { fitBgNbd } from "./bgnbd";
import { dayNumber, isoDay } from "./dates";
import { fitGammaGamma } from "./gammaGamma";
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
  "  FILE header: customer_id,date[,amount]  or  customer_id,frequency,recency,T[,monetary_value]\n";

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

type Layout =
  | { kind: "transactions"; index: Record<string, number> }
  | { kind: "summary"; index: Record<string, number> };

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
    if (!Number.isInteger(frequency)) throw new InputError(`line ${row.line}: column "frequency": must be a whole number (got ${frequency})`);
    const recency = numberField(row, index, "recency");
    const T = numberField(row, index, "t", "T");
    if (recency > T) throw new InputError(`line ${row.line}: column "recency": ${recency} is after T ${T}`);
    if (frequency === 0 && recency !== 0) throw new InputError(`line ${row.line}: column "recency": must be 0 when frequency is 0 (got ${recency})`);
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

function readTransactions(
  rows: CsvRow[],
  index: Record<string, number>,
  width: number,
  asOfArgument: string | undefined,
  unit: TimeUnit,
): ModelInput {
  const hasAmount = "amount" in index;
  const transactions: Transaction[] = [];
  let lastDay = -Infinity;
  for (const row of rows) {
    checkShape(row, width);
    const customerId = customerIdField(row, index);
    const date = row.fields[index.date];
    let day: number;
    try {
      day = dayNumber(date);
    } catch {
      throw new InputError(`line ${row.line}: column "date": not a YYYY-MM-DD calendar date: "${date}"`);
    }
    lastDay = Math.max(lastDay, day);
    transactions.push(hasAmount ? { customerId, date, amount: numberField(row, index, "amount") } : { customerId, date });
  }
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

function parseArguments(argv: readonly string[]) {
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
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== "fit") {
    throw new UsageError(positionals.length === 0 ? "missing command (fit)" : `unknown command "${positionals.join(" ")}"`);
  }
  if (!values.input) throw new UsageError("missing --input FILE.csv");
  if (values.unit !== undefined && values.unit !== "week" && values.unit !== "day") {
    throw new UsageError(`--unit must be week or day (got "${values.unit}")`);
  }
  if (values.asof !== undefined) {
    try {
      dayNumber(values.asof);
    } catch {
      throw new UsageError(`--asof must be a YYYY-MM-DD calendar date (got "${values.asof}")`);
    }
  }
  let penalizer = 0;
  if (values.penalizer !== undefined) {
    penalizer = Number(values.penalizer);
    if (!DECIMAL.test(values.penalizer) || !(penalizer >= 0)) {
      throw new UsageError(`--penalizer must be a number ≥ 0 (got "${values.penalizer}")`);
    }
  }
  return { input: values.input, asOf: values.asof, unit: values.unit as TimeUnit | undefined, penalizer, help: values.help };
}

/** Runs the command in-process; returns the exit code. Never calls process.exit. */
export function runCli(argv: readonly string[], io: CliIo = nodeIo): number {
  try {
    if (argv.includes("--help") || argv.includes("-h")) {
      io.stdout(USAGE);
      return 0;
    }
    const options = parseArguments(argv);
    let text: string;
    try {
      text = io.readFile(options.input);
    } catch (error) {
      throw new InputError(`cannot read ${options.input}: ${(error as Error).message}`);
    }
    const rows = readCsv(text);
    if (rows.length === 0) throw new InputError(`${options.input} is empty`);
    let layout: Layout;
    try {
      layout = layoutOf(rows[0]);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${options.input}: ${error.message}`);
      throw error;
    }
    const dataRows = rows.slice(1);
    if (dataRows.length === 0) throw new InputError(`${options.input} has a header but no data rows`);
    const width = rows[0].fields.length;
    if (layout.kind === "summary" && (options.asOf !== undefined || options.unit !== undefined)) {
      throw new UsageError("--asof and --unit apply to transaction files; a summary is already in its own unit");
    }
    let input: ModelInput;
    try {
      if (layout.kind === "summary") {
        input = readSummary(dataRows, layout.index, width);
      } else {
        input = readTransactions(dataRows, layout.index, width, options.asOf, options.unit ?? "week");
      }
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${options.input}: ${error.message}`);
      throw error;
    }

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
    if (!bgnbd.converged || (gammaGamma && !gammaGamma.converged)) {
      io.stderr("warning: the optimiser stopped before meeting its convergence test; the parameters are the best found\n");
    }
    const { r, alpha, a, b } = bgnbd.params;
    io.stdout(
      `${JSON.stringify({
        customers: input.frequency.length,
        bgnbd: { r, alpha, a, b, logLikelihood: bgnbd.logLikelihood },
        gammaGamma: gammaGamma ? { p: gammaGamma.params.p, q: gammaGamma.params.q, v: gammaGamma.params.v } : null,
      })}\n`,
    );
    return 0;
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
