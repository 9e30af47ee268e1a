import { describe, expect, it } from "vitest";
import { at } from "@/lib/ltv/arrays";
import { account, context, line, product, purchase, regularOrders } from "./test-fixtures";
import { resolveFlagThresholds } from "./thresholds";
import { UPSELL_PEER_GAP_ACTION, peerGapFlag, tierLadderFlags, upsellFlags } from "./upsell";
import type { CatalogProduct, PurchaseInput, SegmentStats } from "./types";

const toner = (id: string, tierRank: number, listPrice: number, overrides: Partial<CatalogProduct> = {}) =>
  product(id, { name: `Toner ${id}`, category: "toner", tierRank, tierName: id, listPrice, ...overrides });

const catalog: CatalogProduct[] = [
  toner("Standard", 1, 40),
  // Cheaper than Premium and of the same tier: would be chosen if archived products counted.
  toner("Legacy", 2, 50, { archived: true }),
  toner("Premium", 2, 55),
  toner("Ultra", 3, 80),
  product("Paper", { category: "paper", listPrice: 5 }),
];

/** The account's first order was two years ago, so last-year figures need no annualising. */
const customerSince2023 = (purchases: PurchaseInput[]) => [...purchases, purchase(700, 100)];

/** Monthly toner orders, 2 units of `productId` (tier `tier`) each, the latest `lastAge` days ago. */
const monthlyToner = (count: number, productId = "Standard", tier = 1, lastAge = 10) =>
  customerSince2023(regularOrders(count, 30, lastAge, 80, [line(productId, { category: "toner", tier, quantity: 2, unitPrice: 40 })]));

describe("tierLadderFlags", () => {
  it("suggests the next tier up, not the top, with prices from the catalog", () => {
    const flags = tierLadderFlags(account({ purchases: monthlyToner(12) }), context({ catalog }));
    expect(flags).toHaveLength(1);
    const flag = at(flags, 0);
    expect(flag.type).toBe("upsell");
    expect(flag.reason).toBe("Buys Toner Standard monthly; Toner Premium is the next tier (list €40.00 vs €55.00).");
    expect(flag.action).toBe("Offer Toner Premium; open an upsell deal.");
    expect(flag.details).toMatchObject({ kind: "tier_ladder", productId: "Premium", category: "toner", fromTier: 1, toTier: 2 });
    // (55 − 40) × 24 units a year
    expect(flag.valueAtStake).toBeCloseTo(360, 9);
    // 12 purchase days a year = fully regular; P(alive) unknown counts as 1: ½ × 1 × 1
    expect(flag.score).toBeCloseTo(0.5, 9);
  });

  it("skips archived products when looking for the next tier", () => {
    const noPremium = catalog.filter((p) => p.id !== "Premium");
    const flags = tierLadderFlags(account({ purchases: monthlyToner(12) }), context({ catalog: noPremium }));
    expect(flags.map((f) => f.details!.productId)).toEqual(["Ultra"]);
    const onlyArchivedAbove = [toner("Standard", 1, 40), toner("Premium", 2, 55, { archived: true })];
    expect(tierLadderFlags(account({ purchases: monthlyToner(12) }), context({ catalog: onlyArchivedAbove }))).toEqual([]);
  });

  it("starts from the highest tier the account buys and stops at the top", () => {
    const premiumBuyer = tierLadderFlags(account({ purchases: monthlyToner(6, "Premium", 2) }), context({ catalog }));
    expect(premiumBuyer.map((f) => f.details!.productId)).toEqual(["Ultra"]);
    expect(tierLadderFlags(account({ purchases: monthlyToner(6, "Ultra", 3) }), context({ catalog }))).toEqual([]);
  });

  it("wants a buying habit: one purchase in the last year is not enough by default", () => {
    expect(tierLadderFlags(account({ purchases: monthlyToner(1) }), context({ catalog }))).toEqual([]);
    // Purchases older than a year do not count either.
    expect(tierLadderFlags(account({ purchases: monthlyToner(3, "Standard", 1, 400) }), context({ catalog }))).toEqual([]);
    const once = resolveFlagThresholds({ tierLadderMinPurchases: 1 });
    const flag = at(tierLadderFlags(account({ purchases: monthlyToner(1) }), context({ catalog }), once), 0);
    expect(flag.reason).toBe("Bought Toner Standard in the last year; Toner Premium is the next tier (list €40.00 vs €55.00).");
  });

  it("does not call a higher tier at the same or a lower price an upsell", () => {
    const flat = [toner("Standard", 1, 40), toner("Premium", 2, 40)];
    expect(tierLadderFlags(account({ purchases: monthlyToner(12) }), context({ catalog: flat }))).toEqual([]);
  });

  it("weighs the score by P(alive)", () => {
    const flag = at(tierLadderFlags(account({ purchases: monthlyToner(12), pAlive: 0.4 }), context({ catalog })), 0);
    expect(flag.score).toBeCloseTo(0.2, 9);
  });
});

