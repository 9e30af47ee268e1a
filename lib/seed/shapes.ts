// The demo generator's output shapes (Prisma field names; money as decimal strings), and the
// catalog index the account and deal generators share.
import type { Archetype, CategoryKind, Segment } from "./catalog";

export type RoleName = "ADMIN" | "MANAGER" | "REP";
export type AccountStatusName = "ACTIVE" | "PROSPECT" | "CHURNED" | "ARCHIVED";
export type DecisionRoleName = "DECISION_MAKER" | "INFLUENCER" | "USER" | "GATEKEEPER" | "OTHER";
export type VisitTypeName = "VISIT" | "CALL" | "EMAIL" | "MEETING";
export type DealStageName = "LEAD" | "QUALIFIED" | "PROPOSAL" | "NEGOTIATION" | "WON" | "LOST";
export type DealTypeName = "NEW" | "UPSELL" | "CROSS_SELL" | "RENEWAL";

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: RoleName;
  createdAt: Date;
}

export interface SeedCategory {
  id: string;
  name: string;
}

export interface SeedProduct {
  id: string;
  sku: string;
  name: string;
  categoryId: string;
  categoryName: string;
  tierRank: number | null;
  tierName: string | null;
  listPrice: string;
  unitCost: string;
  replenishmentDays: number | null;
  createdAt: Date;
}

export interface SeedCostSettings {
  id: string;
  segment: string | null;
  effectiveFrom: Date;
  acquisitionCost: string;
  retentionCostPerYear: string;
  grossMargin: string;
  discountRateYearly: string;
  horizonMonths: number;
  lifespanCapYears: string;
  defaultLifespanYears: string;
  flagThresholds: Record<string, unknown>;
  createdById: string | null;
  createdAt: Date;
}

export interface SeedReference {
  users: SeedUser[];
  categories: SeedCategory[];
  products: SeedProduct[];
  costSettings: SeedCostSettings[];
}

export interface SeedAccount {
  id: string;
  externalId: string;
  name: string;
  ownerId: string;
  segment: Segment;
  industry: string;
  region: string;
  /** EUR for most; GBP, USD or CHF for some (lib/seed/currencies.ts). */
  currency: string;
  /** A calendar date (UTC midnight). */
  acquiredAt: Date;
  acquisitionChannel: string;
  acquisitionCostOverride: string | null;
  status: AccountStatusName;
  createdAt: Date;
}

export interface SeedContact {
  id: string;
  accountId: string;
  externalId: string;
  name: string;
  title: string;
  email: string;
  phone: string | null;
  decisionRole: DecisionRoleName;
  createdAt: Date;
}

export interface SeedPurchaseLine {
  id: string;
  purchaseId: string;
  productId: string;
  quantity: number;
  unitPrice: string;
  unitCost: string;
  lineTotal: string;
}

export interface SeedPurchase {
  id: string;
  accountId: string;
  externalId: string;
  purchasedAt: Date;
  total: string;
  grossProfit: string;
  loggedById: string;
  dealId: string | null;
  lines: SeedPurchaseLine[];
  /** The order in the reporting currency (EUR) at its day's rate; null without a rate (decision 0015). */
  reportingTotal?: string | null;
  reportingGrossProfit?: string | null;
}

export interface SeedVisit {
  id: string;
  accountId: string;
  contactId: string | null;
  repId: string;
  type: VisitTypeName;
  occurredAt: Date;
  outcome: string;
  notes: string;
  nextStep: string | null;
}

export interface SeedDeal {
  id: string;
  accountId: string;
  ownerId: string;
  title: string;
  stage: DealStageName;
  type: DealTypeName;
  amount: string;
  probability: number;
  /** A calendar date (UTC midnight). */
  expectedCloseAt: Date | null;
  closedAt: Date | null;
  productId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One account with everything that hangs off it. */
export interface SeedAccountBundle {
  index: number;
  archetype: Archetype;
  /**
   * The last order of an account that lapsed (DEMO_DROPOUT, CHURNED_DROPOUT): it never orders again.
   * Set for every "churned" account; null for accounts still buying and for one-off and new ones.
   */
  lapsedAt: Date | null;
  account: SeedAccount;
  contacts: SeedContact[];
  purchases: SeedPurchase[];
  visits: SeedVisit[];
  deals: SeedDeal[];
}

export interface CatalogIndex {
  /** Products per category, indexed [family][tierIndex] (tierIndex 0 for untiered). */
  byCategory: Map<string, { kind: CategoryKind; extraWeight: number; families: InternalProduct[][] }>;
  categoryNames: string[];
}

export interface InternalProduct {
  id: string;
  name: string;
  categoryName: string;
  tierRank: number | null;
  listCents: number;
  costCents: number;
  cycleDays: number | null;
  baseQuantity: number;
}

/** What an account buys in one category: its usual product line and tier. */
export interface CategoryHabit {
  category: string;
  kind: CategoryKind;
  extraWeight: number;
  /** The tiers of its product family (one of the category's families). */
  tiers: InternalProduct[];
  /** Index into tiers (0 = basic). */
  tier: number;
  /** Days between re-buys (consumables: the product's cycle; renewals: a year). */
  cycleDays: number | null;
  lastBoughtAt: number;
}
