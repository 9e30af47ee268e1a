// Words and colours for deal stages, types and lost reasons: one place for the board, the drawer and the account page.
import type { DealStage, DealType } from "@/lib/generated/prisma/enums";
import type { LostReason } from "@/lib/deals/schema";

export const STAGES: DealStage[] = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON", "LOST"];

export const STAGE_LABEL: Record<DealStage, string> = {
  LEAD: "Lead",
  QUALIFIED: "Qualified",
  PROPOSAL: "Proposal",
  NEGOTIATION: "Negotiation",
  WON: "Won",
  LOST: "Lost",
};

export const STAGE_STYLE: Record<DealStage, string> = {
  LEAD: "bg-slate-100 text-slate-700",
  QUALIFIED: "bg-brand-50 text-brand-700",
  PROPOSAL: "bg-indigo-50 text-indigo-800",
  NEGOTIATION: "bg-amber-50 text-amber-800",
  WON: "bg-emerald-50 text-emerald-800",
  LOST: "bg-red-50 text-red-800",
};

export const TYPE_LABEL: Record<DealType, string> = { NEW: "New business", UPSELL: "Upsell", CROSS_SELL: "Cross-sell", RENEWAL: "Renewal" };

/** In the order the Lost dialog lists them (same codes as LOST_REASONS in lib/deals/schema.ts). */
export const LOST_REASON_LABEL: Record<LostReason, string> = {
  PRICE: "Price too high",
  COMPETITOR: "Went with a competitor",
  NO_BUDGET: "No budget",
  NO_DECISION: "No decision, went quiet",
  TIMING: "Bad timing",
  PRODUCT_FIT: "Product not a fit",
  OTHER: "Other",
};
