"use client";
// Reassign some of a rep's accounts from the Team page: tick accounts, pick the new rep, confirm,
// and undo from the banner (the flow is ../account/reassign-flow.tsx, shared with the admin's
// users page). The request is refused when an account changed owner since the page loaded.
import { useId, useState } from "react";
import type { RepAccount } from "@/lib/portfolio/team";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { useSelection } from "@/components/ui/use-selection";
import { ReassignAccountTable, ReassignConfirm, useReassign } from "@/components/account/reassign-flow";
import { plural } from "@/lib/plural";

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
  const id = useId();
  const selection = useSelection(accounts.map((a) => a.id));
  const [target, setTarget] = useState("");
  const [confirming, setConfirming] = useState(false);
  const { pending, reassign, bannerView } = useReassign();
  const choices = targets.filter((rep) => rep.id !== from.id);
  const targetName = targets.find((rep) => rep.id === target)?.name ?? "the new rep";
  const chosen = accounts.filter((a) => selection.selected.has(a.id));

  async function move() {
    const body = { accountIds: chosen.map((a) => a.id), toOwnerId: target, expectedOwnerId: from.id };
    if (await reassign(body, { fromName: from.name, toName: targetName })) selection.setSelected(new Set());
    setConfirming(false);
  }

  if (accounts.length === 0) {
    return (
      <div className="space-y-2">
        {bannerView}
        <EmptyState title={`${from.name} has no accounts${total > 0 ? " matching this search" : ""}.`} />
      </div>
    );
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (target && chosen.length > 0) setConfirming(true);
      }}
      aria-labelledby={`${id}-title`}
      className="space-y-3"
      data-testid="reassign-form"
    >
      <h3 id={`${id}-title`} className="sr-only">
        Reassign accounts of {from.name}
      </h3>
      {bannerView}
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
        <Button type="submit" disabled={pending || !target || chosen.length === 0}>
          {chosen.length === 0 ? "Reassign accounts" : `Reassign ${plural(chosen.length, "account")}`}
        </Button>
      </div>
      <ReassignConfirm
        open={confirming}
        onOpenChange={setConfirming}
        count={chosen.length}
        fromName={from.name}
        toName={targetName}
        names={chosen.map((a) => a.name)}
        pending={pending}
        onConfirm={() => void move()}
      />
      {total > accounts.length ? (
        <p className="text-sm text-slate-600">
          Showing the first {accounts.length.toLocaleString("en-GB")} of {plural(total, "account")} by name; search to narrow.
        </p>
      ) : null}
      <ReassignAccountTable accounts={accounts} selection={selection} caption={`Accounts of ${from.name}`} rowTestId="reassign-row" />
    </form>
  );
}
