"use client";
// One stage of the board: its header (count and total over every deal in the
// stage, from the server) and its cards, loaded a page at a time.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/components/ui/format";
import type { DealStage } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import type { StageTotal } from "@/lib/deals/board-totals";
import { STAGE_LABEL } from "./labels";
import { boardKey, fetchColumnPage } from "./board-cache";
import { DealCard } from "./deal-card";

export function PipelineColumn({
  stage,
  total,
  reportingCurrency,
  dragging,
  focusDealId,
  onFocused,
  onDragStart,
  onDragEnd,
  onMove,
  onOpen,
}: {
  stage: DealStage;
  total: StageTotal | undefined;
  reportingCurrency: string;
  dragging: DealView | null;
  focusDealId: string | null;
  onFocused: () => void;
  onDragStart: (deal: DealView) => void;
  onDragEnd: () => void;
  onMove: (deal: DealView, to: DealStage) => void;
  onOpen: (deal: DealView) => void;
}) {
  const headingId = useId();
  const [over, setOver] = useState(false);
  const deals = useInfiniteQuery({
    queryKey: boardKey(stage),
    queryFn: ({ pageParam }) => fetchColumnPage(stage, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // Pages are keyed by last change, so a deal moved meanwhile could show twice: keep the first.
  const seen = new Set<string>();
  const items = (deals.data?.pages.flatMap((page) => page.items) ?? []).filter((deal) => !seen.has(deal.id) && seen.add(deal.id));
  const droppable = dragging !== null && dragging.stage !== stage;
  // The total in the reporting currency; the unconverted sums per currency on hover; deals without a rate named apart.
  const amount = formatMoney((total?.cents ?? 0) / 100, reportingCurrency);
  const breakdown =
    total && total.amounts.some((a) => a.currency !== reportingCurrency)
      ? total.amounts.map((a) => formatMoney(a.cents / 100, a.currency)).join(" + ")
      : undefined;
  const missing = total?.missing.length
    ? `not counted, no rate: ${total.missing.map((m) => formatMoney(m.cents / 100, m.currency)).join(" + ")}`
    : null;
  const shown = total && items.length < total.count ? `${items.length} of ${total.count} shown` : null;

  return (
    <section
      aria-labelledby={headingId}
      data-stage={stage}
      data-testid={`column-${stage}`}
      className={`flex w-[82vw] max-w-xs shrink-0 snap-start flex-col rounded-xl bg-slate-100 p-2 sm:w-64 lg:w-auto lg:min-w-0 lg:max-w-none lg:p-1.5 ${over && droppable ? "ring-2 ring-brand-600" : ""}`}
      onDragOver={(event) => {
        if (!droppable) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (dragging && droppable) onMove(dragging, stage);
      }}
    >
      <header className="mb-2 px-1">
        <h2 id={headingId} className="flex items-baseline justify-between gap-1 text-sm font-semibold">
          <span>{STAGE_LABEL[stage]}</span>
          <span className="font-normal text-slate-700" data-testid="column-count">
            {total ? (
              <>
                {total.count}
                <span className="sr-only"> deals</span>
              </>
            ) : null}
          </span>
        </h2>
        <p className="text-xs font-medium text-slate-800" data-testid="column-total" title={breakdown}>
          {total ? (
            <>
              <span className="sr-only">Total </span>
              {amount}
            </>
          ) : (
            "\u00a0"
          )}
        </p>
        {breakdown ? <p className="sr-only">Before conversion: {breakdown}</p> : null}
        {missing ? (
          <p className="text-xs text-amber-900" data-testid="column-missing">
            {missing}
          </p>
        ) : null}
      </header>
      {deals.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading {STAGE_LABEL[stage]} deals…</span>
          {[0, 1].map((n) => (
            <div key={n} className="h-20 animate-pulse rounded-lg bg-white/70" />
          ))}
        </div>
      ) : deals.isError ? (
        <div role="alert" className="rounded-md bg-red-50 px-2 py-2 text-sm text-red-800">
          <p>Could not load: {deals.error.message}</p>
          <Button variant="secondary" className="mt-2" onClick={() => void deals.refetch()}>
            Try again
          </Button>
        </div>
      ) : items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-600">
          {droppable ? "Drop here" : "No deals"}
        </p>
      ) : (
        <ul className="space-y-1.5" aria-labelledby={headingId}>
          {items.map((deal) => (
            <DealCard
              key={deal.id}
              deal={deal}
              focus={focusDealId === deal.id}
              onFocused={onFocused}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onMove={onMove}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
      {deals.hasNextPage ? (
        <Button variant="ghost" className="mt-2 text-xs" disabled={deals.isFetchingNextPage} onClick={() => void deals.fetchNextPage()}>
          {deals.isFetchingNextPage ? "Loading…" : shown ? `Show more (${shown})` : "Show more"}
        </Button>
      ) : null}
    </section>
  );
}
