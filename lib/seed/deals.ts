// The demo accounts' deals: open ones in the pipeline and closed ones tied to past orders.
import { at } from "@/lib/ltv/arrays";
import type { Rng } from "@/lib/random";
import { decimalStringFromCents } from "@/lib/money";
import type { Archetype, Segment, SEGMENT_PROFILES } from "./catalog";
import { DAY, HOUR, businessTime, startOfUtcDay } from "./helpers";
import type {
  CatalogIndex,
  CategoryHabit,
  DealStageName,
  DealTypeName,
  InternalProduct,
  SeedAccount,
  SeedDeal,
  SeedPurchase,
  SeedUser,
} from "./shapes";

const STAGE_PROBABILITY: Readonly<Record<DealStageName, number>> = {
  LEAD: 10,
  QUALIFIED: 25,
  PROPOSAL: 50,
  NEGOTIATION: 70,
  WON: 100,
  LOST: 0,
};
const TYPE_LABEL: Readonly<Record<DealTypeName, string>> = {
  NEW: "First order",
  UPSELL: "Upsell",
  CROSS_SELL: "Cross-sell",
  RENEWAL: "Renewal",
};

export function generateDeals(
  rng: Rng,
  ctx: {
    account: SeedAccount;
    archetype: Archetype;
    profile: (typeof SEGMENT_PROFILES)[Segment];
    owner: SeedUser;
    habits: CategoryHabit[];
    catalog: CatalogIndex;
    purchases: SeedPurchase[];
    asOfMs: number;
    acquiredDay: number;
    quantityScale: number;
  },
): SeedDeal[] {
  const { account, archetype, profile, owner, habits, catalog, purchases, asOfMs, acquiredDay } = ctx;
  const deals: SeedDeal[] = [];
  const active = archetype === "steady" || archetype === "growing" || archetype === "new";
  const openCount = rng.poisson(profile.openDeals * (active ? 1 : 0.35));
  const bought = new Set(habits.map((h) => h.category));
  const missing = catalog.categoryNames.filter((c) => !bought.has(c));

  const target = (type: DealTypeName): InternalProduct | null => {
    if (type === "UPSELL") {
      const ladder = habits.filter((h) => h.tier < h.tiers.length - 1);
      if (ladder.length === 0) return null;
      const habit = rng.pick(ladder);
      return at(habit.tiers, habit.tier + 1, "tiers");
    }
    if (type === "CROSS_SELL") {
      if (missing.length === 0) return null;
      const families = catalog.byCategory.get(rng.pick(missing))!.families;
      const tiers = rng.pick(families);
      return at(tiers, Math.min(1, tiers.length - 1), "tiers");
    }
    if (type === "RENEWAL") {
      const renewals = habits.filter((h) => h.kind === "renewal");
      if (renewals.length === 0) return null;
      const habit = rng.pick(renewals);
      return at(habit.tiers, habit.tier, "tiers");
    }
    const habit = rng.pick(habits);
    return at(habit.tiers, habit.tier, "tiers");
  };

  const amountFor = (product: InternalProduct): string => {
    const units = Math.max(1, Math.round(product.baseQuantity * ctx.quantityScale * rng.range(3, 12)));
    return decimalStringFromCents(units * product.listCents);
  };

  for (let d = 0; d < openCount; d++) {
    const type: DealTypeName =
      archetype === "new" && d === 0
        ? "NEW"
        : rng.weighted([
            ["UPSELL", 0.4],
            ["CROSS_SELL", 0.35],
            ["RENEWAL", 0.15],
            ["NEW", 0.1],
          ] as const);
    const product = target(type) ?? target("CROSS_SELL") ?? target("NEW");
    if (!product) continue;
    const stage = rng.weighted([
      ["LEAD", 0.3],
      ["QUALIFIED", 0.3],
      ["PROPOSAL", 0.25],
      ["NEGOTIATION", 0.15],
    ] as const);
    const createdMs = Math.max(acquiredDay + 9 * HOUR, asOfMs - rng.range(5, 120) * DAY);
    deals.push({
      id: rng.uuid(),
      accountId: account.id,
      ownerId: owner.id,
      title: `${TYPE_LABEL[type]}: ${product.name}`,
      stage,
      type,
      amount: amountFor(product),
      probability: STAGE_PROBABILITY[stage],
      expectedCloseAt: new Date(startOfUtcDay(asOfMs + rng.range(7, 120) * DAY)),
      closedAt: null,
      productId: product.id,
      createdAt: new Date(createdMs),
      updatedAt: new Date(Math.min(asOfMs, createdMs + rng.range(0, 20) * DAY)),
    });
  }

  // Closed deals in the past: a won deal became one of the account's later orders.
  const closedCount = purchases.length > 1 ? rng.poisson(0.5) : 0;
  const used = new Set<number>();
  for (let d = 0; d < closedCount; d++) {
    const won = rng.chance(0.55);
    const type = rng.weighted([
      ["UPSELL", 0.4],
      ["CROSS_SELL", 0.3],
      ["RENEWAL", 0.3],
    ] as const);
    if (won) {
      const p = rng.int(1, purchases.length - 1);
      if (used.has(p)) continue;
      used.add(p);
      const purchase = at(purchases, p, "purchases");
      const closedMs = purchase.purchasedAt.getTime();
      const createdMs = Math.max(acquiredDay + 9 * HOUR, closedMs - rng.range(10, 60) * DAY);
      const dealId = rng.uuid();
      purchase.dealId = dealId;
      const productId = at(purchase.lines, 0, "lines").productId;
      const productName = catalogProductName(catalog, productId);
      deals.push({
        id: dealId,
        accountId: account.id,
        ownerId: owner.id,
        title: `${TYPE_LABEL[type]}: ${productName}`,
        stage: "WON",
        type,
        amount: purchase.total,
        probability: 100,
        expectedCloseAt: new Date(startOfUtcDay(closedMs + rng.range(-10, 10) * DAY)),
        closedAt: new Date(closedMs),
        productId,
        createdAt: new Date(createdMs),
        updatedAt: new Date(closedMs),
      });
    } else {
      const product = target(type) ?? target("NEW");
      if (!product) continue;
      const closedMs = businessTime(rng, rng.range(at(purchases, 0, "purchases").purchasedAt.getTime(), asOfMs - 2 * DAY));
      if (closedMs > asOfMs) continue;
      const createdMs = Math.max(acquiredDay + 9 * HOUR, closedMs - rng.range(10, 60) * DAY);
      deals.push({
        id: rng.uuid(),
        accountId: account.id,
        ownerId: owner.id,
        title: `${TYPE_LABEL[type]}: ${product.name}`,
        stage: "LOST",
        type,
        amount: amountFor(product),
        probability: 0,
        expectedCloseAt: new Date(startOfUtcDay(closedMs + rng.range(-10, 10) * DAY)),
        closedAt: new Date(closedMs),
        productId: product.id,
        createdAt: new Date(createdMs),
        updatedAt: new Date(closedMs),
      });
    }
  }
  return deals;
}

function catalogProductName(catalog: CatalogIndex, productId: string): string {
  for (const entry of catalog.byCategory.values())
    for (const tiers of entry.families) for (const p of tiers) if (p.id === productId) return p.name;
  return "order";
}
