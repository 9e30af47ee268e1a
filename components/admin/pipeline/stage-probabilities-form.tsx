"use client";
// Admins set the probability each open stage gives a deal; Won and Lost are fixed.
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import { apiFetch } from "@/components/api-client";
import { STAGE_LABEL } from "@/components/deals/labels";
import type { StageProbabilities } from "@/lib/deals/stage-probabilities";

const OPEN = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION"] as const;
type OpenStage = (typeof OPEN)[number];

export function StageProbabilitiesForm({ initial }: { initial: StageProbabilities }) {
  const id = useId();
  const [values, setValues] = useState<Record<OpenStage, string>>(
    () => Object.fromEntries(OPEN.map((s) => [s, String(initial[s])])) as Record<OpenStage, string>,
  );
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ probabilities: StageProbabilities }>("/api/settings/stage-probabilities", {
        method: "PUT",
        body: JSON.stringify(Object.fromEntries(OPEN.map((s) => [s, values[s].trim() === "" ? null : Number(values[s])]))),
      }),
    onSuccess: ({ probabilities }) => {
      setValues(Object.fromEntries(OPEN.map((s) => [s, String(probabilities[s])])) as Record<OpenStage, string>);
      setSaved("Saved. Deals take these probabilities from their next move on.");
    },
  });
  const errors = formErrors(save.error, Object.fromEntries(OPEN.map((s) => [s, STAGE_LABEL[s]])));
  return (
    <Card>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          save.mutate();
        }}
        className="space-y-4"
      >
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {OPEN.map((stage) => (
            <div key={stage}>
              <label htmlFor={`${id}-${stage}`} className="mb-1 block text-sm font-medium">
                {STAGE_LABEL[stage]}
              </label>
              <div className="flex items-center gap-2">
                <input
                  id={`${id}-${stage}`}
                  inputMode="numeric"
                  className="block min-h-11 w-20 rounded-lg border border-slate-300 px-3 text-right aria-[invalid=true]:border-red-600"
                  value={values[stage]}
                  aria-invalid={errors.byField[stage] ? true : undefined}
                  aria-describedby={errors.byField[stage] ? `${id}-${stage}-error` : undefined}
                  onChange={(event) => {
                    setSaved(null);
                    if (save.error) save.reset();
                    setValues((current) => ({ ...current, [stage]: event.target.value }));
                  }}
                />
                <span aria-hidden="true">%</span>
              </div>
              <FieldError id={`${id}-${stage}-error`} message={errors.byField[stage]} />
            </div>
          ))}
          <div>
            <p className="mb-1 text-sm font-medium">{STAGE_LABEL.WON}</p>
            <p className="flex min-h-11 items-center text-slate-700">100 % (fixed)</p>
          </div>
          <div>
            <p className="mb-1 text-sm font-medium">{STAGE_LABEL.LOST}</p>
            <p className="flex min-h-11 items-center text-slate-700">0 % (fixed)</p>
          </div>
        </div>
        <FormAlert message={errors.general} />
        <p role="status" className="text-sm text-emerald-800">
          {saved}
        </p>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save probabilities"}
        </Button>
      </form>
    </Card>
  );
}
