"use client";
// Logging a visit, call, e-mail or meeting in a few taps (rep screens are 390 px first).
// A retry after a lost answer resends the same idempotency key and body, so the
// server logs the visit once whatever the network did.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { CloseFollowUpsField, useFollowUpsToClose } from "@/components/follow-ups/close-follow-ups-field";
import type { FollowUpView } from "@/lib/follow-ups/follow-ups";
import { Button } from "@/components/ui/button";
import type { VisitType } from "@/lib/generated/prisma/enums";
import type { VisitView } from "@/lib/visits/list-visits";
import type { MetricsView } from "@/lib/accounts/metrics-view";
import { ApiError, apiFetch, newIdempotencyKey } from "@/components/api-client";
import { FormAlert, formErrors } from "@/components/ui/form-errors";

/** An API answer other than 2xx; `body` is the JSON error (`issues` on 400, `current` on 409). */
const VISIT_TYPES: Array<{ value: VisitType; label: string }> = [
  { value: "VISIT", label: "Visit" },
  { value: "CALL", label: "Call" },
  { value: "EMAIL", label: "E-mail" },
  { value: "MEETING", label: "Meeting" },
];

export interface LoggedVisitResult {
  visit: VisitView;
  closedFollowUps: FollowUpView[];
  metrics: MetricsView | null;
}

interface VisitFields {
  type: VisitType;
  contactId: string;
  occurredAt: string;
  outcome: string;
  notes: string;
  nextStep: string;
  nextStepDueOn: string;
}

const FIELD_LABELS: Record<string, string> = {
  type: "Type",
  contactId: "Contact",
  occurredAt: "When",
  outcome: "Outcome",
  notes: "Notes",
  nextStep: "Next step",
  nextStepDueOn: "Next step due",
  closeFollowUpIds: "Follow-up to mark done",
};

const EMPTY: VisitFields = { type: "VISIT", contactId: "", occurredAt: "", outcome: "", notes: "", nextStep: "", nextStepDueOn: "" };

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2";

