"use client";
// The pipeline board: one column per stage. Deals move by native drag and drop
// (no DnD library is installed, and HTML5 DnD covers the mouse case) and, for
// keyboards and touch screens, by the ← / → buttons and the "Move to…" menu on
// each card (buttons, not a select: arrow keys on a closed select fire change).
// A move is optimistic and rolls back if the server refuses it.
import Link from "next/link";
import { useMutation, useQueryClient, useInfiniteQuery, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { formatDate, formatMoney } from "@/components/ui/format";
import type { DealStage, DealType } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import { ApiError, apiFetch } from "@/components/account/api";

export const STAGES: DealStage[] = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON", "LOST"];

export const STAGE_LABEL: Record<DealStage, string> = {
  LEAD: "Lead",
  QUALIFIED: "Qualified",
  PROPOSAL: "Proposal",
  NEGOTIATION: "Negotiation",
  WON: "Won",
  LOST: "Lost",
};

export const STAGE_STYLE: Record<DealStage, string> = {
  LEAD: "bg-slate-100 text-slate-700",
  QUALIFIED: "bg-brand-50 text-brand-700",
  PROPOSAL: "bg-indigo-50 text-indigo-800",
  NEGOTIATION: "bg-amber-50 text-amber-800",
  WON: "bg-emerald-50 text-emerald-800",
  LOST: "bg-red-50 text-red-800",
};

export const TYPE_LABEL: Record<DealType, string> = { NEW: "New business", UPSELL: "Upsell", CROSS_SELL: "Cross-sell", RENEWAL: "Renewal" };

type Page = { items: DealView[]; nextCursor: string | null };
type ColumnData = InfiniteData<Page, string | null>;

const PAGE_SIZE = 30;
const boardKey = (stage: DealStage): QueryKey => ["deals", "board", stage];
const MOVE_KEY = ["deals", "move"];

/** Applies `change` to every loaded page of one column's cache. */
function editColumn(data: ColumnData | undefined, change: (items: DealView[]) => DealView[]): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page, index) => ({ ...page, items: index === 0 ? change(page.items) : page.items })) };
}

function withoutDeal(data: ColumnData | undefined, dealId: string): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== dealId) })) };
}

export function PipelineBoard() {
  const queryClient = useQueryClient();
  const [dragging, setDragging] = useState<DealView | null>(null);
  const [focusDealId, setFocusDealId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [wonDeal, setWonDeal] = useState<DealView | null>(null);

  /** Shows `deal` at the top of its stage's column, wherever it was. */
  const place = (deal: DealView) => {
    for (const stage of STAGES) {
      queryClient.setQueryData<ColumnData>(boardKey(stage), (data) =>
        stage === deal.stage ? editColumn(withoutDeal(data, deal.id), (items) => [deal, ...items]) : withoutDeal(data, deal.id),
      );
    }
  };

  const move = useMutation({
    mutationKey: MOVE_KEY,
    mutationFn: ({ deal, to }: { deal: DealView; to: DealStage }) =>
      apiFetch<{ deal: DealView }>(`/api/deals/${deal.id}`, { method: "PATCH", body: JSON.stringify({ stage: to, version: deal.version }) }),
    onMutate: async ({ deal, to }) => {
      setProblem(null);
      setStatus(null);
      setWonDeal(null);
      await queryClient.cancelQueries({ queryKey: ["deals", "board"] });
      const snapshot = queryClient.getQueriesData<ColumnData>({ queryKey: ["deals", "board"] });
      const closing = to === "WON" || to === "LOST";
      // Stage and close date change at once; the server's answer brings the exact record (probability, version).
      place({ ...deal, stage: to, closedAt: closing ? new Date().toISOString() : null });
      setFocusDealId(deal.id);
      return { snapshot };
    },
    onError: (error, { deal, to }, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      const apiError = error instanceof ApiError ? error : null;
      if (apiError?.status === 409 && apiError.body?.current) {
        const current = apiError.body.current as DealView;
        place(current);
        setProblem(`“${deal.title}” was changed by someone else and is now in ${STAGE_LABEL[current.stage]}. It was not moved; move it again if you still want it in ${STAGE_LABEL[to]}.`);
      } else if (apiError?.status === 404) {
        setProblem(`“${deal.title}” no longer exists or is no longer yours.`);
      } else {
        setProblem(`Could not move “${deal.title}” to ${STAGE_LABEL[to]}: ${error.message}`);
      }
      setFocusDealId(deal.id);
    },
    onSuccess: ({ deal }) => {
      // The server's copy carries the new version, so a second move right away is not stale.
      place(deal);
      setStatus(`Moved “${deal.title}” to ${STAGE_LABEL[deal.stage]}.`);
      if (deal.stage === "WON") setWonDeal(deal);
    },
    onSettled: (_data, _error, { deal }) => {
      // Refetch once the last of several quick moves has settled, so none is overwritten mid-flight.
      if (queryClient.isMutating({ mutationKey: MOVE_KEY }) <= 1) {
        void queryClient.invalidateQueries({ queryKey: ["deals"] });
        void queryClient.invalidateQueries({ queryKey: ["account", deal.accountId] });
      }
    },
  });

  const requestMove = (deal: DealView, to: DealStage) => {
    if (deal.stage === to || !deal.canWrite) return;
    move.mutate({ deal, to });
  };

  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" className="text-sm text-slate-700">{status}</p>
      {problem ? (
        <div role="alert" className="flex flex-wrap items-start justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p>{problem}</p>
          <button type="button" className="underline" onClick={() => setProblem(null)}>Dismiss</button>
        </div>
      ) : null}
      <p className="text-xs text-slate-500">Drag a card to another column, or use its ← → buttons or “Move to…” menu.</p>
      {/* relative: the cards' sr-only (absolute) labels must stay inside this scroller, or they widen the page on phones. */}
      <div className="relative -mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-4" data-testid="pipeline-board">
        {STAGES.map((stage) => (
          <Column
            key={stage}
            stage={stage}
            dragging={dragging}
            focusDealId={focusDealId}
            onFocused={() => setFocusDealId(null)}
            onDragStart={setDragging}
            onDragEnd={() => setDragging(null)}
            onMove={requestMove}
          />
        ))}
      </div>
      {wonDeal ? <WonPrompt deal={wonDeal} onClose={() => setWonDeal(null)} /> : null}
    </div>
  );
}

