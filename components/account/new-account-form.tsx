"use client";
// Creating an account in the UI, with its main contact. Before it is created the
// server is asked for likely duplicates (similar name, same e-mail domain); the rep
// opens the existing one or creates anyway. E-mail and phone are checked where typed.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import type { AccountDetail } from "@/lib/accounts/get-account";
import type { SimilarAccount } from "@/lib/accounts/similar-accounts";
import { isPhoneNumber, looksLikeEmail } from "@/lib/contacts/phone";
import { apiFetch } from "@/components/api-client";

interface AccountFields {
  name: string;
  segment: string;
  industry: string;
  region: string;
  contactName: string;
  contactTitle: string;
  contactEmail: string;
  contactPhone: string;
}

const EMPTY: AccountFields = {
  name: "",
  segment: "",
  industry: "",
  region: "",
  contactName: "",
  contactTitle: "",
  contactEmail: "",
  contactPhone: "",
};

// The server's field paths → this form's fields.
const FIELD_OF: Record<string, keyof AccountFields> = {
  name: "name",
  segment: "segment",
  industry: "industry",
  region: "region",
  "contact.name": "contactName",
  "contact.title": "contactTitle",
  "contact.email": "contactEmail",
  "contact.phone": "contactPhone",
};
const LABELS: Record<string, string> = {
  name: "Account name",
  segment: "Segment",
  industry: "Industry",
  region: "Region",
  contact: "Main contact",
  "contact.name": "Contact name",
  "contact.title": "Job title",
  "contact.email": "E-mail",
  "contact.phone": "Phone",
};

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600";

