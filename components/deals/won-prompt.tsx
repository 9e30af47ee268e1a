"use client";
// After a win: offer to log the order, prefilled from the deal on the account page.
import Link from "next/link";
import { useRef } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatMoney } from "@/components/ui/format";
import type { DealView } from "@/lib/deals/list-deals";

export function WonPrompt({ deal, onClose }: { deal: DealView | null; onClose: () => void }) {
  const linkRef = useRef<HTMLAnchorElement>(null);
  return (
    <Dialog
      open={deal !== null}
      onOpenChange={(open) => !open && onClose()}
      title="Record it as a purchase?"
      onOpenAutoFocus={(event) => {
        event.preventDefault();
        linkRef.current?.focus();
      }}
      description={
        deal ? (
          <>
            “{deal.title}” for {deal.accountName} is won ({formatMoney(deal.amount, deal.currency)}). Log the order now so the
            account&apos;s LTV counts it.
          </>
        ) : null
      }
    >
      {deal ? (
        <div className="flex flex-wrap gap-2">
          <Link
            ref={linkRef}
            href={`/rep/accounts/${deal.accountId}?${new URLSearchParams({ logOrder: "1", dealId: deal.id })}`}
            className={buttonClass("primary")}
          >
            Log the order
          </Link>
          <Button variant="secondary" onClick={onClose}>
            Not now
          </Button>
        </div>
      ) : null}
    </Dialog>
  );
}