export function LogVisitForm({
  accountId,
  contacts,
  onLogged,
}: {
  accountId: string;
  contacts: Array<{ id: string; name: string; title?: string | null }>;
  onLogged?: (result: LoggedVisitResult) => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const [fields, setFields] = useState<VisitFields>(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  // The attempt in flight or last failed: same fields → same key and same body on retry.
  const attempt = useRef<{ fingerprint: string; body: Record<string, unknown> } | null>(null);
  // The account's open follow-ups are offered for closing with the visit, in its own request.
  const followUps = useFollowUpsToClose(accountId);

  const log = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<LoggedVisitResult>("/api/visits", { method: "POST", body: JSON.stringify(body) }),
    onSuccess: (result) => {
      attempt.current = null;
      setFields(EMPTY);
      followUps.reset();
      const closed = result.closedFollowUps.length;
      setDone(
        `${VISIT_TYPES.find((t) => t.value === result.visit.type)?.label ?? "Visit"} logged.${closed ? ` ${closed === 1 ? "1 follow-up" : `${closed} follow-ups`} marked done.` : ""}`,
      );
      void queryClient.invalidateQueries({ queryKey: ["account", accountId] });
      void queryClient.invalidateQueries({ queryKey: ["visits", accountId] });
      void queryClient.invalidateQueries({ queryKey: ["today"] });
      void queryClient.invalidateQueries({ queryKey: ["follow-ups"] });
      onLogged?.(result);
    },
  });

  const set = <K extends keyof VisitFields>(key: K, value: VisitFields[K]) => {
    // A change clears the last answer: no "logged" or error stays above a form that has moved on.
    setDone(null);
    if (log.error) log.reset();
    setFields((current) => ({ ...current, [key]: value }));
  };

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (log.isPending) return;
    const closeFollowUpIds = followUps.ids();
    const fingerprint = JSON.stringify({ accountId, ...fields, closeFollowUpIds });
    if (attempt.current?.fingerprint !== fingerprint) {
      attempt.current = {
        fingerprint,
        body: {
          accountId,
          type: fields.type,
          ...(fields.contactId ? { contactId: fields.contactId } : {}),
          // "Now" is fixed once per attempt so a retry sends the identical body.
          occurredAt: fields.occurredAt ? new Date(fields.occurredAt).toISOString() : new Date().toISOString(),
          ...(fields.outcome.trim() ? { outcome: fields.outcome } : {}),
          ...(fields.notes.trim() ? { notes: fields.notes } : {}),
          ...(fields.nextStep.trim() ? { nextStep: fields.nextStep } : {}),
          // A due date turns the next step into a follow-up on the Today list.
          ...(fields.nextStepDueOn ? { nextStepDueOn: fields.nextStepDueOn } : {}),
          // Closed in the visit's transaction: both are saved, or neither.
          ...(closeFollowUpIds.length ? { closeFollowUpIds } : {}),
          idempotencyKey: newIdempotencyKey(),
        },
      };
    }
    log.mutate(attempt.current.body);
  }

  const error = log.error instanceof ApiError ? log.error : log.error ? new ApiError(0, log.error.message, null) : null;
  const errors = formErrors(error, FIELD_LABELS);
  const issueFor = (field: string) => errors.byField[field];
  const retryable = error !== null && (error.status === 0 || error.status >= 500);

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="text-base font-semibold">
        Log a visit
      </h3>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Type</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {VISIT_TYPES.map((option) => (
            <label key={option.value} className="relative">
              <input
                type="radio"
                name={`${id}-type`}
                value={option.value}
                checked={fields.type === option.value}
                onChange={() => set("type", option.value)}
                className="peer sr-only"
              />
              <span className="flex min-h-12 cursor-pointer items-center justify-center rounded-lg bg-white px-3 text-sm font-medium ring-1 ring-slate-300 peer-checked:bg-brand-600 peer-checked:text-white peer-checked:ring-brand-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600">
                {option.label}
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Contact</span>
          <select
            className={inputClass}
            value={fields.contactId}
            onChange={(e) => set("contactId", e.target.value)}
            aria-invalid={Boolean(issueFor("contactId"))}
          >
            <option value="">No one in particular</option>
            {contacts.map((contact) => (
              <option key={contact.id} value={contact.id}>
                {contact.title ? `${contact.name} · ${contact.title}` : contact.name}
              </option>
            ))}
          </select>
          {issueFor("contactId") ? <span className="mt-1 block text-sm text-red-700">{issueFor("contactId")}</span> : null}
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">
            When <span className="font-normal text-slate-500">(empty = now)</span>
          </span>
          <input
            type="datetime-local"
            className={inputClass}
            value={fields.occurredAt}
            onChange={(e) => set("occurredAt", e.target.value)}
            aria-invalid={Boolean(issueFor("occurredAt"))}
          />
          {issueFor("occurredAt") ? <span className="mt-1 block text-sm text-red-700">{issueFor("occurredAt")}</span> : null}
        </label>
      </div>

      <label className="block">
        <span className="mb-1 block text-sm font-medium">Outcome</span>
        <input
          className={inputClass}
          maxLength={200}
          value={fields.outcome}
          onChange={(e) => set("outcome", e.target.value)}
          placeholder="e.g. Agreed on a trial"
        />
        {issueFor("outcome") ? <span className="mt-1 block text-sm text-red-700">{issueFor("outcome")}</span> : null}
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Notes</span>
        <textarea
          className={`${inputClass} min-h-24`}
          maxLength={4000}
          value={fields.notes}
          onChange={(e) => set("notes", e.target.value)}
        />
        {issueFor("notes") ? <span className="mt-1 block text-sm text-red-700">{issueFor("notes")}</span> : null}
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Next step</span>
        <input
          className={inputClass}
          maxLength={500}
          value={fields.nextStep}
          onChange={(e) => set("nextStep", e.target.value)}
          placeholder="e.g. Send a quote by Friday"
        />
        {issueFor("nextStep") ? <span className="mt-1 block text-sm text-red-700">{issueFor("nextStep")}</span> : null}
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Next step due (makes a follow-up)</span>
        <input type="date" className={inputClass} value={fields.nextStepDueOn} onChange={(e) => set("nextStepDueOn", e.target.value)} />
        {issueFor("nextStepDueOn") ? <span className="mt-1 block text-sm text-red-700">{issueFor("nextStepDueOn")}</span> : null}
      </label>

      <CloseFollowUpsField
        state={followUps}
        onChange={() => {
          setDone(null);
          if (log.error) log.reset();
        }}
      />
      <FormAlert message={retryable ? `Not saved: ${error.message} Trying again will not log it twice.` : errors.general} />
      <p role="status" className="text-sm text-ok-600">
        {done}
      </p>
      <Button type="submit" disabled={log.isPending} className="w-full sm:w-auto">
        {log.isPending ? "Saving…" : retryable ? "Try again" : "Log it"}
      </Button>
    </form>
  );
}
