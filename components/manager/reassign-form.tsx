"use client";
// Reassign some of a rep's accounts: tick accounts, pick the new rep, submit.
// Each account is one PATCH /api/accounts/{id} { version, ownerId } (the audited
// updateAccount); results are shown per account, so a conflict on one does not
// hide that the others moved.
import { DateText } from "@/components/app-calendar";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { RepAccount } from "@/lib/portfolio/team";
import { ApiError, apiFetch } from "@/components/api-client";
import { FlagBadges } from "@/components/account/flag-badges";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { useSelection } from "@/components/ui/use-selection";
import { SelectionCheckbox } from "@/components/ui/selection-checkbox";
import { plural } from "@/lib/plural";

type Outcome = { ok: true } | { ok: false; message: string };

function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return "Changed by someone else since this page loaded; reload and try again.";
    if (error.status === 404) return "This account no longer exists.";
    if (error.status === 403) return "Your role may not reassign this account.";
    return error.issues[0] ? `${error.issues[0].field}: ${error.issues[0].reason}` : error.message;
  }
  return "The server could not be reached; nothing was changed for this account.";
}

export function ReassignForm({
  from,
  accounts,
  total,
  targets,
}: {
  from: { id: string; name: string };
  accounts: RepAccount[];
  total: number;
  targets: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const id = useId();
  const { selected, setSelected, toggle, allSelected, toggleAll } = useSelection(accounts.map((a) => a.id));
  const [target, setTarget] = useState("");
  const [pending, setPending] = useState(false);
  const [outcomes, setOutcomes] = useState<Map<string, Outcome & { name: string }>>(new Map());
  const choices = targets.filter((rep) => rep.id !== from.id);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!target || selected.size === 0) return;
    setPending(true);
    const results = new Map<string, Outcome & { name: string }>();
    // One at a time: a manager moves a handful of accounts, and the server audits each.
    for (const account of accounts.filter((a) => selected.has(a.id))) {
      try {
        await apiFetch(`/api/accounts/${account.id}`, {
          method: "PATCH",
          body: JSON.stringify({ version: account.version, ownerId: target }),
        });
        results.set(account.id, { ok: true, name: account.name });
      } catch (error) {
        results.set(account.id, { ok: false, message: explain(error), name: account.name });
      }
    }
    setOutcomes(results);
    setSelected(new Set([...results].filter(([, r]) => !r.ok).map(([accountId]) => accountId)));
    setPending(false);
    if ([...results.values()].some((r) => r.ok)) router.refresh();
  }

  const moved = [...outcomes.values()].filter((r) => r.ok).length;
  const failed = [...outcomes].filter(([, r]) => !r.ok);
  const targetName = targets.find((rep) => rep.id === target)?.name ?? "the new rep";

  if (accounts.length === 0) {
    return (
      <div className="space-y-2">
        {moved > 0 ? (
          <p role="status" className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">
            Moved {plural(moved, "account")} to {targetName}.
          </p>
        ) : null}
        <EmptyState title={`${from.name} has no accounts${total > 0 ? " matching this search" : ""}.`} />
      </div>
    );
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="space-y-3" data-testid="reassign-form">
      <h3 id={`${id}-title`} className="sr-only">
        Reassign accounts of {from.name}
      </h3>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs text-slate-600">
          Move selected accounts to
          <select
            className="block min-h-11 w-56 max-w-full rounded-lg border border-slate-300 bg-white px-2 text-sm"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            required
          >
            <option value="">Choose a rep…</option>
            {choices.map((rep) => (
              <option key={rep.id} value={rep.id}>
                {rep.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={pending || !target || selected.size === 0}>
          {pending ? "Reassigning…" : selected.size === 0 ? "Reassign accounts" : `Reassign ${plural(selected.size, "account")}`}
        </Button>
      </div>

      <div role="status" aria-live="polite" className="text-sm">
        {moved > 0 ? (
          <p className="rounded-lg bg-emerald-50 p-3 text-emerald-900">
            Moved {plural(moved, "account")} to {targetName}.
          </p>
        ) : null}
        {failed.length > 0 ? (
          <div className="mt-2 rounded-lg bg-red-50 p-3 text-red-800">
            <p className="font-medium">
              {failed.length} account{failed.length === 1 ? " was" : "s were"} not moved:
            </p>
            <ul className="mt-1 list-disc pl-5">
              {failed.map(([accountId, r]) => (
                <li key={accountId}>
                  {r.name}: {"message" in r ? r.message : ""}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      {total > accounts.length ? (
        <p className="text-sm text-slate-600">
          Showing the first {accounts.length.toLocaleString("en-GB")} of {plural(total, "account")} by name; search to narrow.
        </p>
      ) : null}
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[640px] text-left text-sm tabular-nums">
          <caption className="sr-only">Accounts of {from.name}</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="w-12 py-1">
                <SelectionCheckbox label="Select all" checked={allSelected} onChange={toggleAll} />
              </th>
              <th scope="col" className="py-2 pr-3">
                Account
              </th>
              <th scope="col" className="py-2 pr-3">
                Segment · region
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Formula LTV
              </th>
              <th scope="col" className="py-2 pr-3">
                Last visit
              </th>
              <th scope="col" className="py-2">
                Flags
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => {
              const outcome = outcomes.get(account.id);
              return (
                <tr key={account.id} className="border-t border-slate-100" data-testid="reassign-row">
                  <td className="py-1">
                    <SelectionCheckbox
                      label={`Select ${account.name}`}
                      checked={selected.has(account.id)}
                      onChange={() => toggle(account.id)}
                    />
                  </td>
                  <td className="py-2 pr-3 font-medium">
                    {account.name}
                    {outcome && !outcome.ok ? <p className="text-xs font-normal text-red-700">{outcome.message}</p> : null}
                  </td>
                  <td className="whitespace-nowrap py-2 pr-3 text-slate-600">
                    {account.segment}
                    {account.region ? ` · ${account.region}` : ""}
                  </td>
                  <td className="whitespace-nowrap py-2 pr-3 text-right">{formatMoney(account.formulaLtv, account.currency)}</td>
                  <td className="whitespace-nowrap py-2 pr-3">
                    <DateText value={account.lastVisitAt} kind="instant" />
                  </td>
                  <td className="py-2">
                    <div className="flex gap-1">
                      <FlagBadges flags={account.flags.map((type) => ({ type }))} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </form>
  );
}
