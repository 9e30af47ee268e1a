// Test-only loaders for the CDNOW fixtures (Fader & Hardie's 1/10th sample of CDNOW customers who
// made their first purchase in the first 12 weeks of 1997). Paths are relative to this file.

import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import type { Transaction } from "../rfm";

export const CDNOW_DIR = path.join(import.meta.dirname, "cdnow");

/** End of the 39-week calibration period used by the published summaries. */
export const CDNOW_CALIBRATION_END = "1997-09-30";

function readCsv<Row>(file: string): Row[] {
  const parsed = Papa.parse<Row>(readFileSync(path.join(CDNOW_DIR, file), "utf8"), {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  const [firstError] = parsed.errors;
  if (firstError) throw new Error(`${file}: ${firstError.message}`);
  return parsed.data;
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T (weeks, rounded to 2 decimals). */
export function loadCdnowSummary(): Array<{ ID: number; frequency: number; recency: number; T: number }> {
  return readCsv("cdnow_customers_summary.csv");
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar (mean repeat spend). */
export function loadCdnowSummaryWithSpend(): Array<{ ID: number; x: number; t_x: number; T: number; zbar: number }> {
  return readCsv("cdnow_customers_summary_with_transactions.csv");
}

/**
 * CDNOW_sample.txt: whitespace-separated master customer id, sample id (1..2357, the ID of the summary
 * files), yyyymmdd, number of CDs, dollar value. Customer ids here are the sample ids.
 */
export function loadCdnowTransactions(): Transaction[] {
  const text = readFileSync(path.join(CDNOW_DIR, "CDNOW_sample.txt"), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, sampleId, yyyymmdd, , dollars] = line.trim().split(/\s+/);
      if (yyyymmdd === undefined) throw new Error(`CDNOW_sample.txt: a line without a date: "${line}"`);
      return {
        customerId: String(Number(sampleId)),
        date: `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`,
        amount: Number(dollars),
      };
    });
}
