"use client";
// The people at an account: list, add, edit (optimistic concurrency: a 409 shows
// the other person's version and lets the rep keep theirs or take it), delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import type { DecisionRole } from "@/lib/generated/prisma/enums";
import type { ContactView } from "@/lib/contacts/list-contacts";
import { ApiError, apiFetch } from "@/components/api-client";
import { FormAlert, formErrors, LoadError } from "@/components/ui/form-errors";
import { isPhoneNumber, looksLikeEmail } from "@/lib/contacts/phone";

const ROLE_LABEL: Record<DecisionRole, string> = {
  DECISION_MAKER: "Decision maker",
  INFLUENCER: "Influencer",
  USER: "User",
  GATEKEEPER: "Gatekeeper",
  OTHER: "Other",
};

interface ContactFields {
  name: string;
  title: string;
  email: string;
  phone: string;
  decisionRole: DecisionRole;
}

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  title: "Job title",
  email: "E-mail",
  phone: "Phone",
  decisionRole: "Role in the decision",
};

const EMPTY: ContactFields = { name: "", title: "", email: "", phone: "", decisionRole: "OTHER" };
const fieldsOf = (contact: ContactView): ContactFields => ({
  name: contact.name,
  title: contact.title ?? "",
  email: contact.email ?? "",
  phone: contact.phone ?? "",
  decisionRole: contact.decisionRole,
});

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3";

function asApiError(error: unknown): ApiError | null {
  if (!error) return null;
  return error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error), null);
}

