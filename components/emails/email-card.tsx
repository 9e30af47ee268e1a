"use client";
// Reminder e-mails on the account page: pick a contact, preview the template filled in
// for them, edit if needed, send; below, the account's e-mails with their delivery state.
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ContactView } from "@/lib/contacts/list-contacts";
import type { EmailView } from "@/lib/emails/emails";
import { apiFetch } from "@/components/api-client";
import { accountKey } from "@/components/account/api";
import { errorText } from "@/components/flags/flag-card";
import { buttonClass } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-errors";

const STATUS_LABEL: Record<EmailView["status"], string> = { sent: "Sent", stored: "In the outbox", failed: "Failed" };

export function EmailCard({ accountId, flagId, onFlagUsed }: { accountId: string; flagId?: string | null; onFlagUsed?: () => void }) {
  const queryClient = useQueryClient();
  const contacts = useQuery({
    queryKey: ["contacts", accountId],
    queryFn: () => apiFetch<{ items: ContactView[] }>(`/api/contacts?${new URLSearchParams({ accountId, limit: "200" })}`),
  });
  const emails = useQuery({
    queryKey: ["emails", accountId],
    queryFn: () => apiFetch<{ items: EmailView[] }>(`/api/emails?accountId=${accountId}&limit=20`),
  });
  const reachable = (contacts.data?.items ?? []).filter((c) => c.email);
  // The rep's pick, else the decision maker (else the first contact with an address).
  const [chosenContactId, setContactId] = useState("");
  const contactId = chosenContactId || ((reachable.find((c) => c.decisionRole === "DECISION_MAKER") ?? reachable[0])?.id ?? "");
  // A draft belongs to the flag it was previewed for: another flag starts afresh.
  const [drafted, setDrafted] = useState<{ flagId: string | null; to: string; subject: string; body: string } | null>(null);
  const draft = drafted && drafted.flagId === (flagId ?? null) ? drafted : null;
  const setDraft = (value: { to: string; subject: string; body: string } | null) =>
    setDrafted(value && { ...value, flagId: flagId ?? null });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const base = () => ({ accountId, contactId, ...(flagId ? { flagId } : {}) });
  const preview = useMutation({
    mutationFn: () =>
      apiFetch<{ to: string; subject: string; body: string }>("/api/emails/preview", { method: "POST", body: JSON.stringify(base()) }),
    onSuccess: (result) => {
      setDraft(result);
      setError(null);
    },
    onError: (e) => setError(errorText(e)),
  });
  const send = useMutation({
    mutationFn: () =>
      apiFetch<{ id: string; status: EmailView["status"] }>("/api/emails", {
        method: "POST",
        body: JSON.stringify({ ...base(), subject: draft!.subject, body: draft!.body }),
      }),
    onSuccess: (result) => {
      setDraft(null);
      setStatus(
        result.status === "sent"
          ? "E-mail sent."
          : result.status === "stored"
            ? "E-mail kept in the outbox (no mail server configured)."
            : "The mail server refused the e-mail; it is kept and can be retried.",
      );
      onFlagUsed?.();
      for (const key of [["emails", accountId], accountKey(accountId), ["visits", accountId], ["today"]])
        void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (e) => setError(errorText(e)),
  });
  const retry = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/emails/${id}/retry`, { method: "POST" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["emails", accountId] }),
    onError: (e) => setError(errorText(e)),
  });

  return (
    <section aria-labelledby="email-heading" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="email-card">
      <h2 id="email-heading" className="mb-2 text-base font-semibold">
        Reminder e-mail{flagId ? " about this flag" : ""}
      </h2>
      {contacts.isPending ? (
        <p className="text-sm text-slate-600">Loading contacts…</p>
      ) : reachable.length === 0 ? (
        <p className="text-sm text-slate-600">No contact of this account has an e-mail address yet.</p>
      ) : (
        <div className="space-y-2">
          <div className="flex flex-wrap items-end gap-2">
            <label className="min-w-0 flex-1 text-sm">
              To
              <select
                value={contactId}
                onChange={(e) => {
                  setContactId(e.target.value);
                  setDraft(null);
                }}
                className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-2"
              >
                {reachable.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name} &lt;{c.email}&gt;
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className={buttonClass("secondary")}
              disabled={!contactId || preview.isPending}
              onClick={() => preview.mutate()}
            >
              Preview
            </button>
          </div>
          {draft ? (
            <form
              className="space-y-2"
              aria-label="E-mail preview"
              onSubmit={(e) => {
                e.preventDefault();
                setError(null);
                send.mutate();
              }}
            >
              <label className="block text-sm">
                Subject
                <input
                  value={draft.subject}
                  maxLength={200}
                  onChange={(e) => setDraft({ ...draft, subject: e.target.value })}
                  className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
                />
              </label>
              <label className="block text-sm">
                Message
                <textarea
                  value={draft.body}
                  maxLength={4000}
                  onChange={(e) => setDraft({ ...draft, body: e.target.value })}
                  className="mt-1 block min-h-40 w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm"
                />
              </label>
              <button type="submit" className={buttonClass("primary", "w-full sm:w-auto")} disabled={send.isPending}>
                {send.isPending ? "Sending…" : `Send to ${draft.to}`}
              </button>
            </form>
          ) : null}
        </div>
      )}
      {status ? (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          {status}
        </p>
      ) : null}
      <FormAlert className="mt-2" message={error && `Not sent: ${error}`} />
      {emails.data?.items.length ? (
        <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="account-emails">
          {emails.data.items.map((email) => (
            <li key={email.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0">
                <span className="block truncate font-medium">{email.subject}</span>
                <span className="text-slate-600">
                  {email.toAddress} · <DateText value={email.createdAt} kind="instant" /> · {STATUS_LABEL[email.status]}
                  {email.error ? ` (${email.error})` : ""}
                </span>
              </span>
              {email.status === "failed" ? (
                <button
                  type="button"
                  className={buttonClass("secondary")}
                  disabled={retry.isPending}
                  onClick={() => retry.mutate(email.id)}
                >
                  Retry
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
