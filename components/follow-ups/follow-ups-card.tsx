"use client";
// The account's open follow-ups: done in one tap, and a new one by hand (title + due date).
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FollowUpView } from "@/lib/follow-ups/follow-ups";
import { apiFetch } from "@/components/api-client";
import { errorText } from "@/components/flags/flag-card";
import { useAppToday } from "@/components/app-calendar";
import { buttonClass } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-errors";

export const followUpsKey = (accountId: string) => ["follow-ups", accountId] as const;
export const fetchOpenFollowUps = (accountId: string) =>
  apiFetch<{ items: FollowUpView[] }>(`/api/follow-ups?${new URLSearchParams({ accountId, status: "open", limit: "50" })}`);

export function FollowUpsCard({ accountId }: { accountId: string }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: followUpsKey(accountId), queryFn: () => fetchOpenFollowUps(accountId) });
  const [title, setTitle] = useState("");
  const { today, fromToday } = useAppToday();
  const [dueOn, setDueOn] = useState(() => fromToday(1));
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["follow-ups"] });
    void queryClient.invalidateQueries({ queryKey: ["account", accountId] });
  };
  const create = useMutation({
    mutationFn: () => apiFetch("/api/follow-ups", { method: "POST", body: JSON.stringify({ accountId, title, dueOn }) }),
    onSuccess: () => {
      setTitle("");
      refresh();
    },
    onError: (e) => setError(errorText(e)),
  });
  const done = useMutation({
    mutationFn: (f: FollowUpView) =>
      apiFetch(`/api/follow-ups/${f.id}`, { method: "PATCH", body: JSON.stringify({ status: "done", version: f.version }) }),
    onSuccess: refresh,
    onError: (e) => setError(errorText(e)),
  });
  return (
    <section aria-labelledby="follow-ups-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="follow-ups-heading" className="mb-2 text-base font-semibold">
        Follow-ups
      </h2>
      {list.isPending ? (
        <p className="text-sm text-slate-600">Loading…</p>
      ) : list.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Could not load the follow-ups.
        </p>
      ) : list.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">No open follow-ups.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="account-follow-ups">
          {list.data.items.map((f) => (
            <li key={f.id} className="flex items-center justify-between gap-2 py-2">
              <span className="min-w-0">
                <span className="block font-medium">{f.title}</span>
                <span className={f.dueOn < today ? "text-red-700" : "text-slate-600"}>
                  due <DateText value={f.dueOn} />
                </span>
              </span>
              <button
                type="button"
                className={buttonClass("secondary")}
                disabled={done.isPending}
                onClick={() => {
                  setError(null);
                  done.mutate(f);
                }}
              >
                Done
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        aria-label="New follow-up"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          create.mutate();
        }}
      >
        <label className="min-w-0 flex-1 basis-48 text-sm">
          To do
          <input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            required
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
          />
        </label>
        <label className="text-sm">
          Due
          <input
            type="date"
            value={dueOn}
            onChange={(e) => setDueOn(e.target.value)}
            required
            className="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"
          />
        </label>
        <button type="submit" className={buttonClass("secondary")} disabled={create.isPending}>
          Add
        </button>
      </form>
      <FormAlert className="mt-2" message={error && `Not saved: ${error}`} />
    </section>
  );
}