export function ContactsCard({ accountId }: { accountId: string }) {
  const queryClient = useQueryClient();
  const queryKey = ["contacts", accountId];
  const contacts = useQuery({
    queryKey,
    queryFn: () =>
      apiFetch<{ items: ContactView[]; nextCursor: string | null }>(`/api/contacts?${new URLSearchParams({ accountId, limit: "200" })}`),
  });
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey });
    // The account page's header and the visit form read contacts too.
    void queryClient.invalidateQueries({ queryKey: ["account", accountId] });
  };
  /** Puts the server's current record into the list (after a 409) without a refetch. */
  const putInList = (contact: ContactView) =>
    queryClient.setQueryData<{ items: ContactView[]; nextCursor: string | null }>(queryKey, (data) =>
      data ? { ...data, items: data.items.map((item) => (item.id === contact.id ? contact : item)) } : data,
    );

  const remove = useMutation({
    mutationFn: (contact: ContactView) => apiFetch<void>(`/api/contacts/${contact.id}?version=${contact.version}`, { method: "DELETE" }),
    onSuccess: (_result, contact) => {
      setConfirmingId(null);
      setNotice(`${contact.name} deleted.`);
      refresh();
    },
    onError: (error, contact) => {
      const apiError = asApiError(error);
      if (apiError?.status === 409 && apiError.body?.current) {
        putInList(apiError.body.current as ContactView);
        setNotice(
          `${contact.name} was changed by someone else meanwhile; check the current details and delete again if you still want to.`,
        );
        setConfirmingId(null);
      } else if (apiError?.status === 404) {
        setNotice(`${contact.name} was already deleted.`);
        setConfirmingId(null);
        refresh();
      }
    },
  });

  return (
    <Card title="Contacts">
      <p role="status" aria-live="polite" className="mb-2 text-sm text-slate-700">
        {notice}
      </p>
      {contacts.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading contacts…</span>
          {[0, 1].map((n) => (
            <div key={n} className="h-14 animate-pulse rounded-lg bg-slate-100" />
          ))}
        </div>
      ) : contacts.isError ? (
        <LoadError what="the contacts" error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : contacts.data.items.length === 0 && !adding ? (
        <EmptyState title="No contacts yet.">Add the people you meet so visits can name them.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Contacts">
          {contacts.data.items.map((contact) => (
            <li key={contact.id} className="py-3">
              {editingId === contact.id ? (
                <ContactForm
                  accountId={accountId}
                  contact={contact}
                  onDone={(saved) => {
                    setEditingId(null);
                    if (saved) {
                      setNotice(`${saved.name} saved.`);
                      putInList(saved);
                      refresh();
                    }
                  }}
                  onConflict={putInList}
                />
              ) : (
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {contact.name}
                      <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-normal text-slate-700">
                        {ROLE_LABEL[contact.decisionRole]}
                      </span>
                    </p>
                    {contact.title ? <p className="text-sm text-slate-600">{contact.title}</p> : null}
                    <p className="text-sm">
                      {contact.email ? (
                        <a className="break-all text-brand-700 underline" href={`mailto:${contact.email}`}>
                          {contact.email}
                        </a>
                      ) : null}
                      {contact.email && contact.phone ? " · " : null}
                      {contact.phone ? (
                        <a className="text-brand-700 underline" href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}>
                          {contact.phone}
                        </a>
                      ) : null}
                    </p>
                  </div>
                  {confirmingId === contact.id ? (
                    <div role="group" aria-label={`Confirm deleting ${contact.name}`} className="flex flex-wrap items-center gap-2">
                      <span className="text-sm">Delete {contact.name}? Past visits stay.</span>
                      <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(contact)} autoFocus>
                        {remove.isPending ? "Deleting…" : "Delete"}
                      </Button>
                      <Button variant="secondary" onClick={() => setConfirmingId(null)}>
                        Cancel
                      </Button>
                      {remove.isError && asApiError(remove.error)?.status !== 409 ? (
                        <p role="alert" className="w-full text-sm text-red-700">
                          {remove.error.message}
                        </p>
                      ) : null}
                    </div>
                  ) : (
                    <div className="flex gap-1">
                      <Button
                        variant="ghost"
                        aria-label={`Edit ${contact.name}`}
                        onClick={() => {
                          setNotice(null);
                          setEditingId(contact.id);
                        }}
                      >
                        Edit
                      </Button>
                      <Button
                        variant="ghost"
                        aria-label={`Delete ${contact.name}`}
                        onClick={() => {
                          setNotice(null);
                          remove.reset();
                          setConfirmingId(contact.id);
                        }}
                      >
                        Delete
                      </Button>
                    </div>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <ContactForm
            accountId={accountId}
            onDone={(saved) => {
              setAdding(false);
              if (saved) {
                setNotice(`${saved.name} added.`);
                refresh();
              }
            }}
          />
        </div>
      ) : (
        <Button
          variant="secondary"
          className="mt-3 w-full sm:w-auto"
          onClick={() => {
            setNotice(null);
            setAdding(true);
          }}
        >
          Add contact
        </Button>
      )}
    </Card>
  );
}

/** Add (no `contact`) or edit form. On a 409 it shows the current record and offers both ways out. */
function ContactForm({
  accountId,
  contact,
  onDone,
  onConflict,
}: {
  accountId: string;
  contact?: ContactView;
  onDone: (saved: ContactView | null) => void;
  onConflict?: (current: ContactView) => void;
}) {
  const id = useId();
  const [fields, setFields] = useState<ContactFields>(contact ? fieldsOf(contact) : EMPTY);
  const [version, setVersion] = useState(contact?.version ?? 1);
  const [theirs, setTheirs] = useState<ContactView | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  useEffect(() => nameRef.current?.focus(), []);

  const save = useMutation({
    mutationFn: (body: { fields: ContactFields; version: number }) =>
      contact
        ? apiFetch<{ contact: ContactView }>(`/api/contacts/${contact.id}`, {
            method: "PATCH",
            body: JSON.stringify({ ...body.fields, version: body.version }),
          })
        : apiFetch<{ contact: ContactView }>("/api/contacts", { method: "POST", body: JSON.stringify({ accountId, ...body.fields }) }),
    onSuccess: (result) => onDone(result.contact),
    onError: (error) => {
      const apiError = asApiError(error);
      if (apiError?.status === 409 && apiError.body?.current) {
        const current = apiError.body.current as ContactView;
        setTheirs(current);
        onConflict?.(current);
      }
    },
  });
  const error = asApiError(save.error);
  const errors = formErrors(error?.status === 409 ? null : error, FIELD_LABELS);
  // Checked where typed (on leaving the field); the server checks again on save.
  const [typed, setTyped] = useState<Partial<Record<"email" | "phone", string>>>({});
  const issueFor = (field: string) => typed[field as "email" | "phone"] ?? errors.byField[field];
  const set = <K extends keyof ContactFields>(key: K, value: ContactFields[K]) => {
    // A change clears the last answer for the form and the check for that field.
    if (save.error && !theirs) save.reset();
    setTyped((current) => ({ ...current, [key]: undefined }));
    setFields((current) => ({ ...current, [key]: value }));
  };
  const check = (key: "name" | "title" | "email" | "phone") => {
    const value = fields[key].trim();
    if (key === "email" && value && !looksLikeEmail(value))
      setTyped((current) => ({ ...current, email: "This does not look like an e-mail address, such as anna@example.com." }));
    if (key === "phone" && value && !isPhoneNumber(value))
      setTyped((current) => ({ ...current, phone: "This does not look like a phone number, such as +49 30 1234567." }));
  };

  const field = (key: "name" | "title" | "email" | "phone", label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="block">
      <span className="mb-1 block text-sm font-medium">{label}</span>
      <input
        {...props}
        ref={key === "name" ? nameRef : undefined}
        className={inputClass}
        value={fields[key]}
        onChange={(e) => set(key, e.target.value)}
        onBlur={() => check(key)}
        aria-invalid={Boolean(issueFor(key))}
        aria-describedby={issueFor(key) ? `${id}-${key}-issue` : undefined}
      />
      {issueFor(key) ? (
        <span id={`${id}-${key}-issue`} className="mt-1 block text-sm text-red-700">
          {issueFor(key)}
        </span>
      ) : null}
    </label>
  );

  return (
    <form
      className="space-y-3"
      noValidate
      aria-label={contact ? `Edit ${contact.name}` : "Add a contact"}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ fields, version });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {field("name", "Name", { required: true, maxLength: 120, autoComplete: "off" })}
        {field("title", "Job title", { maxLength: 120 })}
        {field("email", "E-mail", { type: "email", maxLength: 254, inputMode: "email" })}
        {field("phone", "Phone", { type: "tel", maxLength: 40, inputMode: "tel" })}
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Role in the decision</span>
          <select className={inputClass} value={fields.decisionRole} onChange={(e) => set("decisionRole", e.target.value as DecisionRole)}>
            {Object.entries(ROLE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {theirs ? (
        <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="font-medium">Someone else changed this contact while you were editing. Their version:</p>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3">
            <dt>Name</dt>
            <dd>{theirs.name}</dd>
            <dt>Job title</dt>
            <dd>{theirs.title ?? "—"}</dd>
            <dt>E-mail</dt>
            <dd className="break-all">{theirs.email ?? "—"}</dd>
            <dt>Phone</dt>
            <dd>{theirs.phone ?? "—"}</dd>
            <dt>Role</dt>
            <dd>{ROLE_LABEL[theirs.decisionRole]}</dd>
          </dl>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button
              type="button"
              onClick={() => {
                setVersion(theirs.version);
                setTheirs(null);
                save.mutate({ fields, version: theirs.version });
              }}
            >
              Save mine over theirs
            </Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setFields(fieldsOf(theirs));
                setVersion(theirs.version);
                setTheirs(null);
                save.reset();
              }}
            >
              Use theirs
            </Button>
          </div>
        </div>
      ) : (
        <FormAlert message={errors.general} />
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending || theirs !== null}>
          {save.isPending ? "Saving…" : contact ? "Save" : "Add contact"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
