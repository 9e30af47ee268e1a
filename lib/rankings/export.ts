// The ranking as CSV: same filters and order as GET /api/rankings, every row,
// fetched in keyset batches and streamed so a 100 000-account export never sits
// in memory.
import type { Actor } from "@/lib/auth/permissions";
import { csvRow } from "@/lib/csv/cell";
import { iterateRanking } from "./rank-accounts";
import { MEASURE_LABEL, type RankingItem } from "./measures";
import type { RankingsFilter } from "./schema";

export const CSV_HEADER = [
  "Rank", "Account ID", "Account", "Rep", "Segment", "Region", "Currency",
  "Ranked by", "Value", "Revenue", "Historical LTV", "Formula LTV", "Predicted CLV", "P(active)", "Churn risk", "Flags",
];

export function csvRecord(item: RankingItem, filter: RankingsFilter): string {
  return csvRow([
    item.rank, item.accountId, item.name, item.ownerName, item.segment, item.region, item.currency,
    MEASURE_LABEL[filter.measure], item.value, item.revenue,
    item.measures.historical, item.measures.formula, item.measures.predicted, item.measures.palive,
    item.churnRisk ? "yes" : "no", item.flags.join(" "),
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
