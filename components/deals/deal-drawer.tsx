"use client";
// A deal opened from the board: every field a rep keeps up to date, in a drawer
// (Radix dialog: focus trap, Escape, focus back on the card). Only changed fields
// are sent, with the version read; a 409 loads the other person's version.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import { normalizeDecimal } from "@/components/ui/number-input";
import { formatMoney } from "@/components/ui/format";
import type { DealStage } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import type { LostReason } from "@/lib/deals/schema";
import type { ContactView } from "@/lib/contacts/list-contacts";
import type { StageProbabilities } from "@/lib/deals/stage-probabilities";
import { ApiError, apiFetch } from "@/components/api-client";
import { fetchProducts } from "@/components/account/api";
import { LOST_REASON_LABEL, STAGES, STAGE_LABEL } from "./labels";

interface DealFields {
  title: string;
  amount: string;
  expectedCloseAt: string;
  contactId: string;
  productId: string;
  stage: DealStage;
  probability: string;
  lostReason: string;
  notes: string;
}

const LABELS: Record<keyof DealFields, string> = {
  title: "Title",
  amount: "Amount",
  expectedCloseAt: "Expected close",
  contactId: "Contact",
  productId: "Product",
  stage: "Stage",
  probability: "Probability",
  lostReason: "Reason lost",
  notes: "Notes",
};

const fieldsOf = (deal: DealView): DealFields => ({
  title: deal.title,
  amount: deal.amount.toFixed(2),
  expectedCloseAt: deal.expectedCloseAt ?? "",
  contactId: deal.contactId ?? "",
  productId: deal.productId ?? "",
  stage: deal.stage,
  probability: String(deal.probability),
  lostReason: deal.lostReason ?? "",
  notes: deal.notes ?? "",
});

const inputClass =
  "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600 disabled:bg-slate-50";

/** The PATCH body: the fields that differ from what was read, typed as the API takes them. */
function changesOf(before: DealFields, after: DealFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (after.title !== before.title) body.title = after.title;
  if (after.amount !== before.amount) body.amount = normalizeDecimal(after.amount);
  if (after.expectedCloseAt !== before.expectedCloseAt) body.expectedCloseAt = after.expectedCloseAt || null;
  if (after.contactId !== before.contactId) body.contactId = after.contactId || null;
  if (after.productId !== before.productId) body.productId = after.productId || null;
  if (after.stage !== before.stage) body.stage = after.stage;
  if (after.probability !== before.probability || after.stage !== before.stage) {
    const value = Number(after.probability.trim());
    body.probability = after.probability.trim() !== "" && Number.isFinite(value) ? value : after.probability;
  }
  if (after.stage === "LOST" && (after.lostReason !== before.lostReason || after.stage !== before.stage))
    body.lostReason = after.lostReason || null;
  if (after.notes !== before.notes) body.notes = after.notes;
  return body;
}

export function DealDrawer({
  deal,
  probabilities,
  onClose,
  onSaved,
}: {
  deal: DealView | null;
  probabilities: StageProbabilities | undefined;
  onClose: () => void;
  onSaved: (deal: DealView) => void;
}) {
  return (
    <Dialog
      open={deal !== null}
      onOpenChange={(open) => !open && onClose()}
      title={deal ? deal.title : "Deal"}
      side="right"
      testId="deal-drawer"
    >
      {/* Keyed by the deal and its version: reopening shows the latest, not a stale draft. */}
      {deal ? (
        <DealForm key={`${deal.id}:${deal.version}`} deal={deal} probabilities={probabilities} onClose={onClose} onSaved={onSaved} />
      ) : null}
    </Dialog>
  );
}

