"use client";
// The account page's interactive part: live measures and flags, and the log
// order / log visit panels one tap away (two taps from My accounts).
import { useState } from "react";
import type { AccountDetail } from "@/lib/accounts/get-account";
import { AccountOverview, type FlagAction } from "./account-overview";
import { LogOrderForm } from "./log-order-form";
import { PurchaseHistory } from "./purchase-history";
import { VisitPanel } from "./visit-panel";
import { DealFromFlag } from "./deal-from-flag";
import { VisitTimeline } from "./visit-timeline";
import { ContactsCard } from "./contacts-card";
import { DealsCard } from "./deals-card";
import { EmailCard } from "@/components/emails/email-card";
import { FollowUpsCard } from "@/components/follow-ups/follow-ups-card";
import { buttonClass } from "@/components/ui/button";

type Panel = { kind: "order"; productId?: string; dealId?: string } | { kind: "visit" } | null;

export function AccountWorkspace({ account, initialPanel }: { account: AccountDetail; initialPanel?: Panel }) {
  const [panel, setPanel] = useState<Panel>(initialPanel ?? null);
  const [deal, setDeal] = useState<Extract<FlagAction, { kind: "deal" }> | null>(null);
  const [emailFlagId, setEmailFlagId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const onAction = (action: FlagAction) => {
    setStatus(null);
    if (action.kind === "email") {
      setEmailFlagId(action.flagId);
      document.getElementById("email-heading")?.scrollIntoView({ behavior: "smooth", block: "start" });
    } else if (action.kind === "deal") {
      setDeal(action);
      setPanel(null);
    } else {
      setDeal(null);
      setPanel(action.kind === "order" ? { kind: "order", productId: action.productId } : { kind: "visit" });
    }
  };

  return (
    <div className="space-y-3">
      <div className="sticky top-[52px] z-[5] -mx-4 flex gap-2 bg-slate-50/95 px-4 py-2 backdrop-blur sm:static sm:mx-0 sm:bg-transparent sm:px-0">
        <button
          type="button"
          className={buttonClass(panel?.kind === "order" ? "primary" : "secondary", "flex-1 sm:flex-none")}
          aria-expanded={panel?.kind === "order"}
          onClick={() => {
            setStatus(null);
            setPanel(panel?.kind === "order" ? null : { kind: "order" });
          }}
        >
          Log order
        </button>
        <button
          type="button"
          className={buttonClass(panel?.kind === "visit" ? "primary" : "secondary", "flex-1 sm:flex-none")}
          aria-expanded={panel?.kind === "visit"}
          onClick={() => {
            setStatus(null);
            setPanel(panel?.kind === "visit" ? null : { kind: "visit" });
          }}
        >
          Log visit
        </button>
      </div>
      {status ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {status}
        </p>
      ) : null}
      {panel?.kind === "order" ? (
        <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-brand-600" aria-label="New order">
          <LogOrderForm
            accountId={account.id}
            currency={account.currency}
            initialProductId={panel.productId}
            dealId={panel.dealId}
            onDone={(summary) => {
              setStatus(summary);
              setPanel(null);
            }}
          />
        </section>
      ) : null}
      {panel?.kind === "visit" ? (
        <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-brand-600" aria-label="New visit">
          <VisitPanel
            accountId={account.id}
            onDone={(summary) => {
              setStatus(summary ?? "Visit saved.");
              setPanel(null);
            }}
          />
        </section>
      ) : null}
      {deal ? (
        <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-brand-600" aria-label="New deal">
          <DealFromFlag
            key={deal.draft.flagId ?? deal.draft.title}
            accountId={account.id}
            draft={deal.draft}
            onDone={(summary) => {
              if (summary) setStatus(summary);
              setDeal(null);
            }}
          />
        </section>
      ) : null}
      <AccountOverview initial={account} onAction={onAction} />
      <div className="grid gap-3 lg:grid-cols-2">
        <PurchaseHistory accountId={account.id} currency={account.currency} />
        <VisitTimeline accountId={account.id} />
        <FollowUpsCard accountId={account.id} />
        <DealsCard accountId={account.id} />
        <ContactsCard accountId={account.id} />
        <EmailCard accountId={account.id} flagId={emailFlagId} onFlagUsed={() => setEmailFlagId(null)} />
      </div>
    </div>
  );
}
