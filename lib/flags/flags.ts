// All flags of one account, and the attention score that orders a rep's "My accounts"
// (docs/reference/product.md: "see my accounts ordered by what needs attention").

import { churnRiskFlag } from "./churn-risk";
import { crossSellFlags } from "./cross-sell";
import { replenishmentFlags } from "./replenishment";
import { compareText } from "./score";
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from "./thresholds";
import { upsellFlags } from "./upsell";
import type { AccountFlagInput, Flag, FlagContext, FlagType } from "./types";

// Tie-break between types at equal score and value: risk before opportunity.
const TYPE_ORDER: Record<FlagType, number> = { churn_risk: 0, replenishment: 1, upsell: 2, cross_sell: 3 };

export function compareFlags(a: Flag, b: Flag): number {
  return b.score - a.score || b.valueAtStake - a.valueAtStake || TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || compareText(a.reason, b.reason);
}

/**
 * Every flag of the account, most urgent first (score desc; ties by value at stake, type,
 * reason, so the same input always gives the same list). Pure and synchronous: safe to run
 * inside the transaction that saves a purchase or visit.
 */
export function computeAccountFlags(
  input: AccountFlagInput,
  context: FlagContext,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const flags: Flag[] = [];
  const churn = churnRiskFlag(input, context, thresholds);
  if (churn) flags.push(churn);
  flags.push(...replenishmentFlags(input, context, thresholds));
  flags.push(...upsellFlags(input, context, thresholds));
  flags.push(...crossSellFlags(input, context, thresholds));
  return flags.sort(compareFlags);
}

/**
 * attentionScore = Σ score × valueAtStake over the account's flags: the money a rep can
 * expect to save or win, weighted by urgency. It is in the account's currency, so an
 * account with a likely loss of €50 000 outranks one with a likely loss of €500; stored
 * per account, it orders "My accounts" (highest first). 0 without flags.
 */
export function attentionScore(flags: readonly Flag[]): number {
  let total = 0;
  for (const flag of flags) {
    const term = flag.score * flag.valueAtStake;
    if (Number.isFinite(term) && term > 0) total += term;
  }
  return total;
}