export function NewAccountForm({ segments }: { segments: string[] }) {
  const router = useRouter();
  const id = useId();
  const [fields, setFields] = useState<AccountFields>({ ...EMPTY, segment: segments.includes("SMB") ? "SMB" : (segments[0] ?? "") });
  const [typed, setTyped] = useState<Partial<Record<keyof AccountFields, string>>>({});
  const [lookalikes, setLookalikes] = useState<{ items: SimilarAccount[]; elsewhere: number } | null>(null);

  const body = () => {
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const hasContact = [fields.contactName, fields.contactTitle, fields.contactEmail, fields.contactPhone].some((value) => value.trim());
    return {
      name: fields.name,
      segment: fields.segment,
      industry: optional(fields.industry),
      region: optional(fields.region),
      ...(hasContact
        ? {
            contact: {
              name: fields.contactName,
              title: optional(fields.contactTitle),
              email: optional(fields.contactEmail),
              phone: optional(fields.contactPhone),
            },
          }
        : {}),
    };
  };

  const create = useMutation({
    mutationFn: () => apiFetch<AccountDetail>("/api/accounts", { method: "POST", body: JSON.stringify(body()) }),
    onSuccess: (account) => router.push(`/rep/accounts/${account.id}`),
  });
  const check = useMutation({
    mutationFn: () =>
      apiFetch<{ items: SimilarAccount[]; elsewhere: number }>(
        `/api/accounts/similar?${new URLSearchParams({ name: fields.name.trim() || "-", ...(fields.contactEmail.trim() ? { email: fields.contactEmail.trim() } : {}) })}`,
      ),
    onSuccess: (found) => {
      if (found.items.length === 0 && found.elsewhere === 0) create.mutate();
      else setLookalikes(found);
    },
  });

  const serverErrors = formErrors(create.error ?? check.error, LABELS);
  const errorFor = (key: keyof AccountFields) =>
    typed[key] ?? Object.entries(serverErrors.byField).find(([path]) => FIELD_OF[path] === key)?.[1];
  // Every path in LABELS has a field here, so `general` holds only what no field can show.
  const unplaced = serverErrors.general;

  const set = (key: keyof AccountFields, value: string) => {
    // A change clears the last answer and the duplicate warning: it was about other text.
    if (create.error) create.reset();
    if (check.error) check.reset();
    setLookalikes(null);
    setTyped((current) => ({ ...current, [key]: undefined }));
    setFields((current) => ({ ...current, [key]: value }));
  };
  const checkTyped = (key: keyof AccountFields) => {
    const value = fields[key].trim();
    if (key === "contactEmail" && value && !looksLikeEmail(value))
      setTyped((t) => ({ ...t, contactEmail: "This does not look like an e-mail address, such as anna@example.com." }));
    if (key === "contactPhone" && value && !isPhoneNumber(value))
      setTyped((t) => ({ ...t, contactPhone: "This does not look like a phone number, such as +49 30 1234567." }));
  };

  const input = (key: keyof AccountFields, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`${id}-${key}`} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        {...props}
        id={`${id}-${key}`}
        className={inputClass}
        value={fields[key]}
        onChange={(event) => set(key, event.target.value)}
        onBlur={() => checkTyped(key)}
        aria-invalid={errorFor(key) ? true : undefined}
        aria-describedby={errorFor(key) ? `${id}-${key}-error` : undefined}
      />
      <FieldError id={`${id}-${key}-error`} message={errorFor(key)} />
    </div>
  );

  const busy = check.isPending || create.isPending;
  return (
    <form
      noValidate
      aria-label="New account"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        // Fix what was flagged where it was typed before asking the server anything.
        if (Object.values(typed).some(Boolean)) return;
        if (lookalikes) create.mutate();
        else check.mutate();
      }}
    >
      <Card title="Account">
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="sm:col-span-2">{input("name", "Account name", { maxLength: 200, autoComplete: "organization" })}</div>
          <div>
            <label htmlFor={`${id}-segment`} className="mb-1 block text-sm font-medium">
              Segment
            </label>
            <input
              id={`${id}-segment`}
              list={`${id}-segments`}
              className={inputClass}
              value={fields.segment}
              maxLength={50}
              onChange={(event) => set("segment", event.target.value)}
              aria-invalid={errorFor("segment") ? true : undefined}
              aria-describedby={errorFor("segment") ? `${id}-segment-error` : undefined}
            />
            <datalist id={`${id}-segments`}>
              {segments.map((segment) => (
                <option key={segment} value={segment} />
              ))}
            </datalist>
            <FieldError id={`${id}-segment-error`} message={errorFor("segment")} />
          </div>
          {input("industry", "Industry (optional)", { maxLength: 100 })}
          {input("region", "Region (optional)", { maxLength: 100 })}
        </div>
      </Card>
      <Card title="Main contact (optional)">
        <div className="grid gap-3 sm:grid-cols-2">
          {input("contactName", "Name", { maxLength: 120, autoComplete: "off" })}
          {input("contactTitle", "Job title", { maxLength: 120 })}
          {input("contactEmail", "E-mail", { type: "email", inputMode: "email", maxLength: 254 })}
          {input("contactPhone", "Phone", { type: "tel", inputMode: "tel", maxLength: 40 })}
        </div>
      </Card>
      {lookalikes ? (
        <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="duplicate-warning">
          <p className="font-medium">This account may already exist.</p>
          {lookalikes.items.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {lookalikes.items.map((account) => (
                <li key={account.id}>
                  <Link href={`/rep/accounts/${account.id}`} className="underline">
                    {account.name}
                  </Link>{" "}
                  ({account.reason === "name" ? "similar name" : "a contact with the same e-mail domain"}; rep {account.ownerName})
                </li>
              ))}
            </ul>
          ) : null}
          {lookalikes.elsewhere > 0 ? (
            <p className="mt-1">
              {lookalikes.elsewhere === 1 ? "One similar account is" : `${lookalikes.elsewhere} similar accounts are`} in another rep&apos;s
              book; ask your manager before creating it again.
            </p>
          ) : null}
          <p className="mt-1">Open the existing account, or create this one anyway.</p>
        </div>
      ) : null}
      <FormAlert message={unplaced} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Checking…" : lookalikes ? "Create anyway" : "Create account"}
        </Button>
        <Link href="/rep/accounts" className="inline-flex min-h-11 items-center px-3 text-sm text-slate-700 underline">
          Cancel
        </Link>
      </div>
    </form>
  );
}