function Column({
  stage,
  dragging,
  focusDealId,
  onFocused,
  onDragStart,
  onDragEnd,
  onMove,
}: {
  stage: DealStage;
  dragging: DealView | null;
  focusDealId: string | null;
  onFocused: () => void;
  onDragStart: (deal: DealView) => void;
  onDragEnd: () => void;
  onMove: (deal: DealView, to: DealStage) => void;
}) {
  const headingId = useId();
  const [over, setOver] = useState(false);
  const deals = useInfiniteQuery({
    queryKey: boardKey(stage),
    queryFn: ({ pageParam }) =>
      apiFetch<Page>(`/api/deals?${new URLSearchParams({ stage, limit: String(PAGE_SIZE), ...(pageParam ? { cursor: pageParam } : {}) })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // Pages are keyed by last change, so a deal moved meanwhile could show twice: keep the first.
  const seen = new Set<string>();
  const items = (deals.data?.pages.flatMap((page) => page.items) ?? []).filter((deal) => !seen.has(deal.id) && seen.add(deal.id));
  const droppable = dragging !== null && dragging.stage !== stage;
  const total = items.reduce((sum, deal) => sum + deal.amount, 0);

  return (
    <section
      aria-labelledby={headingId}
      data-stage={stage}
      data-testid={`column-${stage}`}
      className={`flex w-[82vw] max-w-xs shrink-0 snap-start flex-col rounded-xl bg-slate-100 p-2 sm:w-72 ${over && droppable ? "ring-2 ring-brand-600" : ""}`}
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
      <header className="mb-2 flex items-baseline justify-between gap-2 px-1">
        <h2 id={headingId} className="text-sm font-semibold">
          {STAGE_LABEL[stage]}{" "}
          <span className="font-normal text-slate-500">
            {deals.data ? `${items.length}${deals.hasNextPage ? "+" : ""}` : ""}
          </span>
        </h2>
        {items.length > 0 ? <span className="text-xs text-slate-600">{formatMoney(total, items[0]!.currency)}</span> : null}
      </header>
      {deals.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading {STAGE_LABEL[stage]} deals…</span>
          {[0, 1].map((n) => <div key={n} className="h-24 animate-pulse rounded-lg bg-white/70" />)}
        </div>
      ) : deals.isError ? (
        <div role="alert" className="rounded-md bg-red-50 px-2 py-2 text-sm text-red-800">
          <p>Could not load: {deals.error.message}</p>
          <Button variant="secondary" className="mt-2" onClick={() => void deals.refetch()}>Try again</Button>
        </div>
      ) : items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-500">
          {droppable ? "Drop here" : "No deals"}
        </p>
      ) : (
        <ul className="space-y-2" aria-labelledby={headingId}>
          {items.map((deal) => (
            <DealCard
              key={deal.id}
              deal={deal}
              focus={focusDealId === deal.id}
              onFocused={onFocused}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onMove={onMove}
            />
          ))}
        </ul>
      )}
      {deals.hasNextPage ? (
        <Button variant="ghost" className="mt-2" disabled={deals.isFetchingNextPage} onClick={() => void deals.fetchNextPage()}>
          {deals.isFetchingNextPage ? "Loading…" : `More ${STAGE_LABEL[stage].toLowerCase()} deals`}
        </Button>
      ) : null}
    </section>
  );
}

function DealCard({
  deal,
  focus,
  onFocused,
  onDragStart,
  onDragEnd,
  onMove,
}: {
  deal: DealView;
  focus: boolean;
  onFocused: () => void;
  onDragStart: (deal: DealView) => void;
  onDragEnd: () => void;
  onMove: (deal: DealView, to: DealStage) => void;
}) {
  const ref = useRef<HTMLLIElement>(null);
  const index = STAGES.indexOf(deal.stage);
  const previous = index > 0 ? STAGES[index - 1] : undefined;
  const next = index < STAGES.length - 1 ? STAGES[index + 1] : undefined;

  // After a keyboard move the card re-mounts in its new column: keep the focus on it.
  useEffect(() => {
    if (focus && ref.current) {
      ref.current.focus();
      ref.current.scrollIntoView({ block: "nearest", inline: "nearest" });
      onFocused();
    }
  }, [focus, onFocused]);

  return (
    <li
      ref={ref}
      tabIndex={-1}
      id={`deal-${deal.id}`}
      data-deal-id={deal.id}
      data-testid="deal-card"
      draggable={deal.canWrite}
      onDragStart={(event) => {
        event.dataTransfer.setData("text/plain", deal.id);
        event.dataTransfer.effectAllowed = "move";
        onDragStart(deal);
      }}
      onDragEnd={onDragEnd}
      className={`rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 ${deal.canWrite ? "cursor-grab active:cursor-grabbing" : ""}`}
    >
      <p className="font-medium leading-snug">{deal.title}</p>
      <Link href={`/rep/accounts/${deal.accountId}`} className="text-sm text-brand-700 underline">
        {deal.accountName}
      </Link>
      <div className="mt-1 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-semibold">{formatMoney(deal.amount, deal.currency)}</span>
        <span className="text-slate-600" title="Probability">{deal.probability} %</span>
      </div>
      <p className="text-xs text-slate-500">
        {TYPE_LABEL[deal.type]} · {deal.closedAt ? `closed ${formatDate(deal.closedAt)}` : `close ${formatDate(deal.expectedCloseAt)}`}
      </p>
      {deal.canWrite ? (
        <div className="mt-2 flex items-start gap-1">
          <button
            type="button"
            className={buttonClass("secondary", "min-w-11 px-2")}
            disabled={!previous}
            aria-label={previous ? `Move ${deal.title} to ${STAGE_LABEL[previous]}` : `${deal.title} is in the first stage`}
            onClick={() => previous && onMove(deal, previous)}
          >
            ←
          </button>
          <details className="group min-w-0 flex-1">
            <summary className={buttonClass("secondary", "w-full cursor-pointer list-none px-2 [&::-webkit-details-marker]:hidden")}>
              Move to…<span className="sr-only"> (choose a stage for {deal.title})</span>
            </summary>
            <div role="group" aria-label={`Stages for ${deal.title}`} className="mt-1 grid grid-cols-2 gap-1">
              {STAGES.filter((stage) => stage !== deal.stage).map((stage) => (
                <button
                  key={stage}
                  type="button"
                  className={`min-h-11 rounded-md px-2 text-sm ring-1 ring-slate-200 hover:bg-slate-50 ${STAGE_STYLE[stage]}`}
                  aria-label={`Move ${deal.title} to ${STAGE_LABEL[stage]}`}
                  onClick={() => onMove(deal, stage)}
                >
                  {STAGE_LABEL[stage]}
                </button>
              ))}
            </div>
          </details>
          <button
            type="button"
            className={buttonClass("secondary", "min-w-11 px-2")}
            disabled={!next}
            aria-label={next ? `Move ${deal.title} to ${STAGE_LABEL[next]}` : `${deal.title} is in the last stage`}
            onClick={() => next && onMove(deal, next)}
          >
            →
          </button>
        </div>
      ) : (
        <p className="mt-2 text-xs text-slate-500">Owned by {deal.ownerName}; read only.</p>
      )}
    </li>
  );
}

/** After a win: offer to log the order, prefilled from the deal on the account page. */
function WonPrompt({ deal, onClose }: { deal: DealView; onClose: () => void }) {
  const titleId = useId();
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => linkRef.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-labelledby={titleId}
      className="fixed inset-x-4 bottom-4 z-20 mx-auto max-w-md rounded-xl bg-white p-4 shadow-lg ring-1 ring-slate-300"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <h2 id={titleId} className="font-semibold">Record it as a purchase?</h2>
      <p className="mt-1 text-sm text-slate-700">
        “{deal.title}” for {deal.accountName} is won ({formatMoney(deal.amount, deal.currency)}). Log the order now so the account&apos;s LTV counts it.
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Link
          ref={linkRef}
          href={`/rep/accounts/${deal.accountId}?${new URLSearchParams({ logOrder: "1", dealId: deal.id })}`}
          className={buttonClass("primary")}
        >
          Log the order
        </Link>
        <Button variant="secondary" onClick={onClose}>Not now</Button>
      </div>
    </div>
  );
}