function DealForm({
  deal: initial,
  probabilities,
  onClose,
  onSaved,
}: {
  deal: DealView;
  probabilities: StageProbabilities | undefined;
  onClose: () => void;
  onSaved: (deal: DealView) => void;
}) {
  const id = useId();
  const [base, setBase] = useState(initial);
  const [fields, setFields] = useState<DealFields>(() => fieldsOf(initial));
  const [probabilityTouched, setProbabilityTouched] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const readOnly = !base.canWrite;

  const contacts = useQuery({
    queryKey: ["contacts", base.accountId],
    queryFn: () => apiFetch<{ items: ContactView[] }>(`/api/contacts?${new URLSearchParams({ accountId: base.accountId, limit: "200" })}`),
  });
  const products = useQuery({ queryKey: ["products"], queryFn: fetchProducts, staleTime: 5 * 60_000 });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<{ deal: DealView }>(`/api/deals/${base.id}`, { method: "PATCH", body: JSON.stringify({ ...body, version: base.version }) }),
    onSuccess: ({ deal }) => onSaved(deal),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409 && error.body?.current) {
        const current = error.body.current as DealView;
        setBase(current);
        setFields(fieldsOf(current));
        setProbabilityTouched(false);
        setBanner(
          "Someone else changed this deal meanwhile. The form now shows their version; make your change again if it still applies.",
        );
      }
    },
  });
  const errors =
    save.error && !(save.error instanceof ApiError && save.error.status === 409)
      ? formErrors(save.error, LABELS)
      : { byField: {}, general: null };

  const set = <K extends keyof DealFields>(key: K, value: DealFields[K]) => {
    // Any change clears the last answer: no "saved" or error stays above a form that has moved on.
    if (save.error) save.reset();
    setBanner(null);
    setFields((current) => {
      const next = { ...current, [key]: value };
      // A new stage brings its probability, unless the rep typed one.
      if (key === "stage" && !probabilityTouched && probabilities) next.probability = String(probabilities[value as DealStage]);
      return next;
    });
  };

  const field = (key: keyof DealFields) => ({
    id: `${id}-${key}`,
    "aria-invalid": errors.byField[key] ? true : undefined,
    "aria-describedby": errors.byField[key] ? `${id}-${key}-error` : undefined,
    disabled: readOnly,
  });
  const label = (key: keyof DealFields) => (
    <label htmlFor={`${id}-${key}`} className="mb-1 block text-sm font-medium text-slate-800">
      {LABELS[key]}
    </label>
  );
  const error = (key: keyof DealFields) => <FieldError id={`${id}-${key}-error`} message={errors.byField[key]} />;

  const activeProducts = (products.data?.items ?? []).filter((product) => !product.archived || product.id === fields.productId);

  return (
    <form
      className="flex flex-1 flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const body = changesOf(fieldsOf(base), fields);
        if (Object.keys(body).length === 0) {
          onClose();
          return;
        }
        save.mutate(body);
      }}
    >
      <p className="-mt-2 text-sm text-slate-700">
        {base.accountName} · {formatMoney(base.amount, base.currency)} · owned by {base.ownerName}
      </p>
      {banner ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {banner}
        </p>
      ) : null}
      {readOnly ? (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          This deal is on another rep&apos;s account; you can read it but not change it.
        </p>
      ) : null}
      <div>
        {label("title")}
        <input
          {...field("title")}
          className={inputClass}
          value={fields.title}
          onChange={(e) => set("title", e.target.value)}
          maxLength={200}
        />
        {error("title")}
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={`${id}-amount`} className="mb-1 block text-sm font-medium text-slate-800">
            Amount ({base.currency})
          </label>
          <input
            {...field("amount")}
            className={inputClass}
            inputMode="decimal"
            value={fields.amount}
            onChange={(e) => set("amount", e.target.value)}
          />
          {error("amount")}
        </div>
        <div>
          {label("expectedCloseAt")}
          <input
            {...field("expectedCloseAt")}
            type="date"
            className={inputClass}
            value={fields.expectedCloseAt}
            onChange={(e) => set("expectedCloseAt", e.target.value)}
          />
          {error("expectedCloseAt")}
        </div>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div>
          {label("stage")}
          <select
            {...field("stage")}
            className={inputClass}
            value={fields.stage}
            onChange={(e) => set("stage", e.target.value as DealStage)}
          >
            {STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {STAGE_LABEL[stage]}
              </option>
            ))}
          </select>
          {error("stage")}
        </div>
        <div>
          <label htmlFor={`${id}-probability`} className="mb-1 block text-sm font-medium text-slate-800">
            Probability (%)
          </label>
          <input
            {...field("probability")}
            className={inputClass}
            inputMode="numeric"
            value={fields.probability}
            onChange={(e) => {
              setProbabilityTouched(true);
              set("probability", e.target.value);
            }}
          />
          {error("probability")}
        </div>
      </div>
      {fields.stage === "LOST" ? (
        <div>
          {label("lostReason")}
          <select
            {...field("lostReason")}
            className={inputClass}
            value={fields.lostReason}
            onChange={(e) => set("lostReason", e.target.value)}
          >
            <option value="">Choose a reason…</option>
            {(Object.keys(LOST_REASON_LABEL) as LostReason[]).map((code) => (
              <option key={code} value={code}>
                {LOST_REASON_LABEL[code]}
              </option>
            ))}
          </select>
          {error("lostReason")}
        </div>
      ) : null}
      <div>
        {label("contactId")}
        <select {...field("contactId")} className={inputClass} value={fields.contactId} onChange={(e) => set("contactId", e.target.value)}>
          <option value="">{contacts.isPending ? "Loading contacts…" : "No contact"}</option>
          {(contacts.data?.items ?? []).map((contact) => (
            <option key={contact.id} value={contact.id}>
              {contact.title ? `${contact.name} (${contact.title})` : contact.name}
            </option>
          ))}
        </select>
        {error("contactId")}
      </div>
      <div>
        {label("productId")}
        <select {...field("productId")} className={inputClass} value={fields.productId} onChange={(e) => set("productId", e.target.value)}>
          <option value="">{products.isPending ? "Loading products…" : "No product"}</option>
          {activeProducts.map((product) => (
            <option key={product.id} value={product.id}>
              {product.name}
            </option>
          ))}
        </select>
        {error("productId")}
      </div>
      <div>
        {label("notes")}
        <textarea
          {...field("notes")}
          className={`${inputClass} min-h-24 py-2`}
          value={fields.notes}
          onChange={(e) => set("notes", e.target.value)}
          maxLength={4000}
        />
        {error("notes")}
      </div>
      <FormAlert message={errors.general} />
      <div className="mt-auto flex flex-wrap justify-end gap-2 pt-2">
        <Button type="button" variant="secondary" onClick={onClose}>
          {readOnly ? "Close" : "Cancel"}
        </Button>
        {readOnly ? null : (
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save deal"}
          </Button>
        )}
      </div>
    </form>
  );
}
