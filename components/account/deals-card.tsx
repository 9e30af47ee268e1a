"use client";
// An account's open deals (stage, amount, probability) and a short form to open one.
// Moving deals through stages happens on the pipeline board (/rep/deals).
import { DateText } from "@/components/app-calendar";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import type { DealStage, DealType } from "@/lib/generated/prisma/enums";
import type { DealView } from "@/lib/deals/list-deals";
import { apiFetch } from "@/components/api-client";
import { FormAlert, formErrors, LoadError } from "@/components/ui/form-errors";
import { normalizeDecimal } from "@/components/ui/number-input";
import { STAGE_LABEL, STAGE_STYLE, TYPE_LABEL } from "@/components/deals/labels";

const OPEN_STAGES: DealStage[] = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION"];
// The usual probability per stage, offered as the default when the rep picks a stage
// (same table as lib/deals/schema.ts, which this client file does not import: it pulls in zod).
const STAGE_PROBABILITY: Record<DealStage, number> = { LEAD: 10, QUALIFIED: 25, PROPOSAL: 50, NEGOTIATION: 70, WON: 100, LOST: 0 };

interface ProductOption {
  id: string;
  name: string;
  category: string;
  listPrice: number;
}

const FIELD_LABELS: Record<string, string> = {
  // The fields that show their own message; any other reason reads in the banner.
  title: "Title",
  amount: "Amount",
  probability: "Probability",
  expectedCloseAt: "Expected close",
};

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3";

