// Upsell (docs/reference/product.md, "Flags"): the account buys a lower tier of a category in which a
// higher tier exists, or spends well below peers of its segment while ordering often.
// Peer gap and ranking follow docs/reference/clv-reference.md, "Heuristics": gap = max(0, P75 − spend),
// rank by gap × P(alive).

import { peerStatsFor } from "./context";
import { catalogIndex } from "./catalog";
import { formatCadence, formatMoney, formatPercent } from "./format";
import { YEAR_WINDOW_DAYS } from "@/lib/days";
import {
  accountHistory,
  annualizationFactor,
  median,
  ordersPerYearFromHistory,
  yearlySpendFromHistory,
  type AccountHistory,
} from "./history";
import { OPPORTUNITY_SCALE, clamp01, compareText, nonNegativeMoney, pAliveWeight } from "./score";
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from "./thresholds";
import type { AccountFlagInput, CatalogProduct, Flag, FlagContext } from "./types";

/** Buying a category monthly counts as fully regular for the tier-ladder score. */
const REGULAR_PURCHASES_PER_YEAR = 12;

export const UPSELL_PEER_GAP_ACTION = "Ask what they buy elsewhere; open an upsell deal.";

interface CategoryUsage {
  category: string;
  /** Highest tier rank bought in the last year: the step up starts from there. */
  tier: number;
  /** Distinct days with a purchase at that tier, oldest first (ages). */
  dayAges: number[];
  quantityByProduct: Map<string, number>;
  paidByProduct: Map<string, { amount: number; quantity: number }>;
  quantity: number;
}

function categoryUsageLastYear(history: AccountHistory): CategoryUsage[] {
  const byCategory = new Map<string, CategoryUsage>();
  for (const purchase of history.purchases) {
    if (purchase.ageDays >= YEAR_WINDOW_DAYS) continue;
    for (const line of purchase.lines) {
      if (line.tier === null || !Number.isFinite(line.tier)) continue;
      let usage = byCategory.get(line.category);
      if (!usage || line.tier > usage.tier) {
        // A higher tier resets the usage: the ladder starts from the best tier the account buys.
        usage = {
          category: line.category,
          tier: line.tier,
          dayAges: [],
          quantityByProduct: new Map(),
          paidByProduct: new Map(),
          quantity: 0,
        };
        byCategory.set(line.category, usage);
      }
      if (line.tier < usage.tier) continue;
      if (usage.dayAges[usage.dayAges.length - 1] !== purchase.ageDays) usage.dayAges.push(purchase.ageDays);
      const quantity = Number.isFinite(line.quantity) ? line.quantity : 0;
      usage.quantity += quantity;
      usage.quantityByProduct.set(line.productId, (usage.quantityByProduct.get(line.productId) ?? 0) + quantity);
      const paid = usage.paidByProduct.get(line.productId) ?? { amount: 0, quantity: 0 };
      paid.amount += quantity * (Number.isFinite(line.unitPrice) ? line.unitPrice : 0);
      paid.quantity += quantity;
      usage.paidByProduct.set(line.productId, paid);
    }
  }
  return [...byCategory.values()];
}

/** The product the account buys most at its tier (ties: lowest id, for determinism). */
function mainProduct(usage: CategoryUsage): string {
  let best: string | null = null;
  let bestQuantity = Number.NEGATIVE_INFINITY;
  for (const [productId, quantity] of usage.quantityByProduct) {
    if (quantity > bestQuantity || (quantity === bestQuantity && best !== null && productId < best)) {
      best = productId;
      bestQuantity = quantity;
    }
  }
  return best!;
}

/** The cheapest active product of the lowest tier above `tier`: the next rung, not the top. */
function nextTierProduct(candidates: readonly CatalogProduct[] | undefined, tier: number): CatalogProduct | null {
  if (!candidates) return null;
  // Sorted by tier rank, then list price, then id (catalog.ts), so the first match is the one.
  for (const product of candidates) if (product.tierRank !== null && product.tierRank > tier) return product;
  return null;
}

/**
 * Tier ladder: for each category the account buys regularly at a tier below the top of the
 * (non-archived) catalog, suggest the next tier up. valueAtStake = list-price step × yearly
 * quantity; score = ½ × regularity × P(alive), regularity = purchase days a year / 12.
 */
