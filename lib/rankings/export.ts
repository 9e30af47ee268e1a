// The ranking as CSV: same filters and order as GET /api/rankings, every row,
// fetched in keyset batches and streamed so a 100 000-account export never sits
// in memory.
import type { Actor } from "@/lib/auth/permissions";
import { csvRow } from "@/lib/csv/cell";
import { iterateRanking } from "./rank-accounts";
import { MEASURE_LABEL, type Measure, type RankingItem } from "./measures";
import type { RankingsFilter } from "./schema";

export const CSV_HEADER = [
  "Rank",
  "Account ID",
  "Account",
  "Rep",
  "Segment",
  "Region",
  "Currency",
  "Ranked by",
  "Value",
  "Revenue",
  "Historical LTV",
  "Formula LTV",
  "Predicted CLV",
  "P(active)",
  "Churn risk",
  "Flags",
  // The same figures in the account's own currency (decision 0015); the columns above are in the reporting currency.
  "Account currency",
  "Value in account currency",
  "Revenue in account currency",
  "Historical LTV in account currency",
  "Formula LTV in account currency",
  "Predicted CLV in account currency",
];

/**
 * The figures as the ranking shows them, as plain numbers a spreadsheet reads: money in whole
 * units (rounded half away from zero, like the screen's formatMoney), P(active) as a fraction
 * to two decimals (0.8734 → 0.87, the screen's "87 %").
 */
export const wholeUnits = (value: number): number => Math.sign(value) * Math.round(Math.abs(value)) + 0;
export const fraction = (value: number): number => Math.round(value * 100) / 100;
const measureCell = (measure: Measure, value: number) => (measure === "palive" ? fraction(value) : wholeUnits(value));
/** A reporting-currency figure without a rate stays empty: never the unconverted amount. */
const money = (value: number | null) => (value === null ? null : wholeUnits(value));

export function csvRecord(item: RankingItem, filter: RankingsFilter): string {
  return csvRow([
    item.rank,
    item.accountId,
    item.name,
    item.ownerName,
    item.segment,
    item.region,
    item.currency,
    MEASURE_LABEL[filter.measure],
    measureCell(filter.measure, item.value),
    money(item.revenue),
    money(item.measures.historical),
    money(item.measures.formula),
    money(item.measures.predicted),
    fraction(item.account.measures.palive),
    item.churnRisk ? "yes" : "no",
    item.flags.join(" "),
    item.account.currency,
    measureCell(filter.measure, item.account.measures[filter.measure]),
    wholeUnits(item.account.revenue),
    wholeUnits(item.account.measures.historical),
    wholeUnits(item.account.measures.formula),
    wholeUnits(item.account.measures.predicted),
  ]);
}

/** A byte stream of the CSV; the first batch is read before returning so authorization errors surface as errors. */
export async function rankingCsv(actor: Actor, filter: RankingsFilter): Promise<ReadableStream<Uint8Array>> {
  const rows = iterateRanking(actor, filter);
  const first = await rows.next();
  const encoder = new TextEncoder();
  let pending: IteratorResult<RankingItem> | null = first;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = headerSent ? "" : csvRow(CSV_HEADER);
      headerSent = true;
      // About 200 records per chunk: few enqueues, small memory.
      for (let n = 0; n < 200; n++) {
        const next: IteratorResult<RankingItem> = pending ?? (await rows.next());
        pending = null;
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvRecord(next.value, filter);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}
