"use client";
// Admins set how long a dismissed flag stays away (issue 15). No recompute: each account's
// next sync (an order, a visit, the daily recompute) applies the new window.
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import { apiFetch } from "@/components/api-client";
import type { FlagSettings } from "@/lib/flag-records/settings";

export function FlagSettingsForm({ initial }: { initial: FlagSettings }) {
  const id = useId();
  const [days, setDays] = useState(String(initial.flagDismissDays));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<FlagSettings>("/api/settings/flags", {
        method: "PUT",
        // Text that is not a number goes as null, so the server names the field ("must be a number of days").
        body: JSON.stringify({ flagDismissDays: days.trim() === "" || !Number.isFinite(Number(days)) ? null : Number(days) }),
      }),
    onSuccess: (settings) => {
      setDays(String(settings.flagDismissDays));
      setSaved(
        `Saved. Dismissed flags stay away ${settings.flagDismissDays} ${settings.flagDismissDays === 1 ? "day" : "days"}, counted from each dismissal.`,
      );
    },
  });
  const errors = formErrors(save.error, { flagDismissDays: "Days a dismissed flag stays away" });
  const error = errors.byField.flagDismissDays;
  return (
    <Card title="Flag lifecycle">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          save.mutate();
        }}
        className="space-y-3"
      >
        <div>
          <label htmlFor={`${id}-days`} className="mb-1 block text-sm font-medium">
            Days a dismissed flag stays away
          </label>
          <div className="flex items-center gap-2">
            <input
              id={`${id}-days`}
              inputMode="numeric"
              className="block min-h-11 w-24 rounded-lg border border-slate-300 px-3 text-right aria-[invalid=true]:border-red-600"
              value={days}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${id}-days-hint${error ? ` ${id}-days-error` : ""}`}
              onChange={(event) => {
                setSaved(null);
                if (save.error) save.reset();
                setDays(event.target.value);
              }}
            />
            <span aria-hidden="true">days</span>
          </div>
          <p id={`${id}-days-hint`} className="mt-1 text-sm text-slate-600">
            1 to 365. A dismissed flag comes back sooner if its value at stake at least doubles. Takes effect at each account&apos;s next
            update; nothing is recomputed.
          </p>
          <FieldError id={`${id}-days-error`} message={error} />
        </div>
        <FormAlert message={errors.general} />
        <p role="status" className="text-sm text-emerald-800">
          {saved}
        </p>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save flag settings"}
        </Button>
      </form>
    </Card>
  );
}
