"use client";
// Bulk reassignment: pick an owner, then all their accounts or a selection, and
// the new owner. One request (POST /api/accounts/reassign): all or nothing.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { UserView } from "@/lib/users/user-view";
import type { RepAccount } from "@/lib/portfolio/team";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { apiFetch } from "@/components/api-client";
import { explainError, inputClass, labelClass } from "../shared";
import { useSelection } from "@/components/ui/use-selection";
import { SelectionCheckbox } from "@/components/ui/selection-checkbox";
import { plural } from "@/lib/plural";

type Scope = "selected" | "all";

export function BulkReassign({
  users,
  from,
  accounts,
  total,
}: {
  users: UserView[];
  from: { id: string; name: string } | null;
  accounts: RepAccount[];
  total: number;
}) {
  const router = useRouter();
  const id = useId();
  const [scope, setScope] = useState<Scope>("selected");
  const { selected, setSelected, toggle, allSelected, toggleAll } = useSelection(accounts.map((a) => a.id));
  const [target, setTarget] = useState("");
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const owners = users.filter((user) => user.accounts > 0 || (user.role === "REP" && user.active));
  const targets = users.filter((user) => user.active && (user.role === "REP" || user.role === "MANAGER") && user.id !== from?.id);
  const count = scope === "all" ? total : selected.size;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!from || !target || count === 0) return;
    setPending(true);
    setNotice(null);
    const body = scope === "all" ? { fromOwnerId: from.id, toOwnerId: target } : { accountIds: [...selected], toOwnerId: target };
    try {
      const result = await apiFetch<{ moved: number; unchanged: number }>("/api/accounts/reassign", {
        method: "POST",
        body: JSON.stringify(body),
      });
      const targetName = users.find((user) => user.id === target)?.name ?? "the new owner";
      setNotice({ kind: "ok", text: `Moved ${plural(result.moved, "account")} from ${from.name} to ${targetName}.` });
      setSelected(new Set());
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: `Nothing was moved: ${explainError(error)}` });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-3" data-testid="bulk-reassign">
      <label className={labelClass}>
        Accounts of
        <select
          className={`${inputClass} mt-1 w-64 max-w-full`}
          value={from?.id ?? ""}
          onChange={(e) =>
            router.push(e.target.value ? `/admin/users?from=${e.target.value}#reassign` : "/admin/users#reassign", { scroll: false })
          }
        >
          <option value="">Choose a person…</option>
          {owners.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name} ({user.accounts})
            </option>
          ))}
        </select>
      </label>

      <div role="status" aria-live="polite">
        {notice ? (
          <p
            className={`rounded-lg p-3 text-sm ${notice.kind === "ok" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}
            data-testid="reassign-notice"
          >
            {notice.text}
          </p>
        ) : null}
      </div>

      {!from ? null : accounts.length === 0 ? (
        <EmptyState title={`${from.name} owns no accounts.`} />
      ) : (
        <form onSubmit={submit} aria-labelledby={`${id}-title`} className="space-y-3" data-testid="bulk-reassign-form">
          <h3 id={`${id}-title`} className="sr-only">
            Move accounts of {from.name}
          </h3>
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="sr-only">Which accounts</legend>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input
                type="radio"
                name={`${id}-scope`}
                className="size-5"
                checked={scope === "selected"}
                onChange={() => setScope("selected")}
              />
              Only the selected accounts
            </label>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name={`${id}-scope`} className="size-5" checked={scope === "all"} onChange={() => setScope("all")} />
              {total === 1 ? `The 1 account of ${from.name}` : `All ${plural(total, "account")} of ${from.name}`}
            </label>
          </fieldset>
          <div className="flex flex-wrap items-end gap-2">
            <label className={labelClass}>
              New owner
              <select className={`${inputClass} mt-1 w-64 max-w-full`} value={target} onChange={(e) => setTarget(e.target.value)} required>
                <option value="">Choose a rep or manager…</option>
                {targets.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name} ({user.role === "REP" ? "rep" : "manager"})
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" disabled={pending || !target || count === 0}>
              {pending ? "Moving…" : `Move ${plural(count, "account")}`}
            </Button>
          </div>
          {scope === "selected" ? (
            <>
              {total > accounts.length ? (
                <p className="text-sm text-slate-600">
                  Showing the first {accounts.length.toLocaleString("en-GB")} of {plural(total, "account")} by name; use “All accounts” to
                  move every one.
                </p>
              ) : null}
              <div className="relative max-h-[28rem] overflow-auto">
                <table className="w-full min-w-[520px] text-left text-sm tabular-nums">
                  <caption className="sr-only">Accounts of {from.name}</caption>
                  <thead className="text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="w-12 py-1">
                        <SelectionCheckbox label="Select all accounts" checked={allSelected} onChange={toggleAll} />
                      </th>
                      <th scope="col" className="py-2 pr-3">
                        Account
                      </th>
                      <th scope="col" className="py-2 pr-3">
                        Segment
                      </th>
                      <th scope="col" className="py-2 text-right">
                        Formula LTV
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {accounts.map((account) => (
                      <tr key={account.id} className="border-t border-slate-100" data-testid="bulk-reassign-row">
                        <td className="py-1">
                          <SelectionCheckbox
                            label={`Select ${account.name}`}
                            checked={selected.has(account.id)}
                            onChange={() => toggle(account.id)}
                          />
                        </td>
                        <td className="py-2 pr-3 font-medium">{account.name}</td>
                        <td className="py-2 pr-3 text-slate-600">{account.segment}</td>
                        <td className="whitespace-nowrap py-2 text-right">{formatMoney(account.formulaLtv, account.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </form>
      )}
    </div>
  );
}
