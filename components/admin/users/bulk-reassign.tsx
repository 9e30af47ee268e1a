"use client";
// Bulk reassignment on the users page: pick an owner, then all their accounts or a selection, and
// the new owner; confirm, and undo from the banner (the flow is ../../account/reassign-flow.tsx,
// shared with the Team page). One request (POST /api/accounts/reassign): all or nothing.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { UserView } from "@/lib/users/user-view";
import type { RepAccount } from "@/lib/portfolio/team";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { inputClass, labelClass } from "../shared";
import { useSelection } from "@/components/ui/use-selection";
import { ReassignAccountTable, ReassignConfirm, useReassign, type ReassignBody } from "@/components/account/reassign-flow";
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
  const selection = useSelection(accounts.map((a) => a.id));
  const [target, setTarget] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { pending, reassign, bannerView } = useReassign();
  const owners = users.filter((user) => user.accounts > 0 || (user.role === "REP" && user.active));
  const targets = users.filter((user) => user.active && (user.role === "REP" || user.role === "MANAGER") && user.id !== from?.id);
  const count = scope === "all" ? total : selection.selected.size;
  const targetName = users.find((user) => user.id === target)?.name ?? "the new owner";

  async function move() {
    if (!from) return;
    const body: ReassignBody =
      scope === "all"
        ? { fromOwnerId: from.id, toOwnerId: target }
        : { accountIds: [...selection.selected], toOwnerId: target, expectedOwnerId: from.id };
    if (await reassign(body, { fromName: from.name, toName: targetName })) selection.setSelected(new Set());
    setConfirming(false);
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

      {bannerView}

      {!from ? null : accounts.length === 0 ? (
        <EmptyState title={`${from.name} owns no accounts.`} />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (target && count > 0) setConfirming(true);
          }}
          aria-labelledby={`${id}-title`}
          className="space-y-3"
          data-testid="bulk-reassign-form"
        >
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
              <ReassignAccountTable
                accounts={accounts}
                selection={selection}
                caption={`Accounts of ${from.name}`}
                rowTestId="bulk-reassign-row"
              />
            </>
          ) : null}
          <ReassignConfirm
            open={confirming}
            onOpenChange={setConfirming}
            count={count}
            fromName={from.name}
            toName={targetName}
            names={scope === "all" ? [] : accounts.filter((a) => selection.selected.has(a.id)).map((a) => a.name)}
            pending={pending}
            onConfirm={() => void move()}
          />
        </form>
      )}
    </div>
  );
}
