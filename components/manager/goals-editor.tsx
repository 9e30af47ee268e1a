"use client";
// Admins set each rep's monthly revenue goal in place: one small form per rep (Enter saves),
// the amount typed as people type money ("40.000", "40000,50": components/ui/number-input.ts),
// an empty box clears the goal. The server validates (PUT /api/rep-goals) and its reason shows
// under the box.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { ApiError, apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { FieldError, sentence } from "@/components/ui/form-errors";
import { formatMoney } from "@/components/ui/format";
import { normalizeDecimal } from "@/components/ui/number-input";
import { decimalStringFromCents } from "@/lib/money";

export interface RepGoalRow {
  repId: string;
  name: string;
  goalCents: number | null;
}

/** 4000050 → "40000.50", 4000000 → "40000": what the box shows, in the form it accepts back. */
function goalText(cents: number | null): string {
  if (cents === null) return "";
  const text = decimalStringFromCents(cents);
  return text.endsWith(".00") ? text.slice(0, -3) : text;
}

function GoalRowForm({ rep, month, monthLabel }: { rep: RepGoalRow; month: string; monthLabel: string }) {
  const router = useRouter();
  const id = useId();
  const [saved, setSaved] = useState(rep.goalCents);
  const [text, setText] = useState(goalText(rep.goalCents));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = text.trim() !== goalText(saved);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    if (!changed || pending) return;
    setPending(true);
    setError(null);
    setNotice(null);
    const typed = text.trim();
    try {
      const result = await apiFetch<{ goalCents: number | null }>("/api/rep-goals", {
        method: "PUT",
        body: JSON.stringify({ repId: rep.repId, month, goal: typed === "" ? null : normalizeDecimal(typed) }),
      });
      setSaved(result.goalCents);
      setText(goalText(result.goalCents));
      setNotice(result.goalCents === null ? "Goal removed." : `Saved: ${formatMoney(result.goalCents / 100)}.`);
      router.refresh();
    } catch (caught) {
      const issue = caught instanceof ApiError ? caught.issues.find((i) => i.field === "goal") : undefined;
      setError(issue ? sentence(issue.reason) : caught instanceof Error ? caught.message : String(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <tr className="border-t border-slate-100 align-top" data-testid="goal-row">
      <th scope="row" className="py-3 pr-3 text-left font-medium">
        {rep.name}
      </th>
      <td className="py-2">
        <form onSubmit={save} className="flex flex-wrap items-start gap-2">
          <div>
            <label htmlFor={`${id}-goal`} className="sr-only">
              Goal for {rep.name}, {monthLabel}, in euros
            </label>
            <div className="flex items-center rounded-lg border border-slate-300 bg-white focus-within:ring-2 focus-within:ring-brand-600">
              <span aria-hidden="true" className="pl-3 text-slate-500">
                €
              </span>
              <input
                id={`${id}-goal`}
                inputMode="decimal"
                autoComplete="off"
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setNotice(null);
                }}
                placeholder="No goal"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
                className="min-h-11 w-32 rounded-lg bg-transparent px-2 text-sm tabular-nums outline-none"
              />
            </div>
            <FieldError id={`${id}-error`} message={error ?? undefined} />
          </div>
          <Button type="submit" variant="secondary" disabled={!changed || pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
          <p role="status" className="self-center text-sm text-emerald-800">
            {notice}
          </p>
        </form>
      </td>
    </tr>
  );
}

export function GoalsEditor({ reps, month, monthLabel }: { reps: RepGoalRow[]; month: string; monthLabel: string }) {
  if (reps.length === 0) return <p className="text-sm text-slate-600">No active reps to set goals for.</p>;
  return (
    <table className="w-full text-sm" data-testid="goals-editor">
      <caption className="sr-only">Revenue goals for {monthLabel}</caption>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-3 text-left">
            Rep
          </th>
          <th scope="col" className="py-2 text-left">
            Goal for {monthLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {reps.map((rep) => (
          // Keyed by month: another month starts the row afresh; a save keeps its "Saved" note through the refresh.
          <GoalRowForm key={`${month}:${rep.repId}`} rep={rep} month={month} monthLabel={monthLabel} />
        ))}
      </tbody>
    </table>
  );
}
