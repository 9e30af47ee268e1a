"use client";
// One tap from an upsell or cross-sell flag to an open deal, prefilled from the flag:
// a short title, the expected yearly gain, a suggested close date and the decision
// maker (lib/flag-records/deal-draft.ts). The deal carries the flag, which becomes acted.
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DealDraft } from "@/lib/flag-records/deal-draft";
import { ApiError, apiFetch } from "@/components/api-client";
import { accountKey } from "./api";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-errors";

export type { DealDraft };

export function DealFromFlag({ accountId, draft, onDone }: { accountId: string; draft: DealDraft; onDone: (summary?: string) => void }) {
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(draft.title.slice(0, 200));
  const [amount, setAmount] = useState(draft.amount ? String(Math.round(draft.amount)) : "");
  const [expectedCloseAt, setExpectedCloseAt] = useState(draft.expectedCloseAt);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      apiFetch("/api/deals", {
        method: "POST",
        body: JSON.stringify({
          accountId,
          title,
          type: draft.type,
          amount: amount || "0",
          expectedCloseAt: expectedCloseAt || null,
          ...(draft.productId ? { productId: draft.productId } : {}),
          ...(draft.flagId ? { flagId: draft.flagId } : {}),
          ...(draft.contactId ? { contactId: draft.contactId } : {}),
        }),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["deals"] });
      void queryClient.invalidateQueries({ queryKey: accountKey(accountId) });
      void queryClient.invalidateQueries({ queryKey: ["today"] });
      onDone(`${draft.type === "UPSELL" ? "Upsell" : "Cross-sell"} deal opened.`);
    },
    onError: (e) =>
      setError(e instanceof ApiError && e.issues.length ? e.issues.map((i) => `${i.field}: ${i.reason}`).join("; ") : (e as Error).message),
  });
  return (
    <form
      className="space-y-3"
      aria-label="Open a deal"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        create.mutate();
      }}
    >
      <h2 className="text-base font-semibold">Open {draft.type === "UPSELL" ? "an upsell" : "a cross-sell"} deal</h2>
      <label className="block text-sm">
        Title
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={200}
          required
          className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
        />
      </label>
      <div className="flex flex-wrap gap-3">
        <label className="block text-sm">
          Amount (a year)
          <input
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            inputMode="decimal"
            className="mt-1 block min-h-11 w-40 rounded-lg border border-slate-300 px-3"
          />
        </label>
        <label className="block text-sm">
          Expected close
          <input
            type="date"
            value={expectedCloseAt}
            onChange={(e) => setExpectedCloseAt(e.target.value)}
            className="mt-1 block min-h-11 rounded-lg border border-slate-300 px-3"
          />
        </label>
      </div>
      <FormAlert message={error && `The deal was not saved: ${error}`} />
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Open deal"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
