"use client";
// Reassigning accounts, the same way wherever it is offered (the Team page and the admin's users
// page): tick accounts in one table, confirm in a dialog that says how many move from whom to
// whom, then a banner with Undo, which sends those accounts back except any reassigned again
// since (POST /api/accounts/reassign, POST /api/accounts/reassign/undo) and says which stayed.
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { RepAccount } from "@/lib/portfolio/team";
import type { UndoResult } from "@/lib/accounts/undo-move";
import { apiFetch } from "@/components/api-client";
import { explainError } from "@/components/ui/form-errors";
import { DateText } from "@/components/app-calendar";
import { FlagBadges } from "@/components/account/flag-badges";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatMoney } from "@/components/ui/format";
import { SelectionCheckbox } from "@/components/ui/selection-checkbox";
import type { useSelection } from "@/components/ui/use-selection";
import { plural } from "@/lib/plural";

type Banner =
  | { kind: "moved"; moveId: string; count: number; fromName: string; toName: string }
  | { kind: "undone"; result: UndoResult }
  | { kind: "error"; message: string };

/** What POST /api/accounts/reassign takes: some accounts (optionally only while `expectedOwnerId` owns them), or all of one owner's. */
export type ReassignBody =
  { accountIds: string[]; toOwnerId: string; expectedOwnerId?: string } | { fromOwnerId: string; toOwnerId: string };

const explain = (error: unknown) => explainError(error, { refused: "Your role may not reassign accounts." });

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

/**
 * The request, its banner and Undo. `reassign` resolves true when accounts moved; the page is
 * refreshed after every request (the tables and counts come from the server).
 */
export function useReassign() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [banner, setBanner] = useState<Banner | null>(null);

  async function reassign(body: ReassignBody, names: { fromName: string; toName: string }): Promise<boolean> {
    setPending(true);
    try {
      const result = await apiFetch<{ moved: number; moveId: string | null }>("/api/accounts/reassign", {
        method: "POST",
        body: JSON.stringify(body),
      });
      setBanner(
        result.moveId
          ? { kind: "moved", moveId: result.moveId, count: result.moved, ...names }
          : { kind: "error", message: `Nothing moved: those accounts already belong to ${names.toName}.` },
      );
      return result.moveId !== null;
    } catch (error) {
      setBanner({ kind: "error", message: explain(error) });
      return false;
    } finally {
      setPending(false);
      router.refresh();
    }
  }

  async function undo(moveId: string) {
    setPending(true);
    try {
      setBanner({
        kind: "undone",
        result: await apiFetch<UndoResult>("/api/accounts/reassign/undo", { method: "POST", body: JSON.stringify({ moveId }) }),
      });
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
  return { pending, reassign, bannerView };
}

/** "Move 3 accounts to Ben?" with who from, what comes along, the names when few, Cancel and Move. */
export function ReassignConfirm({
  open,
  onOpenChange,
  count,
  fromName,
  toName,
  names,
  pending,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  count: number;
  fromName: string;
  toName: string;
  /** The accounts' names when they are known and few (up to five are listed). */
  names: string[];
  pending: boolean;
  onConfirm: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => !pending && onOpenChange(next)}
      title={`Move ${plural(count, "account")} to ${toName}?`}
      testId="reassign-confirm"
      onOpenAutoFocus={(event) => {
        event.preventDefault();
        confirmRef.current?.focus();
      }}
      description={
        <>
          {plural(count, "account")} move from {fromName} to {toName}, with their open deals and follow-ups. You can undo this right after.
        </>
      }
    >
      {names.length > 0 && names.length <= 5 ? (
        <ul className="mb-3 list-disc pl-5 text-sm text-slate-700">
          {names.map((name, i) => (
            <li key={`${i}-${name}`}>{name}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap justify-end gap-2">
        <Button type="button" variant="secondary" onClick={() => onOpenChange(false)} disabled={pending}>
          Cancel
        </Button>
        <button type="button" ref={confirmRef} className={buttonClass()} onClick={onConfirm} disabled={pending}>
          {pending ? "Moving…" : `Move ${plural(count, "account")}`}
        </button>
      </div>
    </Dialog>
  );
}

/** The accounts to pick from: name, segment and region, formula LTV, last visit and flags. */
export function ReassignAccountTable({
  accounts,
  selection,
  caption,
  rowTestId,
}: {
  accounts: RepAccount[];
  selection: Pick<ReturnType<typeof useSelection>, "selected" | "toggle" | "allSelected" | "toggleAll">;
  caption: string;
  rowTestId: string;
}) {
  const { selected, toggle, allSelected, toggleAll } = selection;
  return (
    <div className="relative max-h-[32rem] overflow-auto">
      <table className="w-full min-w-[640px] text-left text-sm tabular-nums">
        <caption className="sr-only">{caption}</caption>
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
            <tr key={account.id} className="border-t border-slate-100" data-testid={rowTestId}>
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
  );
}
