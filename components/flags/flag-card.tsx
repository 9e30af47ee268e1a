"use client";
// One flag as owned work: its state, the next step, and the one-tap actions (log the
// contact, open the deal or show the one already opened, follow up, snooze, dismiss).
// Used on the account page and the Today list; the server decides, the buttons only ask.
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { AccountFlag } from "@/lib/flag-records/flag-views";
import type { DealDraft } from "@/lib/flag-records/deal-draft";
import { ApiError, apiFetch } from "@/components/api-client";
import { FLAG_LABEL, flagTone } from "@/components/account/flag-badges";
import { buttonClass } from "@/components/ui/button";
import { formatMoney, keepPercentsTogether } from "@/components/ui/format";
import { useAppToday } from "@/components/app-calendar";
import { FormAlert } from "@/components/ui/form-errors";

export type FlagAction =
  | { kind: "visit"; flagId?: string | null }
  | { kind: "order"; productId?: string }
  | { kind: "deal"; draft: DealDraft }
  | { kind: "email"; flagId: string };

const DISMISS_REASONS: Array<[string, string]> = [
  ["not_relevant", "Not relevant"],
  ["already_handled", "Already handled"],
  ["customer_declined", "Customer declined"],
  ["wrong_data", "Wrong data"],
  ["other", "Other"],
];
export function errorText(error: unknown): string {
  return error instanceof ApiError && error.issues.length
    ? error.issues.map((i) => `${i.field}: ${i.reason}`).join("; ")
    : (error as Error).message;
}

export function FlagCard({
  flag,
  accountId,
  currency,
  onAction,
  onChanged,
  heading,
}: {
  flag: AccountFlag;
  accountId: string;
  currency: string;
  onAction: (action: FlagAction) => void;
  /** Called after a snooze, dismissal or follow-up was saved (the Today list refreshes). */
  onChanged?: () => void;
  heading?: React.ReactNode;
}) {
  const queryClient = useQueryClient();
  const { fromToday } = useAppToday();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState("not_relevant");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["account", accountId] });
    void queryClient.invalidateQueries({ queryKey: ["today"] });
    void queryClient.invalidateQueries({ queryKey: ["follow-ups"] });
    onChanged?.();
  };
  const change = useMutation({
    mutationFn: ({ url, body }: { url: string; body: unknown }) => apiFetch(url, { method: "POST", body: JSON.stringify(body) }),
    onSuccess: () => {
      setDismissing(false);
      refresh();
    },
    onError: (e) => setError(errorText(e)),
  });
  const post = (url: string, body: unknown) => {
    setError(null);
    change.mutate({ url, body });
  };
  const money = (value: number) => formatMoney(value, currency);
  const actionable = flag.id !== null && (flag.state === "open" || flag.state === "acted");

  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3" data-testid={`flag-${flag.type}`} data-state={flag.state}>
      {heading}
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${flagTone(flag.type)}`}>{FLAG_LABEL[flag.type] ?? flag.type}</span>
        {flag.state !== "open" ? (
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700" data-testid="flag-state">
            {flag.state === "acted" ? (
              <>
                Acted <DateText value={flag.actedAt} kind="instant" />
              </>
            ) : flag.state === "snoozed" ? (
              <>
                Snoozed until <DateText value={flag.snoozedUntil} />
              </>
            ) : (
              flag.state
            )}
          </span>
        ) : null}
        <span className="text-xs text-slate-500">
          score {flag.score.toFixed(2)} · at stake {money(flag.valueAtStake)}
        </span>
      </div>
      <p className="mt-1 text-sm">{keepPercentsTogether(flag.reason)}</p>
      {flag.state === "open" ? <p className="mt-1 text-sm font-medium text-slate-800">{flag.action}</p> : null}
      <div className="mt-2 flex flex-wrap gap-2">
        {flag.type === "churn_risk" && flag.state === "open" ? (
          <button type="button" className={buttonClass("primary")} onClick={() => onAction({ kind: "visit", flagId: flag.id })}>
            Log visit or call
          </button>
        ) : null}
        {flag.type === "replenishment" && flag.state === "open" ? (
          <button
            type="button"
            className={buttonClass("primary")}
            onClick={() => onAction({ kind: "order", productId: String(flag.details?.productId ?? "") || undefined })}
          >
            Log refill order
          </button>
        ) : null}
        {(flag.type === "churn_risk" || flag.type === "replenishment") && flag.id && flag.state === "open" ? (
          <button type="button" className={buttonClass("secondary")} onClick={() => onAction({ kind: "email", flagId: flag.id! })}>
            Send reminder
          </button>
        ) : null}
        {flag.type === "upsell" || flag.type === "cross_sell" ? (
          flag.dealId ? (
            <a href={`/rep/deals#deal-${flag.dealId}`} className={buttonClass("secondary")} data-testid="flag-deal">
              Deal: {flag.dealTitle}
            </a>
          ) : flag.dealDraft && flag.state === "open" ? (
            <button type="button" className={buttonClass("secondary")} onClick={() => onAction({ kind: "deal", draft: flag.dealDraft! })}>
              Open {flag.type === "upsell" ? "an upsell" : "a cross-sell"} deal
            </button>
          ) : flag.state === "open" ? (
            // Lists that carry no draft (Today) open the deal on the account page, where it is pre-filled.
            <a href={`/rep/accounts/${accountId}#flags-heading`} className={buttonClass("secondary")}>
              Open {flag.type === "upsell" ? "an upsell" : "a cross-sell"} deal
            </a>
          ) : null
        ) : null}
        {actionable && !flag.followUpId ? (
          <button
            type="button"
            className={buttonClass("secondary")}
            disabled={change.isPending}
            onClick={() =>
              post("/api/follow-ups", {
                accountId,
                title: flag.action.replace(/;.*$/, "").replace(/\.$/, "").slice(0, 200),
                dueOn: flag.followUpDueOn,
                flagId: flag.id,
              })
            }
          >
            Follow up
          </button>
        ) : null}
        {flag.followUpId ? (
          <span className="self-center text-xs text-slate-600" data-testid="flag-follow-up">
            Follow-up set
          </span>
        ) : null}
        {actionable ? (
          <>
            <button
              type="button"
              className={buttonClass("ghost")}
              disabled={change.isPending}
              onClick={() => post(`/api/flags/${flag.id}/snooze`, { until: fromToday(7) })}
            >
              Snooze a week
            </button>
            <button type="button" className={buttonClass("ghost")} aria-expanded={dismissing} onClick={() => setDismissing(!dismissing)}>
              Dismiss
            </button>
          </>
        ) : null}
      </div>
      {dismissing ? (
        <form
          className="mt-2 flex flex-wrap items-end gap-2"
          aria-label="Dismiss the flag"
          onSubmit={(e) => {
            e.preventDefault();
            post(`/api/flags/${flag.id}/dismiss`, { reason, note: note || null });
          }}
        >
          <label className="text-sm">
            Reason
            <select
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"
            >
              {DISMISS_REASONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="min-w-0 flex-1 text-sm">
            Note (optional)
            <input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
            />
          </label>
          <button type="submit" className={buttonClass("danger")} disabled={change.isPending}>
            Dismiss flag
          </button>
        </form>
      ) : null}
      <FormAlert className="mt-2" message={error && `Not saved: ${error}`} />
    </li>
  );
}
