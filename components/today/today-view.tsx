"use client";
// The rep's Today list, built for 390 px: every row closes in place (done, move to
// tomorrow, log a call) and the list refreshes from the server after each change.
import { DateText } from "@/components/app-calendar";
import Link from "next/link";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import type { TodayList } from "@/lib/follow-ups/today";
import type { FollowUpView } from "@/lib/follow-ups/follow-ups";
import { apiFetch, newIdempotencyKey } from "@/components/api-client";
import { FlagCard, errorText, type FlagAction } from "@/components/flags/flag-card";
import { addDays } from "@/lib/days";
import { buttonClass } from "@/components/ui/button";
import { plural } from "@/lib/plural";
import { FormAlert } from "@/components/ui/form-errors";

export function TodayView({ data }: { data: TodayList }) {
  const router = useRouter();
  const refresh = () => router.refresh();
  const [calling, setCalling] = useState<string | null>(null);
  const dueCount = data.overdue.length + data.dueToday.length;
  return (
    <div className="space-y-4">
      <header>
        <h1 className="text-xl font-semibold">Today</h1>
        <p className="text-sm text-slate-600">
          <DateText value={data.today} /> · {dueCount === 0 ? "no follow-ups due" : `${plural(dueCount, "follow-up")} due`}
        </p>
      </header>

      <section aria-labelledby="due-heading" className="space-y-2">
        <h2 id="due-heading" className="text-base font-semibold">
          Follow-ups due
        </h2>
        {dueCount === 0 ? (
          <p className="rounded-xl bg-white p-4 text-sm text-slate-600 ring-1 ring-slate-200">Nothing due. Work the flags below.</p>
        ) : (
          <ul className="space-y-2" data-testid="follow-ups-due">
            {[...data.overdue, ...data.dueToday].map((followUp) => (
              <FollowUpRow key={followUp.id} followUp={followUp} today={data.today} onChanged={refresh} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="flags-heading" className="space-y-2">
        <h2 id="flags-heading" className="text-base font-semibold">
          Flags with no follow-up
        </h2>
        {data.flags.length === 0 ? (
          <p className="rounded-xl bg-white p-4 text-sm text-slate-600 ring-1 ring-slate-200">No open flags without a follow-up.</p>
        ) : (
          <ul className="space-y-2" data-testid="today-flags">
            {data.flags.map(({ accountId, accountName, currency, flag }) => {
              const onAction = (action: FlagAction) => {
                if (action.kind === "visit") setCalling(calling === flag.id ? null : flag.id);
                else if (action.kind === "order") router.push(`/rep/accounts/${accountId}?logOrder=1`);
                else if (action.kind === "email") router.push(`/rep/accounts/${accountId}#email-heading`);
                else router.push(`/rep/accounts/${accountId}`);
              };
              return (
                <FlagCard
                  key={flag.id}
                  flag={flag}
                  accountId={accountId}
                  currency={currency}
                  onAction={onAction}
                  onChanged={refresh}
                  heading={
                    <>
                      <Link href={`/rep/accounts/${accountId}`} className="mb-1 block font-medium text-brand-700 underline">
                        {accountName}
                      </Link>
                      {calling === flag.id ? (
                        <CallForm
                          accountId={accountId}
                          onDone={() => {
                            setCalling(null);
                            refresh();
                          }}
                        />
                      ) : null}
                    </>
                  }
                />
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

function FollowUpRow({ followUp, today, onChanged }: { followUp: FollowUpView; today: string; onChanged: () => void }) {
  // The server's day (APP_TIME_ZONE): the same one the list was split by.
  const overdue = followUp.dueOn < today;
  const [calling, setCalling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch(`/api/follow-ups/${followUp.id}`, { method: "PATCH", body: JSON.stringify({ ...body, version: followUp.version }) }),
    onSuccess: onChanged,
    onError: (e) => setError(errorText(e)),
  });
  return (
    <li className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200" data-testid="follow-up">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{followUp.title}</p>
          <p className="text-sm text-slate-600">
            <Link href={`/rep/accounts/${followUp.accountId}`} className="text-brand-700 underline">
              {followUp.accountName}
            </Link>
            {" · "}
            <span className={overdue ? "font-medium text-red-700" : ""}>
              {overdue ? (
                <>
                  overdue since <DateText value={followUp.dueOn} />
                </>
              ) : (
                "due today"
              )}
            </span>
          </p>
        </div>
      </div>
      <div className="mt-2 grid grid-cols-3 gap-2">
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={patch.isPending}
          onClick={() => {
            setError(null);
            patch.mutate({ status: "done" });
          }}
        >
          Done
        </button>
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={patch.isPending}
          onClick={() => {
            setError(null);
            patch.mutate({ status: "open", dueOn: addDays(today, 1) });
          }}
        >
          Tomorrow
        </button>
        <button type="button" className={buttonClass("secondary")} aria-expanded={calling} onClick={() => setCalling(!calling)}>
          Log call
        </button>
      </div>
      {calling ? (
        <CallForm
          accountId={followUp.accountId}
          followUp={followUp}
          onDone={() => {
            setCalling(false);
            onChanged();
          }}
        />
      ) : null}
      <FormAlert className="mt-2" message={error && `Not saved: ${error}`} />
    </li>
  );
}

/** Logs a call on the account; from a follow-up it offers to close it (ticked by default). */
function CallForm({ accountId, followUp, onDone }: { accountId: string; followUp?: FollowUpView; onDone: () => void }) {
  const [notes, setNotes] = useState("");
  const [close, setClose] = useState(true);
  const [key] = useState(newIdempotencyKey);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    // The follow-up closes in the call's own request: both are saved, or neither.
    mutationFn: () =>
      apiFetch("/api/visits", {
        method: "POST",
        body: JSON.stringify({
          accountId,
          type: "CALL",
          occurredAt: new Date().toISOString(),
          idempotencyKey: key,
          ...(notes.trim() ? { notes } : {}),
          ...(followUp && close ? { closeFollowUpIds: [followUp.id] } : {}),
        }),
      }),
    onSuccess: onDone,
    onError: (e) => setError(errorText(e)),
  });
  return (
    <form
      className="mt-2 space-y-2"
      aria-label="Log a call"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        save.mutate();
      }}
    >
      <label className="block text-sm">
        What was said (optional)
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          maxLength={4000}
          className="mt-1 block min-h-20 w-full rounded-lg border border-slate-300 px-3 py-2"
        />
      </label>
      {followUp ? (
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" checked={close} onChange={(e) => setClose(e.target.checked)} className="h-5 w-5" /> Close this follow-up
        </label>
      ) : null}
      <FormAlert message={error && `Not saved: ${error}`} />
      <button type="submit" className={buttonClass("primary", "w-full sm:w-auto")} disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save call"}
      </button>
    </form>
  );
}