export function tierLadderFlags(
  input: AccountFlagInput,
  context: Pick<FlagContext, "catalog">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
  history: AccountHistory = accountHistory(input.purchases, input.asOf),
): Flag[] {
  const catalog = catalogIndex(context.catalog);
  const yearly = annualizationFactor(history);
  const weight = pAliveWeight(input.pAlive);
  const money = (amount: number) => formatMoney(amount, input.currency, input.locale);
  const flags: Flag[] = [];
  for (const usage of categoryUsageLastYear(history)) {
    if (usage.dayAges.length < thresholds.tierLadderMinPurchases) continue;
    const next = nextTierProduct(catalog.activeByCategory.get(usage.category), usage.tier);
    if (!next) continue;
    const fromId = mainProduct(usage);
    const fromProduct = catalog.byId.get(fromId);
    const paid = usage.paidByProduct.get(fromId)!;
    const fromPrice = fromProduct ? fromProduct.listPrice : paid.quantity > 0 ? paid.amount / paid.quantity : 0;
    const priceStep = next.listPrice - fromPrice;
    // A "higher" tier that does not cost more is no upsell.
    if (!(priceStep > 0)) continue;
    const yearlyQuantity = usage.quantity * yearly;
    const gaps: number[] = [];
    for (let i = 1; i < usage.dayAges.length; i++) gaps.push(usage.dayAges[i - 1] - usage.dayAges[i]);
    const typicalGap = median(gaps);
    const fromName = fromProduct?.name ?? fromId;
    const buys = typicalGap === null ? `Bought ${fromName} in the last year` : `Buys ${fromName} ${formatCadence(typicalGap)}`;
    const regularity = clamp01((usage.dayAges.length * yearly) / REGULAR_PURCHASES_PER_YEAR);
    flags.push({
      type: "upsell",
      score: OPPORTUNITY_SCALE * regularity * weight,
      reason: `${buys}; ${next.name} is the next tier (list ${money(fromPrice)} vs ${money(next.listPrice)}).`,
      action: `Offer ${next.name}; open an upsell deal.`,
      valueAtStake: nonNegativeMoney(priceStep * yearlyQuantity),
      details: {
        kind: "tier_ladder",
        productId: next.id,
        category: usage.category,
        fromProductId: fromId,
        fromTier: usage.tier,
        toTier: next.tierRank,
        toTierName: next.tierName,
        priceStep,
        yearlyQuantity,
      },
    });
  }
  flags.sort(
    (a, b) => b.valueAtStake - a.valueAtStake || b.score - a.score || compareText(String(a.details!.category), String(b.details!.category)),
  );
  return flags.slice(0, Math.max(0, thresholds.upsellMaxTierFlags));
}

/**
 * Peer gap: yearly spend at least upsellMinGapShare below the segment's peer percentile
 * while ordering at least upsellMinOrdersPerYear times. valueAtStake = gap; score =
 * ½ × gap / peerSpend × P(alive), so within a segment the order is gap × P(alive).
 */
export function peerGapFlag(
  input: AccountFlagInput,
  context: Pick<FlagContext, "segments" | "allAccounts">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
  history: AccountHistory = accountHistory(input.purchases, input.asOf),
): Flag | null {
  const peers = peerStatsFor(input.segment, context.segments, context.allAccounts);
  if (!peers || peers.peerSpend === null || !(peers.peerSpend > 0) || peers.accountCount < thresholds.upsellMinPeers) return null;
  const ordersPerYear = ordersPerYearFromHistory(history);
  if (ordersPerYear === 0 || ordersPerYear < thresholds.upsellMinOrdersPerYear) return null;
  const spend = yearlySpendFromHistory(history);
  const gap = Math.max(0, peers.peerSpend - spend);
  if (gap <= 0 || gap < thresholds.upsellMinGapShare * peers.peerSpend) return null;

  const money = (amount: number) => formatMoney(amount, input.currency, input.locale);
  const peerGroup = input.segment === null ? "all accounts" : `${input.segment} accounts`;
  const topShare = formatPercent(1 - peers.peerSpendPercentile);
  const orders = Math.round(ordersPerYear);
  const times = orders === 1 ? "once" : `${orders} times`;
  return {
    type: "upsell",
    score: OPPORTUNITY_SCALE * clamp01(gap / peers.peerSpend) * pAliveWeight(input.pAlive),
    reason:
      `Orders ${times} a year but spends ${money(spend)} a year; ` +
      `the top ${topShare} of ${peerGroup} spend ${money(peers.peerSpend)} or more.`,
    action: UPSELL_PEER_GAP_ACTION,
    valueAtStake: gap,
    details: {
      kind: "peer_gap",
      productId: null,
      category: null,
      segment: input.segment,
      yearlySpend: spend,
      ordersPerYear,
      peerSpend: peers.peerSpend,
      peerSpendPercentile: peers.peerSpendPercentile,
      gap,
    },
  };
}

/** All upsell flags of one account: tier-ladder steps first by value, then the peer gap. */
export function upsellFlags(
  input: AccountFlagInput,
  context: Pick<FlagContext, "catalog" | "segments" | "allAccounts">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const history = accountHistory(input.purchases, input.asOf);
  if (history.purchases.length === 0) return [];
  const flags = tierLadderFlags(input, context, thresholds, history);
  const peerGap = peerGapFlag(input, context, thresholds, history);
  if (peerGap) flags.push(peerGap);
  return flags;
}
