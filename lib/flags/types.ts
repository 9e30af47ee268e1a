// Shared types of the flags module. Everything here is plain data so the caller can
// build it from database rows (Decimals converted to numbers) and cache the portfolio
// part between requests; nothing imports Prisma, Next or React (docs/reference/style.md).

export type FlagType = "churn_risk" | "upsell" | "cross_sell" | "replenishment";

export interface Flag {
  type: FlagType;
  /** 0..1, higher = more urgent. */
  score: number;
  /** One sentence a sales rep understands, numbers already rounded and formatted. */
  reason: string;
  /** Suggested next step, imperative. */
  action: string;
  /** Money (in the account's currency), >= 0; attentionScore() weighs it by score. */
  valueAtStake: number;
  /** Machine-readable facts behind the flag, for one-tap actions (productId, category, …). */
  details?: Record<string, string | number | boolean | null>;
}

// ---------------------------------------------------------------------------
// Account-level input: one account with its purchase history.

export interface PurchaseLineInput {
  productId: string;
  /** Category key as stored on the product (also the key of the association rules). */
  category: string;
  /** Rank of the product's tier within its category, 1 = lowest; null when the category has no tiers. */
  tier: number | null;
  quantity: number;
  unitPrice: number;
}

export interface PurchaseInput {
  purchasedAt: Date;
  /** Order total as booked (the lines may be incomplete; revenue figures use this). */
  total: number;
  lines: readonly PurchaseLineInput[];
}

export interface AccountFlagInput {
  accountId: string;
  /** Peer group key (e.g. "SMB", or "SMB|10-49" for segment × size); null = unsegmented. */
  segment: string | null;
  /** The moment the flags are computed for; purchases after it are ignored. */
  asOf: Date;
  /** Any order; purchases dated after asOf are ignored. */
  purchases: readonly PurchaseInput[];
  /** P(active), the model's P(alive); null while no model has been fitted. */
  pAlive: number | null;
  /**
   * The model's probability of no order in the next 90 days (lib/ltv/churn-probability.ts pNoOrder90);
   * null while no model has been fitted. When set, churn risk comes from it alone.
   */
  pNoOrder90: number | null;
  /** Predicted CLV from BG/NBD × Gamma-Gamma; null while no model has been fitted. */
  predictedClv: number | null;
  averageOrderValue: number | null;
  /** ISO 4217 code used to format money in sentences, e.g. "EUR". */
  currency: string;
  /** BCP 47 locale for number formatting; default "en-US" (sentences are English). */
  locale?: string;
}

// ---------------------------------------------------------------------------
// Catalog.

export interface CatalogProduct {
  id: string;
  name: string;
  category: string;
  /** 1 = lowest tier of the category; null when not part of a tier ladder. */
  tierRank: number | null;
  tierName: string | null;
  listPrice: number;
  /** Days a typical purchase lasts for consumables; null for durables. */
  replenishmentDays: number | null;
  archived: boolean;
}

// ---------------------------------------------------------------------------
// Portfolio context: computed once per request or model refit and cached by the caller.

export interface SegmentStats {
  /** Accounts with spend in the last year that the percentile was computed over. */
  accountCount: number;
  /** Median over accounts of each account's usual order gap (days); null when unknown. */
  medianOrderGapDays: number | null;
  /** Yearly spend at `peerSpendPercentile` among the segment's accounts; null when unknown. */
  peerSpend: number | null;
  /** The percentile peerSpend was taken at, e.g. 0.75 (used in the sentence). */
  peerSpendPercentile: number;
}

/** Rule A → C mined over account baskets of categories (see cross-sell.ts). */
export interface CategoryAssociationRule {
  antecedent: string;
  consequent: string;
  /** N(A ∪ C) / N */
  support: number;
  /** support(A ∪ C) / support(A) */
  confidence: number;
  /** confidence / support(C) */
  lift: number;
  /** N(A): accounts buying the antecedent. */
  antecedentAccounts: number;
  /** N(C) */
  consequentAccounts: number;
  /** N(A ∪ C): accounts buying both. */
  bothAccounts: number;
  /** N: all baskets mined. */
  totalAccounts: number;
}

export interface FlagContext {
  /** The full catalog, archived products included (they are skipped where it matters). */
  catalog: readonly CatalogProduct[];
  /** Stats per segment key (see AccountFlagInput.segment). */
  segments: Readonly<Record<string, SegmentStats>>;
  /** Stats over all accounts: fallback for unsegmented accounts or thin segments. */
  allAccounts: SegmentStats | null;
  /** Output of mineCategoryAssociations(). */
  categoryRules: readonly CategoryAssociationRule[];
  /** Average value of category C in an order containing C, per category key. */
  categoryAverageOrderValue: Readonly<Record<string, number>>;
  /** Display names per category key; the key itself is shown when absent. */
  categoryNames?: Readonly<Record<string, string>>;
}
