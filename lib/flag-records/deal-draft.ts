// A deal pre-filled from an upsell or cross-sell flag (issue 15, "Deal from a flag"):
// a short title, the flag's expected yearly gain as the amount (not the lifetime value
// at stake), a suggested close date, and the decision maker as the contact. Pure.
import type { Flag } from "@/lib/flags/types";
import { addDays } from "@/lib/days";

export interface DealDraft {
  flagId: string | null;
  type: "UPSELL" | "CROSS_SELL";
  title: string;
  /** Money in the account's currency, rounded to cents. */
  amount: number;
  /** YYYY-MM-DD */
  expectedCloseAt: string;
  productId: string | null;
  contactId: string | null;
}

/** Days to the suggested close: a tier step is one conversation, a new category takes longer. */
export const DEAL_CLOSE_DAYS = { UPSELL: 30, CROSS_SELL: 45 } as const;
const cents = (value: number) => Math.round(Math.max(0, value) * 100) / 100;
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * The yearly gain the deal would bring. Tier ladder: list-price step × yearly quantity;
 * peer gap: peers' spend − the account's yearly spend; cross-sell: the expected first-year
 * category spend as the flag states it (confidence × the category's order value).
 */
export function expectedYearlyGain(flag: Pick<Flag, "type" | "valueAtStake" | "details">): number {
  const d = flag.details ?? {};
  if (flag.type === "upsell" && d.kind === "tier_ladder") {
    const step = num(d.priceStep);
    const quantity = num(d.yearlyQuantity);
    if (step !== null && quantity !== null) return cents(step * quantity);
  }
  if (flag.type === "upsell" && d.kind === "peer_gap") {
    const peers = num(d.peerSpend);
    const spend = num(d.yearlySpend);
    if (peers !== null && spend !== null) return cents(peers - spend);
  }
  return cents(flag.valueAtStake);
}

export function dealDraftFromFlag(
  flag: Pick<Flag, "type" | "valueAtStake" | "details"> & { id: string | null },
  names: { product: (id: string) => string | undefined; decisionMakerId: string | null },
  /** Today (YYYY-MM-DD) as the business counts days (APP_TIME_ZONE). */
  today: string,
): DealDraft | null {
  if (flag.type !== "upsell" && flag.type !== "cross_sell") return null;
  const type = flag.type === "upsell" ? "UPSELL" : "CROSS_SELL";
  const d = flag.details ?? {};
  const productId = typeof d.productId === "string" ? d.productId : null;
  const productName = productId ? names.product(productId) : undefined;
  const category = typeof d.category === "string" ? d.category : null;
  const title =
    type === "UPSELL"
      ? productName
        ? `Upgrade to ${productName}`
        : category
          ? `Upgrade ${category}`
          : "Grow yearly spend to peer level"
      : category
        ? `Add ${category}`
        : "Cross-sell";
  return {
    flagId: flag.id,
    type,
    title: title.slice(0, 200),
    amount: expectedYearlyGain(flag),
    expectedCloseAt: addDays(today, DEAL_CLOSE_DAYS[type]),
    productId,
    contactId: names.decisionMakerId,
  };
}
