"use client";
// The pipeline board: one column per stage. Deals move by native drag and drop
// (HTML5 DnD covers the mouse case) and, for keyboards and touch screens, by the
// ← / → buttons and the "Move to…" menu on each card. A move is optimistic and
// rolls back if the server refuses it. Moving to Lost first asks why; a card's
// title opens the deal in a drawer where every field can be edited.
// Column counts and totals come from the server over every deal in the stage.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { DealStage } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import type { LostReason } from "@/lib/deals/schema";
import { ApiError, apiFetch } from "@/components/api-client";
import { STAGES, STAGE_LABEL } from "./labels";
import { boardKey, fetchSummary, MOVE_KEY, placeDeal, SUMMARY_KEY, summaryAfterMove, type ColumnData } from "./board-cache";
import { PipelineColumn } from "./pipeline-column";
import { LostReasonDialog } from "./lost-reason-dialog";
import { DealDrawer } from "./deal-drawer";
import { WonPrompt } from "./won-prompt";
import type { BoardSummary } from "@/lib/deals/board-totals";

type Move = { deal: DealView; to: DealStage; lostReason?: LostReason };

export function PipelineBoard() {
  const queryClient = useQueryClient();
  const summary = useQuery({ queryKey: SUMMARY_KEY, queryFn: fetchSummary });
  const [dragging, setDragging] = useState<DealView | null>(null);
  const [focusDealId, setFocusDealId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [wonDeal, setWonDeal] = useState<DealView | null>(null);
  const [losing, setLosing] = useState<DealView | null>(null);
  const [openDeal, setOpenDeal] = useState<DealView | null>(null);

  /** Shows `deal` at the top of its stage's column, wherever it was. */
  const place = useCallback(
    (deal: DealView) => {
      for (const stage of STAGES) queryClient.setQueryData<ColumnData>(boardKey(stage), (data) => placeDeal(stage, data, deal));
    },
    [queryClient],
  );

  const move = useMutation({
    mutationKey: MOVE_KEY,
    mutationFn: ({ deal, to, lostReason }: Move) =>
      apiFetch<{ deal: DealView }>(`/api/deals/${deal.id}`, {
        method: "PATCH",
        body: JSON.stringify({ stage: to, version: deal.version, ...(lostReason ? { lostReason } : {}) }),
      }),
    onMutate: async ({ deal, to, lostReason }) => {
      setProblem(null);
      setStatus(null);
      setWonDeal(null);
      await queryClient.cancelQueries({ queryKey: ["deals"] });
      const snapshot = queryClient.getQueriesData<ColumnData | BoardSummary>({ queryKey: ["deals"] });
      const closing = to === "WON" || to === "LOST";
      // Stage, probability and close date change at once; the server's answer brings the exact record.
      place({
        ...deal,
        stage: to,
        probability: summary.data?.probabilities[to] ?? deal.probability,
        lostReason: to === "LOST" ? (lostReason ?? null) : null,
        closedAt: closing ? new Date().toISOString() : null,
      });
      queryClient.setQueryData<BoardSummary>(SUMMARY_KEY, (data) => summaryAfterMove(data, deal, to));
      setFocusDealId(deal.id);
      return { snapshot };
    },
    onError: (error, { deal, to }, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      const apiError = error instanceof ApiError ? error : null;
      if (apiError?.status === 409 && apiError.body?.current) {
        const current = apiError.body.current as DealView;
        place(current);
        setProblem(
          `“${deal.title}” was changed by someone else and is now in ${STAGE_LABEL[current.stage]}. It was not moved; move it again if you still want it in ${STAGE_LABEL[to]}.`,
        );
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

  const requestMove = useCallback(
    (deal: DealView, to: DealStage) => {
      if (deal.stage === to || !deal.canWrite) return;
      if (to === "LOST") setLosing(deal);
      else move.mutate({ deal, to });
    },
    [move],
  );

  const saved = (deal: DealView) => {
    place(deal);
    setOpenDeal(null);
    setStatus(`Saved “${deal.title}”.`);
    setFocusDealId(deal.id);
    void queryClient.invalidateQueries({ queryKey: ["deals"] });
    void queryClient.invalidateQueries({ queryKey: ["account", deal.accountId] });
  };

  return (
    <div className="space-y-3">
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {status}
      </p>
      {problem ? (
        <div
          role="alert"
          className="flex flex-wrap items-start justify-between gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <p>{problem}</p>
          <button type="button" className="underline" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {summary.isError ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>The column totals could not be loaded: {summary.error.message}</p>
          <button type="button" className="underline" onClick={() => void summary.refetch()}>
            Try again
          </button>
        </div>
      ) : null}
      <p className="text-xs text-slate-600">
        Open a deal by its title. Drag a card to another column, or use its ← → buttons or “Move” menu.
      </p>
      {/* relative: the cards' sr-only (absolute) labels must stay inside this scroller, or they widen the page on phones. */}
      <div
        className="relative -mx-4 flex snap-x snap-mandatory gap-3 overflow-x-auto px-4 pb-4 lg:mx-0 lg:grid lg:grid-cols-6 lg:gap-2 lg:overflow-visible lg:px-0"
        data-testid="pipeline-board"
      >
        {STAGES.map((stage) => (
          <PipelineColumn
            key={stage}
            stage={stage}
            total={summary.data?.stages.find((column) => column.stage === stage)}
            reportingCurrency={summary.data?.reportingCurrency ?? "EUR"}
            dragging={dragging}
            focusDealId={focusDealId}
            onFocused={() => setFocusDealId(null)}
            onDragStart={setDragging}
            onDragEnd={() => setDragging(null)}
            onMove={requestMove}
            onOpen={setOpenDeal}
          />
        ))}
      </div>
      <LostReasonDialog
        deal={losing}
        onCancel={() => {
          if (losing) setFocusDealId(losing.id);
          setLosing(null);
        }}
        onConfirm={(lostReason) => {
          if (losing) move.mutate({ deal: losing, to: "LOST", lostReason });
          setLosing(null);
        }}
      />
      <DealDrawer
        deal={openDeal}
        probabilities={summary.data?.probabilities}
        onClose={() => {
          if (openDeal) setFocusDealId(openDeal.id);
          setOpenDeal(null);
        }}
        onSaved={saved}
      />
      <WonPrompt deal={wonDeal} onClose={() => setWonDeal(null)} />
    </div>
  );
}