const smbPeers: SegmentStats = { accountCount: 20, medianOrderGapDays: 30, peerSpend: 10_000, peerSpendPercentile: 0.75 };

describe("peerGapFlag", () => {
  // 12 orders of €300 over the last year: €3 600 a year.
  const frequentSmallBuyer = account({ purchases: customerSince2023(regularOrders(12, 30, 5, 300)) });

  it("flags frequent buyers who spend well below their segment's P75", () => {
    const flag = peerGapFlag(frequentSmallBuyer, context({ segments: { SMB: smbPeers } }));
    expect(flag).not.toBeNull();
    expect(flag!.reason).toBe("Orders 12 times a year but spends €3,600 a year; the top 25 % of SMB accounts spend €10,000 or more.");
    expect(flag!.action).toBe(UPSELL_PEER_GAP_ACTION);
    expect(flag!.valueAtStake).toBeCloseTo(6400, 9);
    // ½ × gap / P75 × P(alive = unknown → 1)
    expect(flag!.score).toBeCloseTo(0.32, 9);
  });

  it("ranks by gap × P(alive)", () => {
    const ctx = context({ segments: { SMB: smbPeers } });
    const sure = peerGapFlag(account({ ...frequentSmallBuyer, pAlive: 1 }), ctx)!;
    const doubtful = peerGapFlag(account({ ...frequentSmallBuyer, pAlive: 0.5 }), ctx)!;
    expect(doubtful.score).toBeCloseTo(sure.score / 2, 9);
  });

  it("needs frequent orders, a real gap and enough peers", () => {
    const ctx = context({ segments: { SMB: smbPeers } });
    // 4 orders a year: not "ordering often".
    expect(peerGapFlag(account({ purchases: customerSince2023(regularOrders(4, 90, 5, 300)) }), ctx)).toBeNull();
    // €8 000 a year: gap 2 000 < 25 % of 10 000.
    expect(peerGapFlag(account({ purchases: customerSince2023(regularOrders(10, 30, 5, 800)) }), ctx)).toBeNull();
    // €7 500: gap exactly 25 % → flagged.
    expect(peerGapFlag(account({ purchases: customerSince2023(regularOrders(10, 30, 5, 750)) }), ctx)).not.toBeNull();
    // Three peers are no benchmark.
    expect(peerGapFlag(frequentSmallBuyer, context({ segments: { SMB: { ...smbPeers, accountCount: 3 } } }))).toBeNull();
    // Unknown segment: no peers, no flag; no segment: compared with all accounts.
    expect(peerGapFlag(account({ ...frequentSmallBuyer, segment: "Enterprise" }), ctx)).toBeNull();
    const all = peerGapFlag(account({ ...frequentSmallBuyer, segment: null }), context({ allAccounts: smbPeers }));
    expect(all!.reason).toContain("of all accounts");
  });
});

describe("upsellFlags", () => {
  it("combines tier-ladder and peer-gap suggestions, none for an account without orders", () => {
    const input = account({ purchases: monthlyToner(12).map((p) => ({ ...p, total: 300 })) });
    const flags = upsellFlags(input, context({ catalog, segments: { SMB: smbPeers } }));
    expect(flags.map((f) => f.details!.kind)).toEqual(["tier_ladder", "peer_gap"]);
    expect(upsellFlags(account(), context({ catalog, segments: { SMB: smbPeers } }))).toEqual([]);
  });

  it("caps the tier suggestions per account, highest value first", () => {
    const categories = ["a", "b", "c", "d"];
    const ladder = categories.flatMap((c, i) => [
      product(`${c}1`, { category: c, tierRank: 1, listPrice: 10 }),
      product(`${c}2`, { category: c, tierRank: 2, listPrice: 20 + i }),
    ]);
    const purchases = [purchase(10), purchase(40)].map((p) => ({
      ...p,
      lines: categories.map((c) => line(`${c}1`, { category: c, tier: 1, quantity: 1, unitPrice: 10 })),
    }));
    const flags = tierLadderFlags(account({ purchases }), context({ catalog: ladder }));
    expect(flags.map((f) => f.details!.category)).toEqual(["d", "c", "b"]);
  });
});
