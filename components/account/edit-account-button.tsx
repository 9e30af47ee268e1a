"use client";
// Editing an account's own fields (name, segment, industry, region, status) in a
// dialog; the version read goes with the change, and a 409 loads the current one.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import type { AccountDetail } from "@/lib/accounts/get-account";
import { ApiError, apiFetch } from "@/components/api-client";

type Status = "ACTIVE" | "PROSPECT" | "CHURNED" | "ARCHIVED";
const STATUS_LABEL: Record<Status, string> = { ACTIVE: "Active", PROSPECT: "Prospect", CHURNED: "Churned", ARCHIVED: "Archived" };

interface Fields {
  name: string;
  segment: string;
  industry: string;
  region: string;
  status: Status;
}

const LABELS: Record<keyof Fields, string> = {
  name: "Account name",
  segment: "Segment",
  industry: "Industry",
  region: "Region",
  status: "Status",
};
const fieldsOf = (account: AccountDetail): Fields => ({
  name: account.name,
  segment: account.segment,
  industry: account.industry ?? "",
  region: account.region ?? "",
  status: account.status as Status,
});
const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600";

export function EditAccountButton({ account }: { account: AccountDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Edit account
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={`Edit ${account.name}`}>
        {open ? <EditAccountForm account={account} onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function EditAccountForm({ account, onDone }: { account: AccountDetail; onDone: () => void }) {
  const router = useRouter();
  const id = useId();
  const [base, setBase] = useState({ fields: fieldsOf(account), version: account.version });
  const [fields, setFields] = useState<Fields>(() => fieldsOf(account));
  const [conflict, setConflict] = useState(false);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<AccountDetail>(`/api/accounts/${account.id}`, { method: "PATCH", body: JSON.stringify(body) }),
    onSuccess: () => {
      router.refresh();
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && error.body?.current) {
        const current = error.body.current as {
          version: number;
          name: string;
          segment: string;
          industry: string | null;
          region: string | null;
          status: Status;
        };
        const next: Fields = {
          name: current.name,
          segment: current.segment,
          industry: current.industry ?? "",
          region: current.region ?? "",
          status: current.status,
        };
        setBase({ fields: next, version: current.version });
        setFields(next);
        setConflict(true);
      }
    },
  });
  const errors = formErrors(save.error instanceof ApiError && save.error.status === 409 ? null : save.error, LABELS);

  const set = (key: keyof Fields, value: string) => {
    if (save.error) save.reset();
    setConflict(false);
    setFields((current) => ({ ...current, [key]: value }));
  };
  const input = (key: Exclude<keyof Fields, "status">, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div>
      <label htmlFor={`${id}-${key}`} className="mb-1 block text-sm font-medium">
        {LABELS[key]}
      </label>
      <input
        {...props}
        id={`${id}-${key}`}
        className={inputClass}
        value={fields[key]}
        onChange={(event) => set(key, event.target.value)}
        aria-invalid={errors.byField[key] ? true : undefined}
        aria-describedby={errors.byField[key] ? `${id}-${key}-error` : undefined}
      />
      <FieldError id={`${id}-${key}-error`} message={errors.byField[key]} />
    </div>
  );

  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const body: Record<string, unknown> = { version: base.version };
        for (const key of Object.keys(fields) as Array<keyof Fields>) {
          if (fields[key] === base.fields[key]) continue;
          // Blank optional text clears it.
          body[key] = (key === "industry" || key === "region") && fields[key].trim() === "" ? null : fields[key];
        }
        if (Object.keys(body).length === 1) onDone();
        else save.mutate(body);
      }}
    >
      {conflict ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Someone else changed this account meanwhile. The form now shows their version; make your change again if it still applies.
        </p>
      ) : null}
      {input("name", { maxLength: 200 })}
      <div className="grid grid-cols-2 gap-3">
        {input("segment", { maxLength: 50 })}
        <div>
          <label htmlFor={`${id}-status`} className="mb-1 block text-sm font-medium">
            Status
          </label>
          <select id={`${id}-status`} className={inputClass} value={fields.status} onChange={(event) => set("status", event.target.value)}>
            {(Object.keys(STATUS_LABEL) as Status[]).map((status) => (
              <option key={status} value={status}>
                {STATUS_LABEL[status]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3">
        {input("industry", { maxLength: 100 })}
        {input("region", { maxLength: 100 })}
      </div>
      <FormAlert message={errors.general} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
