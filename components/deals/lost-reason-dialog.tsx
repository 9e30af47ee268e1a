"use client";
// Moving a deal to Lost asks why, from a fixed list (kept on the deal for the win/loss review).
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { DealView } from "@/lib/deals/list-deals";
import type { LostReason } from "@/lib/deals/schema";
import { LOST_REASON_LABEL } from "./labels";

export function LostReasonDialog({
  deal,
  onCancel,
  onConfirm,
}: {
  deal: DealView | null;
  onCancel: () => void;
  onConfirm: (reason: LostReason) => void;
}) {
  const [reason, setReason] = useState<LostReason | null>(null);
  const [missing, setMissing] = useState(false);
  const errorId = useId();
  const close = () => {
    setReason(null);
    setMissing(false);
  };
  return (
    <Dialog
      open={deal !== null}
      onOpenChange={(open) => {
        if (!open) {
          close();
          onCancel();
        }
      }}
      title="Why was it lost?"
      description={
        deal ? (
          <>
            “{deal.title}” for {deal.accountName} moves to Lost.
          </>
        ) : null
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason) {
            setMissing(true);
            return;
          }
          close();
          onConfirm(reason);
        }}
      >
        <fieldset aria-describedby={missing ? errorId : undefined}>
          <legend className="sr-only">Reason</legend>
          <div className="grid gap-1">
            {(Object.keys(LOST_REASON_LABEL) as LostReason[]).map((code) => (
              <label
                key={code}
                className="flex min-h-11 cursor-pointer items-center gap-3 rounded-md px-2 hover:bg-slate-50 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="lostReason"
                  value={code}
                  checked={reason === code}
                  onChange={() => {
                    setReason(code);
                    setMissing(false);
                  }}
                  className="h-4 w-4"
                />
                <span className="text-sm">{LOST_REASON_LABEL[code]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {missing ? (
          <p id={errorId} className="mt-2 text-sm text-red-700">
            Choose a reason.
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap justify-end gap-2">
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              close();
              onCancel();
            }}
          >
            Keep it open
          </Button>
          <Button type="submit" variant="danger">
            Mark as lost
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
