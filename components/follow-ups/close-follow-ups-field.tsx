"use client";
// The account's open follow-ups, offered for closing with the order or visit being logged
// (sent as closeFollowUpIds and closed in the same transaction). Due today or overdue:
// ticked, since logging the contact is usually what they asked for; later ones unticked.
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { FollowUpView } from "@/lib/follow-ups/follow-ups";
import { useAppToday } from "@/components/app-calendar";
import { fetchOpenFollowUps, followUpsKey } from "./follow-ups-card";

/** More than this on one account is a list to work through on the account page, not in a form. */
const SHOWN = 10;

export interface FollowUpsToClose {
  items: FollowUpView[];
  today: string;
  isChecked: (followUp: FollowUpView) => boolean;
  set: (id: string, checked: boolean) => void;
  /** The ids to send as closeFollowUpIds. */
  ids: () => string[];
  /** After a save: back to the defaults for the refreshed list. */
  reset: () => void;
}

export function useFollowUpsToClose(accountId: string): FollowUpsToClose {
  const list = useQuery({ queryKey: followUpsKey(accountId), queryFn: () => fetchOpenFollowUps(accountId) });
  const [choice, setChoice] = useState<Record<string, boolean>>({});
  const { today } = useAppToday();
  const items = (list.data?.items ?? []).slice(0, SHOWN);
  const isChecked = (followUp: FollowUpView) => choice[followUp.id] ?? followUp.dueOn <= today;
  return {
    items,
    today,
    isChecked,
    set: (id, checked) => setChoice((current) => ({ ...current, [id]: checked })),
    ids: () => items.filter(isChecked).map((followUp) => followUp.id),
    reset: () => setChoice({}),
  };
}

export function CloseFollowUpsField({ state, onChange, error }: { state: FollowUpsToClose; onChange?: () => void; error?: string | null }) {
  if (state.items.length === 0) return null;
  return (
    <fieldset className="space-y-1" data-testid="close-follow-ups">
      <legend className="mb-1 text-sm font-medium">Open follow-ups on this account</legend>
      {state.items.map((followUp) => (
        <label key={followUp.id} className="flex min-h-11 items-center gap-3 text-sm">
          <input
            type="checkbox"
            className="h-5 w-5 shrink-0"
            checked={state.isChecked(followUp)}
            onChange={(event) => {
              onChange?.();
              state.set(followUp.id, event.target.checked);
            }}
          />
          <span>
            Also mark done: {followUp.title}{" "}
            <span className={`whitespace-nowrap ${followUp.dueOn < state.today ? "text-red-700" : "text-slate-600"}`}>
              (due <DateText value={followUp.dueOn} />)
            </span>
          </span>
        </label>
      ))}
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </fieldset>
  );
}
