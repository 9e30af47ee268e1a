"use client";
// A compact deal card (six fit side by side at 1440 px): title (opens the drawer),
// account, amount and probability, close date; ← / → and a "Move" menu (Radix:
// arrow keys, Escape closes it, whole stage names) for keyboards and touch.
import { DateText } from "@/components/app-calendar";
import Link from "next/link";
import { useEffect, useRef } from "react";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { buttonClass } from "@/components/ui/button";
import { formatMoney } from "@/components/ui/format";
import type { DealStage } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import { LOST_REASON_LABEL, STAGES, STAGE_LABEL, TYPE_LABEL } from "./labels";

const SMALL_BUTTON = "min-h-11 px-2 lg:min-h-8 lg:rounded-md lg:px-1.5 lg:text-xs";

export function DealCard({
  deal,
  focus,
  onFocused,
  onDragStart,
  onDragEnd,
  onMove,
  onOpen,
}: {
  deal: DealView;
  focus: boolean;
  onFocused: () => void;
  onDragStart: (deal: DealView) => void;
  onDragEnd: () => void;
  onMove: (deal: DealView, to: DealStage) => void;
  onOpen: (deal: DealView) => void;
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
      className={`rounded-lg bg-white p-2.5 shadow-sm ring-1 ring-slate-200 lg:p-2 ${deal.canWrite ? "cursor-grab active:cursor-grabbing" : ""}`}
    >
      <button
        type="button"
        data-testid="deal-title"
        className="line-clamp-2 w-full text-left text-sm font-medium leading-snug hover:underline"
        aria-haspopup="dialog"
        onClick={() => onOpen(deal)}
      >
        {deal.title}
      </button>
      <Link href={`/rep/accounts/${deal.accountId}`} className="block truncate text-xs text-brand-700 underline" title={deal.accountName}>
        {deal.accountName}
      </Link>
      <div className="mt-1 flex items-baseline justify-between gap-1 text-sm">
        <span className="font-semibold tabular-nums">{formatMoney(deal.amount, deal.currency)}</span>
        <span className="whitespace-nowrap text-xs text-slate-700" title="Probability">
          {deal.probability} %
        </span>
      </div>
      <p className="truncate text-xs text-slate-600" title={`${TYPE_LABEL[deal.type]}`}>
        {deal.closedAt ? (
          <>
            Closed <DateText value={deal.closedAt} kind="instant" />
          </>
        ) : (
          <>
            Close <DateText value={deal.expectedCloseAt} />
          </>
        )}
        {deal.stage === "LOST" && deal.lostReason ? ` · ${LOST_REASON_LABEL[deal.lostReason]}` : ""}
      </p>
      {deal.canWrite ? (
        <div className="mt-1.5 flex items-center gap-1">
          <button
            type="button"
            className={buttonClass("secondary", SMALL_BUTTON)}
            disabled={!previous}
            aria-label={previous ? `Move ${deal.title} to ${STAGE_LABEL[previous]}` : `${deal.title} is in the first stage`}
            onClick={() => previous && onMove(deal, previous)}
          >
            ←
          </button>
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger
              className={buttonClass("secondary", `${SMALL_BUTTON} min-w-0 flex-1`)}
              aria-label={`Move ${deal.title} to…`}
            >
              Move…
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content
                align="start"
                sideOffset={4}
                collisionPadding={8}
                className="z-30 min-w-44 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-300"
              >
                <DropdownMenu.Label className="px-2 py-1 text-xs text-slate-600">Move to</DropdownMenu.Label>
                {STAGES.filter((stage) => stage !== deal.stage).map((stage) => (
                  <DropdownMenu.Item
                    key={stage}
                    className="flex min-h-11 cursor-pointer items-center rounded-md px-2 text-sm outline-none data-[highlighted]:bg-brand-50 data-[highlighted]:text-brand-700 lg:min-h-9"
                    onSelect={() => onMove(deal, stage)}
                  >
                    {STAGE_LABEL[stage]}
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <button
            type="button"
            className={buttonClass("secondary", SMALL_BUTTON)}
            disabled={!next}
            aria-label={next ? `Move ${deal.title} to ${STAGE_LABEL[next]}` : `${deal.title} is in the last stage`}
            onClick={() => next && onMove(deal, next)}
          >
            →
          </button>
        </div>
      ) : (
        <p className="mt-1 text-xs text-slate-600">Owned by {deal.ownerName}; read only.</p>
      )}
    </li>
  );
}
