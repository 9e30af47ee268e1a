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

  const open = (next: Panel, fromBar: boolean) => {
    setStatus(null);
    const closing = panel?.kind === next?.kind;
    setPanel(closing ? null : next);
    // From the bottom bar the form opens at the top of the page: bring it into view.
    if (fromBar && !closing) requestAnimationFrame(() => document.getElementById("account-panel")?.scrollIntoView({ block: "start" }));
  };
  const actions = (className: string, fromBar = false) => (
    <>
      <button
        type="button"
        className={buttonClass(panel?.kind === "order" ? "primary" : "secondary", className)}
        aria-expanded={panel?.kind === "order"}
        onClick={() => open({ kind: "order" }, fromBar)}
      >
        Log order
      </button>
      <button
        type="button"
        className={buttonClass(panel?.kind === "visit" ? "primary" : "secondary", className)}
        aria-expanded={panel?.kind === "visit"}
        onClick={() => open({ kind: "visit" }, fromBar)}
      >
        Log visit
      </button>
    </>
  );

  return (
    // Room at the bottom on a phone so the fixed action bar never covers the last card.
    <div className="space-y-3 pb-24 sm:pb-0">
      {/* Desktop: the two actions above the page. A phone gets them in a bar fixed at the bottom (below), in thumb's reach
          however far down the page is scrolled. */}
      <div className="hidden gap-2 sm:flex">{actions("sm:flex-none")}</div>
      <nav
        aria-label="Account actions"
        className="fixed inset-x-0 bottom-0 z-20 m-0 flex gap-2 border-t border-slate-200 bg-white/95 px-4 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] shadow-[0_-2px_8px_rgba(15,23,42,0.08)] backdrop-blur sm:hidden"
        data-testid="account-action-bar"
      >
        {actions("flex-1", true)}
      </nav>
      {status ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {status}
        </p>
      ) : null}
      {panel?.kind === "order" ? (
        <section id="account-panel" className="scroll-mt-28 rounded-xl bg-white p-4 shadow-sm ring-1 ring-brand-600" aria-label="New order">
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
        <section id="account-panel" className="scroll-mt-28 rounded-xl bg-white p-4 shadow-sm ring-1 ring-brand-600" aria-label="New visit">
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
      <div className="grid gap-3 lg:grid-cols-2 [&>*]:min-w-0">
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
