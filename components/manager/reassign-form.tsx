"use client";
// Reassign some of a rep's accounts: tick accounts, pick the new rep, confirm in a dialog that
// says how many move from whom to whom. One request (POST /api/accounts/reassign, all or
// nothing, refused when an account changed owner since the page loaded); the banner after it
// offers Undo, which sends those accounts back except any reassigned again since
// (POST /api/accounts/reassign/undo) and says which stayed.
import { DateText } from "@/components/app-calendar";
import { useId, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { RepAccount } from "@/lib/portfolio/team";
import type { UndoResult } from "@/lib/accounts/undo-move";
import { ApiError, apiFetch } from "@/components/api-client";
import { FlagBadges } from "@/components/account/flag-badges";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { formatMoney } from "@/components/ui/format";
import { useSelection } from "@/components/ui/use-selection";
import { SelectionCheckbox } from "@/components/ui/selection-checkbox";
import { plural } from "@/lib/plural";

type Banner =
  | { kind: "moved"; moveId: string; count: number; fromName: string; toName: string }
  | { kind: "undone"; result: UndoResult }
  | { kind: "error"; message: string };

function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return "Your role may not reassign accounts.";
    return error.issues[0] ? `${error.issues[0].field}: ${error.issues[0].reason}` : error.message;
  }
  return "The server could not be reached; nothing was changed.";
}

/** "Moved 11 accounts back to Ana." and, for those that stayed, where they are and why. */
function undoneText(result: UndoResult): string[] {
  const back =
    result.returnedTo.length === 0
      ? "No account was moved back."
      : `Moved ${result.returnedTo.map((owner) => `${plural(owner.accounts, "account")} back to ${owner.ownerName}`).join(", ")}.`;
  const stayed = result.skipped.map((skip) =>
    skip.reason === "moved-again"
      ? `${skip.name} stayed with ${skip.ownerName}: it was reassigned again since.`
      : `${skip.name} stayed with ${skip.ownerName}: its previous rep can no longer own accounts.`,
  );
  return [back, ...stayed];
}

function BannerView({
  banner,
  onUndo,
  onDismiss,
  pending,
}: {
  banner: Banner;
  onUndo: () => void;
  onDismiss: () => void;
  pending: boolean;
}) {
  const tone = banner.kind === "error" ? "bg-red-50 text-red-800" : "bg-emerald-50 text-emerald-900";
  return (
    <div className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg p-3 text-sm ${tone}`} data-testid="reassign-banner">
      <div className="min-w-0 flex-1">
        {banner.kind === "moved" ? (
          <p>
            Moved {plural(banner.count, "account")} from {banner.fromName} to {banner.toName}.
          </p>
        ) : banner.kind === "undone" ? (
          undoneText(banner.result).map((line) => <p key={line}>{line}</p>)
        ) : (
          <p>{banner.message}</p>
        )}
      </div>
      {banner.kind === "moved" ? (
        <Button type="button" variant="secondary" onClick={onUndo} disabled={pending}>
          {pending ? "Undoing…" : "Undo"}
        </Button>
      ) : null}
      <Button type="button" variant="ghost" onClick={onDismiss} aria-label="Dismiss this message">
        ✕
      </Button>
    </div>
  );
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
  const confirmRef = useRef<HTMLButtonElement>(null);
  const { selected, setSelected, toggle, allSelected, toggleAll } = useSelection(accounts.map((a) => a.id));
  const [target, setTarget] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [banner, setBanner] = useState<Banner | null>(null);
  const choices = targets.filter((rep) => rep.id !== from.id);
  const targetName = targets.find((rep) => rep.id === target)?.name ?? "the new rep";
  const chosen = accounts.filter((a) => selected.has(a.id));

  async function reassign() {
    setPending(true);
    try {
      const result = await apiFetch<{ moved: number; moveId: string | null }>("/api/accounts/reassign", {
        method: "POST",
        body: JSON.stringify({ accountIds: chosen.map((a) => a.id), toOwnerId: target, expectedOwnerId: from.id }),
      });
      setBanner(
        result.moveId
          ? { kind: "moved", moveId: result.moveId, count: result.moved, fromName: from.name, toName: targetName }
          : { kind: "error", message: "Nothing moved: those accounts already belong to " + targetName + "." },
      );
      setSelected(new Set());
    } catch (error) {
      setBanner({ kind: "error", message: explain(error) });
    } finally {
      setConfirming(false);
      setPending(false);
      router.refresh();
    }
  }

  async function undo(moveId: string) {
    setPending(true);
    try {
      const result = await apiFetch<UndoResult>("/api/accounts/reassign/undo", { method: "POST", body: JSON.stringify({ moveId }) });
      setBanner({ kind: "undone", result });
    } catch (error) {
      setBanner({ kind: "error", message: explain(error) });
    } finally {
      setPending(false);
      router.refresh();
    }
  }

  const bannerView = (
    <div role="status" aria-live="polite">
      {banner ? (
        <BannerView
          banner={banner}
          pending={pending}
          onUndo={() => banner.kind === "moved" && void undo(banner.moveId)}
          onDismiss={() => setBanner(null)}
        />
      ) : null}
    </div>
  );

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

      <Dialog
        open={confirming}
        onOpenChange={(open) => !pending && setConfirming(open)}
        title={`Move ${plural(chosen.length, "account")} to ${targetName}?`}
        testId="reassign-confirm"
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          confirmRef.current?.focus();
        }}
        description={
          <>
            {plural(chosen.length, "account")} move from {from.name} to {targetName}, with their open deals and follow-ups. You can undo
            this right after.
          </>
        }
      >
        {chosen.length <= 5 ? (
          <ul className="mb-3 list-disc pl-5 text-sm text-slate-700">
            {chosen.map((account) => (
              <li key={account.id}>{account.name}</li>
            ))}
          </ul>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </Button>
          <button type="button" ref={confirmRef} className={buttonClass()} onClick={() => void reassign()} disabled={pending}>
            {pending ? "Moving…" : `Move ${plural(chosen.length, "account")}`}
          </button>
        </div>
      </Dialog>

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
            {accounts.map((account) => (
              <tr key={account.id} className="border-t border-slate-100" data-testid="reassign-row">
                <td className="py-1">
                  <SelectionCheckbox
                    label={`Select ${account.name}`}
                    checked={selected.has(account.id)}
                    onChange={() => toggle(account.id)}
                  />
                </td>
                <td className="py-2 pr-3 font-medium">{account.name}</td>
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
            ))}
          </tbody>
        </table>
      </div>
    </form>
  );
}
