// The European Central Bank's reference-rate layout: a header "Date,USD,JPY,GBP,…" and one row
// per business day, each figure the units of that currency per 1 EUR ("N/A" or empty where the
// ECB quoted none; the ECB's own files end every line with a comma). Rates for another
// reporting currency are derived at lookup (rates.ts), so the figures are stored as they are.
import Papa from "papaparse";
import { RATE_SCALE, parseScaledRate } from "./decimal";

export interface EcbRate {
  currency: string;
  /** YYYY-MM-DD */
  day: string;
  /** Units of `currency` per 1 EUR, scaled by 10^10. */
  perEur: bigint;
}

export interface EcbProblem {
  line: number;
  field: string;
  reason: string;
}

export interface EcbParseResult {
  rates: EcbRate[];
  problems: EcbProblem[];
  currencies: string[];
  days: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The largest per-EUR figure numeric(20,10) holds. */
const MAX_PER_EUR = 10n ** 20n - 1n;

function realDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Every rate in the file, or the problems that stop it (line numbers count the header as 1). */
export function parseEcbCsv(content: string, opts: { isCurrency?: (code: string) => boolean } = {}): EcbParseResult {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: "greedy" });
  const problems: EcbProblem[] = [];
  const rows = parsed.data;
  const header = (rows[0] ?? []).map((cell) => cell.trim());
  if (header[0]?.toLowerCase() !== "date") {
    return {
      rates: [],
      problems: [{ line: 1, field: "Date", reason: "the first column must be Date (the ECB layout: Date,USD,JPY,…)" }],
      currencies: [],
      days: 0,
    };
  }
  const columns: Array<{ index: number; currency: string }> = [];
  header.forEach((cell, index) => {
    if (index === 0 || cell === "") return;
    const code = cell.toUpperCase();
    if (!/^[A-Z]{3}$/.test(code) || (opts.isCurrency && !opts.isCurrency(code))) {
      problems.push({ line: 1, field: cell, reason: "is not an ISO 4217 currency code" });
    } else if (code === "EUR") {
      problems.push({ line: 1, field: cell, reason: "EUR is the base of the quotes (always 1)" });
    } else if (columns.some((c) => c.currency === code)) {
      problems.push({ line: 1, field: cell, reason: "appears twice" });
    } else columns.push({ index, currency: code });
  });
  if (columns.length === 0 && problems.length === 0) problems.push({ line: 1, field: "(header)", reason: "names no currency" });
  const rates: EcbRate[] = [];
  const seenDays = new Set<string>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const day = (row[0] ?? "").trim();
    if (!realDay(day)) {
      problems.push({ line, field: "Date", reason: `"${day}" is not a date (YYYY-MM-DD)` });
      return;
    }
    if (seenDays.has(day)) {
      problems.push({ line, field: "Date", reason: `${day} appears twice` });
      return;
    }
    seenDays.add(day);
    for (const { index, currency } of columns) {
      const cell = (row[index] ?? "").trim();
      if (cell === "" || cell.toUpperCase() === "N/A") continue;
      let perEur: bigint;
      try {
        perEur = parseScaledRate(cell);
      } catch {
        problems.push({ line, field: currency, reason: `"${cell}" is not a positive number with at most ${RATE_SCALE} decimals` });
        continue;
      }
      if (perEur <= 0n || perEur > MAX_PER_EUR) {
        problems.push({ line, field: currency, reason: `"${cell}" must be above 0 and below 10,000,000,000` });
        continue;
      }
      rates.push({ currency, day, perEur });
    }
  });
  for (const error of parsed.errors) problems.push({ line: (error.row ?? 0) + 1, field: "(file)", reason: error.message });
  return { rates, problems, currencies: columns.map((c) => c.currency), days: seenDays.size };
}
