// Replenishment due (docs/reference/product.md, "Flags"): a consumable's cycle has elapsed since the
// last purchase of it. The cycle is the catalog's replenishmentDays for the product.

import { catalogIndex } from "./catalog";
import { formatDaysAgo, formatEveryDays } from "./format";
import { accountHistory } from "./history";
import { clamp01, compareText, nonNegativeMoney } from "./score";
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from "./thresholds";
import type { AccountFlagInput, Flag, FlagContext } from "./types";

export const REPLENISHMENT_ACTION = "Offer a refill order.";

/**
 * One flag per active consumable whose last purchase is at least replenishmentDays + grace
 * days old, and not more than replenishmentMaxCycles cycles old (by then the account has
 * switched or left; the churn flag speaks for it).
 * Score = ½ + ¼ × min(1, (days since − cycle) / cycle): 0.5 on the day it runs out, 0.75 a
 * full cycle later and no more: a reminder, not an alarm, so a high churn risk of the same
 * account comes first. Early reminders (negative grace) score below 0.5.
 * valueAtStake = quantity of the last purchase × list price.
 */
export function replenishmentFlags(
  input: AccountFlagInput,
  context: Pick<FlagContext, "catalog">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const history = accountHistory(input.purchases, input.asOf);
  // Last purchase day (age) per product and the quantity bought that day; history is oldest first.
  const last = new Map<string, { ageDays: number; quantity: number }>();
  for (const purchase of history.purchases) {
    for (const line of purchase.lines) {
      const quantity = Number.isFinite(line.quantity) ? line.quantity : 0;
      const seen = last.get(line.productId);
      if (seen && seen.ageDays === purchase.ageDays) seen.quantity += quantity;
      else last.set(line.productId, { ageDays: purchase.ageDays, quantity });
    }
  }

  const catalog = catalogIndex(context.catalog);
  const flags: Flag[] = [];
  for (const [productId, { ageDays, quantity }] of last) {
    const product = catalog.byId.get(productId);
    // Archived products are not offered again; durables have no cycle.
    if (!product || product.archived) continue;
    const cycle = product.replenishmentDays;
    if (cycle === null || !Number.isFinite(cycle) || cycle <= 0) continue;
    if (ageDays < cycle + thresholds.replenishmentGraceDays) continue;
    if (ageDays > cycle * thresholds.replenishmentMaxCycles) continue;
    flags.push({
      type: "replenishment",
      score: clamp01(0.5 + 0.25 * Math.min(1, (ageDays - cycle) / cycle)),
      reason: `Last bought ${product.name} ${formatDaysAgo(ageDays)}; it usually runs out ${formatEveryDays(cycle)}.`,
      action: REPLENISHMENT_ACTION,
      valueAtStake: nonNegativeMoney(quantity * product.listPrice),
      details: {
        productId,
        category: product.category,
        daysSinceLastPurchase: ageDays,
        replenishmentDays: cycle,
        lastQuantity: quantity,
      },
    });
  }
  flags.sort(
    (a, b) =>
      b.score - a.score || b.valueAtStake - a.valueAtStake || compareText(String(a.details!.productId), String(b.details!.productId)),
  );
  return flags;
}