export function DealsCard({ accountId }: { accountId: string }) {
  const deals = useQuery({
    queryKey: ["deals", "account", accountId],
    queryFn: () =>
      apiFetch<{ items: DealView[]; nextCursor: string | null }>(
        `/api/deals?${new URLSearchParams({ accountId, open: "true", limit: "100" })}`,
      ),
  });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const openDeals = deals.data?.items ?? [];
  const [firstDeal] = openDeals;
  const weighted = openDeals.reduce((sum, deal) => sum + (deal.amount * deal.probability) / 100, 0);

  return (
    <Card title="Open deals">
      <p role="status" aria-live="polite" className="mb-2 text-sm text-slate-700">
        {notice}
      </p>
      {deals.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Loading deals…</span>
          {[0, 1].map((n) => (
            <div key={n} className="h-14 animate-pulse rounded-lg bg-slate-100" />
          ))}
        </div>
      ) : deals.isError ? (
        <LoadError what="the deals" error={deals.error} onRetry={() => void deals.refetch()} />
      ) : !firstDeal ? (
        <EmptyState title="No open deals.">An upsell or cross-sell flag is a good reason to open one.</EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-100" aria-label="Open deals">
            {openDeals.map((deal) => (
              <li key={deal.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
                <div className="min-w-0">
                  <p className="font-medium">{deal.title}</p>
                  <p className="text-xs text-slate-600">
                    {TYPE_LABEL[deal.type]} · expected close <DateText value={deal.expectedCloseAt} />
                  </p>
                </div>
                <div className="text-right">
                  <p className="font-semibold">{formatMoney(deal.amount, deal.currency)}</p>
                  <p className="text-xs">
                    <span className={`rounded-full px-2 py-0.5 ${STAGE_STYLE[deal.stage]}`}>{STAGE_LABEL[deal.stage]}</span>{" "}
                    <span className="text-slate-600">{deal.probability} %</span>
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm text-slate-600">
            Weighted pipeline: <span className="font-medium text-slate-900">{formatMoney(weighted, firstDeal.currency)}</span>
          </p>
        </>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {adding ? null : (
          <Button
            variant="secondary"
            className="w-full sm:w-auto"
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add deal
          </Button>
        )}
        <Link href="/rep/deals" className="inline-flex min-h-11 items-center px-2 text-sm text-brand-700 underline">
          Pipeline board
        </Link>
      </div>
      {adding ? (
        <div className="mt-3 border-t border-slate-100 pt-3">
          <AddDealForm
            accountId={accountId}
            onDone={(deal) => {
              setAdding(false);
              if (deal) setNotice(`${deal.title} added at ${STAGE_LABEL[deal.stage]}.`);
            }}
          />
        </div>
      ) : null}
    </Card>
  );
}

function AddDealForm({ accountId, onDone }: { accountId: string; onDone: (deal: DealView | null) => void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState("");
  const [type, setType] = useState<DealType>("UPSELL");
  const [amount, setAmount] = useState("");
  const [stage, setStage] = useState<DealStage>("LEAD");
  const [probability, setProbability] = useState(String(STAGE_PROBABILITY.LEAD));
  const [expectedCloseAt, setExpectedCloseAt] = useState("");
  const [productId, setProductId] = useState("");
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  // Optional: the catalog for "which product is this about"; the form works without it.
  const products = useQuery({
    queryKey: ["products"],
    queryFn: () => apiFetch<{ items: ProductOption[] }>("/api/products"),
    staleTime: 5 * 60_000,
  });

  const create = useMutation({
    mutationFn: () =>
      apiFetch<{ deal: DealView }>("/api/deals", {
        method: "POST",
        body: JSON.stringify({
          accountId,
          title,
          type,
          stage,
          // Sent as typed text: the server checks "at most two decimals" without float surprises.
          amount: normalizeDecimal(amount),
          probability: Number(probability),
          ...(expectedCloseAt ? { expectedCloseAt } : {}),
          ...(productId ? { productId } : {}),
        }),
      }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ["deals"] });
      onDone(result.deal);
    },
  });
  const errors = formErrors(create.error, FIELD_LABELS);
  const issueFor = (field: string) => errors.byField[field];
  const issue = (field: string) => (issueFor(field) ? <span className="mt-1 block text-sm text-red-700">{issueFor(field)}</span> : null);
  // Any change clears the last answer, so no message stays above a form that has moved on.
  const { reset, error: lastError } = create;
  useEffect(() => {
    if (lastError) reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title, type, stage, amount, probability, expectedCloseAt, productId]);

  return (
    <form
      className="space-y-3"
      noValidate
      aria-label="Add a deal"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Title</span>
        <input
          ref={titleRef}
          className={inputClass}
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="e.g. Upsell: Toner Premium"
          aria-invalid={Boolean(issueFor("title"))}
        />
        {issue("title")}
      </label>
      <div className="grid grid-cols-2 gap-3">
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Type</span>
          <select className={inputClass} value={type} onChange={(e) => setType(e.target.value as DealType)}>
            {Object.entries(TYPE_LABEL).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Amount</span>
          <input
            className={inputClass}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            placeholder="0.00"
            aria-invalid={Boolean(issueFor("amount"))}
          />
          {issue("amount")}
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Stage</span>
          <select
            className={inputClass}
            value={stage}
            onChange={(e) => {
              const next = e.target.value as DealStage;
              setStage(next);
              setProbability(String(STAGE_PROBABILITY[next]));
            }}
          >
            {OPEN_STAGES.map((value) => (
              <option key={value} value={value}>
                {STAGE_LABEL[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Probability %</span>
          <input
            className={inputClass}
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            value={probability}
            onChange={(e) => setProbability(e.target.value)}
            aria-invalid={Boolean(issueFor("probability"))}
          />
          {issue("probability")}
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">Expected close</span>
          <input
            className={inputClass}
            type="date"
            value={expectedCloseAt}
            onChange={(e) => setExpectedCloseAt(e.target.value)}
            aria-invalid={Boolean(issueFor("expectedCloseAt"))}
          />
          {issue("expectedCloseAt")}
        </label>
        <label className="block">
          <span className="mb-1 block text-sm font-medium">
            Product <span className="font-normal text-slate-500">(optional)</span>
          </span>
          <select
            className={inputClass}
            value={productId}
            onChange={(e) => setProductId(e.target.value)}
            disabled={!products.data}
            aria-invalid={Boolean(issueFor("productId"))}
          >
            <option value="">{products.isPending ? "Loading…" : products.isError ? "Catalog unavailable" : "None"}</option>
            {products.data?.items.map((product) => (
              <option key={product.id} value={product.id}>
                {product.category} · {product.name}
              </option>
            ))}
          </select>
          {issue("productId")}
        </label>
      </div>
      <FormAlert message={errors.general} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Add deal"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
