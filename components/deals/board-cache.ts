// The board's client cache: one infinite query per stage column and one summary
// (counts, totals, stage probabilities). Helpers to move a deal between columns' caches.
import type { InfiniteData, QueryKey } from "@tanstack/react-query";
import type { DealStage } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import type { BoardSummary } from "@/lib/deals/board-totals";
import { apiFetch } from "@/components/api-client";

export type DealPage = { items: DealView[]; nextCursor: string | null };
export type ColumnData = InfiniteData<DealPage, string | null>;

export const PAGE_SIZE = 30;
export const boardKey = (stage: DealStage): QueryKey => ["deals", "board", stage];
export const SUMMARY_KEY: QueryKey = ["deals", "summary"];
export const MOVE_KEY: QueryKey = ["deals", "move"];

export const fetchSummary = () => apiFetch<BoardSummary>("/api/deals/summary");
export const fetchColumnPage = (stage: DealStage, cursor: string | null) =>
  apiFetch<DealPage>(`/api/deals?${new URLSearchParams({ stage, limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) })}`);

/** Applies `change` to the first loaded page of one column's cache. */
function editColumn(data: ColumnData | undefined, change: (items: DealView[]) => DealView[]): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page, index) => ({ ...page, items: index === 0 ? change(page.items) : page.items })) };
}

function withoutDeal(data: ColumnData | undefined, dealId: string): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== dealId) })) };
}

/** The new cache of `stage`'s column once `deal` is shown at the top of its own stage's column. */
export function placeDeal(stage: DealStage, data: ColumnData | undefined, deal: DealView): ColumnData | undefined {
  return stage === deal.stage ? editColumn(withoutDeal(data, deal.id), (items) => [deal, ...items]) : withoutDeal(data, deal.id);
}

/** The summary after `deal` (as it was) moves to `to`: counts and totals follow at once, the server's figures replace them on refetch. */
export function summaryAfterMove(summary: BoardSummary | undefined, deal: DealView, to: DealStage): BoardSummary | undefined {
  if (!summary) return summary;
  const cents = Math.round(deal.amount * 100);
  // The converted total follows with today's rate (a card moved now closes today); the server's figures replace it on refetch.
  const rate = deal.currency === summary.reportingCurrency ? "1" : (summary.todayRates[deal.currency] ?? null);
  const converted = rate === null ? null : Math.round(cents * Number(rate));
  const shift = (stage: DealStage, sign: 1 | -1) => (column: BoardSummary["stages"][number]) => {
    if (column.stage !== stage) return column;
    const amounts = column.amounts.some((a) => a.currency === deal.currency)
      ? column.amounts.map((a) => (a.currency === deal.currency ? { ...a, cents: a.cents + sign * cents } : a))
      : [...column.amounts, { currency: deal.currency, cents: sign * cents }];
    const missing =
      converted !== null
        ? column.missing
        : column.missing.some((m) => m.currency === deal.currency)
          ? column.missing.map((m) => (m.currency === deal.currency ? { ...m, deals: m.deals + sign, cents: m.cents + sign * cents } : m))
          : [...column.missing, { currency: deal.currency, deals: sign, cents: sign * cents }];
    return {
      ...column,
      count: column.count + sign,
      amounts: amounts.filter((a) => a.cents !== 0 || column.count + sign > 0),
      cents: column.cents + (converted === null ? 0 : sign * converted),
      missing: missing.filter((m) => m.deals > 0),
    };
  };
  return { ...summary, stages: summary.stages.map(shift(deal.stage, -1)).map(shift(to, 1)) };
}
