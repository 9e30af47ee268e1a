import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at } from "@/lib/ltv/arrays";
import {
  DENSE_PAIR_LIMIT,
  crossSellFlags,
  mineCategoryAssociations,
  type AssociationMiningOptions,
  type CategoryBasket,
} from "./cross-sell";
import { account, context, line, product, purchase, seededRandom } from "./test-fixtures";
import { resolveFlagThresholds } from "./thresholds";
import type { CategoryAssociationRule, PurchaseInput } from "./types";

/*
 * Hand-computed basket set, N = 10 accounts; P = Printers, S = Service plans, T = Toner.
 *   a1 P S   a2 P S   a3 P S   a4 P T   a5 S   a6 T   a7 T   a8 S T   a9 P S T   a10 T
 * N(P) = 5 (a1 a2 a3 a4 a9), N(S) = 6 (a1 a2 a3 a5 a8 a9), N(T) = 6 (a4 a6 a7 a8 a9 a10)
 * N(P∪S) = 4 (a1 a2 a3 a9), N(P∪T) = 2 (a4 a9), N(S∪T) = 2 (a8 a9)
 * P → S: support 4/10 = 0.4, confidence 4/5 = 0.8, lift 0.8 / (6/10) = 4/3
 * S → P: support 0.4, confidence 4/6 = 2/3, lift (2/3) / (5/10) = 4/3
 * P → T: confidence 2/5, lift 0.4 / 0.6 = 2/3 (< 1); T → P: lift (2/6) / 0.5 = 2/3
 * S → T and T → S: confidence 2/6, lift (1/3) / 0.6 = 5/9 (< 1)
 */
const handBaskets: CategoryBasket[] = [
  { accountId: "a1", categories: ["P", "S"] },
  { accountId: "a2", categories: new Set(["P", "S"]) },
  { accountId: "a3", categories: ["S", "P"] },
  { accountId: "a4", categories: ["P", "T"] },
  { accountId: "a5", categories: ["S"] },
  { accountId: "a6", categories: ["T"] },
  { accountId: "a7", categories: ["T", "T"] },
  { accountId: "a8", categories: ["S", "T"] },
  { accountId: "a9", categories: ["P", "S", "T"] },
  { accountId: "a10", categories: ["T"] },
];

const handOptions: AssociationMiningOptions = { minLift: 1.2, minSupport: 0.02, minAccounts: 5 };

describe("mineCategoryAssociations", () => {
  it("gives exact support, confidence and lift on a hand-computed basket set", () => {
    const rules = mineCategoryAssociations(handBaskets, handOptions);
    expect(rules.map((r) => `${r.antecedent}→${r.consequent}`)).toEqual(["P→S", "S→P"]);
    const ps = at(rules, 0);
    const sp = at(rules, 1);
    expect(ps).toMatchObject({ antecedentAccounts: 5, consequentAccounts: 6, bothAccounts: 4, totalAccounts: 10 });
    expect(ps.support).toBeCloseTo(0.4, 12);
    expect(ps.confidence).toBeCloseTo(0.8, 12);
    expect(ps.lift).toBeCloseTo(4 / 3, 12);
    expect(sp.support).toBeCloseTo(0.4, 12);
    expect(sp.confidence).toBeCloseTo(2 / 3, 12);
    expect(sp.lift).toBeCloseTo(4 / 3, 12);
  });

  it("applies each floor: N(A), support and lift", () => {
    // N(P) = 5 < 6 drops P → S; S → P stays (N(S) = 6).
    expect(mineCategoryAssociations(handBaskets, { ...handOptions, minAccounts: 6 }).map((r) => r.antecedent)).toEqual(["S"]);
    // support 0.4 is not ≥ 0.41.
    expect(mineCategoryAssociations(handBaskets, { ...handOptions, minSupport: 0.41 })).toEqual([]);
    expect(mineCategoryAssociations(handBaskets, { ...handOptions, minSupport: 0.4 })).toHaveLength(2);
    // lift 4/3 must be strictly above the floor.
    expect(mineCategoryAssociations(handBaskets, { ...handOptions, minLift: 4 / 3 })).toEqual([]);
  });

  it("merges baskets given twice for one account and counts empty baskets in N", () => {
    const split = handBaskets.flatMap((b) =>
      b.accountId === "a1"
        ? [
            { accountId: "a1", categories: ["P"] },
            { accountId: "a1", categories: ["S"] },
          ]
        : [b],
    );
    expect(mineCategoryAssociations(split, handOptions)).toEqual(mineCategoryAssociations(handBaskets, handOptions));
    const withEmpty = [...handBaskets, { accountId: "a11", categories: [] }];
    expect(mineCategoryAssociations(withEmpty, handOptions)[0]?.totalAccounts).toBe(11);
  });

  it("returns nothing for no baskets or a single category", () => {
    expect(mineCategoryAssociations([], handOptions)).toEqual([]);
    expect(mineCategoryAssociations([{ accountId: "a", categories: ["P"] }], handOptions)).toEqual([]);
  });

  it("equals a brute-force count on random basket sets", () => {
    const pool = ["A", "B", "C", "D", "E", "F"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ accountId: fc.integer({ min: 0, max: 40 }).map(String), categories: fc.subarray(pool) }), {
          maxLength: 80,
        }),
        fc.record({
          minLift: fc.double({ min: 1, max: 2.5, noNaN: true }),
          minSupport: fc.double({ min: 0, max: 0.3, noNaN: true }),
          minAccounts: fc.integer({ min: 1, max: 6 }),
        }),
        (baskets, options) => {
          expectSameRules(mineCategoryAssociations(baskets, options), bruteForceRules(baskets, options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts pairs correctly when there are too many categories for the dense matrix", () => {
    const random = seededRandom(7);
    const tail = DENSE_PAIR_LIMIT + 100;
    // Every tail category appears (so K > DENSE_PAIR_LIMIT and the Map counter runs); a few
    // popular categories share many accounts, so rules exist.
    const baskets = Array.from({ length: tail + 100 }, (_, i) => ({
      accountId: `acc-${i}`,
      categories: [
        `tail-${i % tail}`,
        `tail-${(i * 7) % tail}`,
        ...Array.from({ length: 1 + Math.floor(random() * 5) }, () => `popular-${Math.floor(random() * 12)}`),
      ],
    }));
    expect(new Set(baskets.flatMap((b) => b.categories)).size).toBeGreaterThan(DENSE_PAIR_LIMIT);
    const options = { minLift: 1, minSupport: 0, minAccounts: 2 };
    const rules = mineCategoryAssociations(baskets, options);
    expect(rules.length).toBeGreaterThan(0);
    expectSameRules(rules, bruteForceRules(baskets, options));
  });

  it("mines 100 000 accounts in one pass and the counts check out", () => {
    const random = seededRandom(42);
    const categories = Array.from({ length: 15 }, (_, i) => `cat-${i}`);
    const baskets: CategoryBasket[] = [];
    for (let i = 0; i < 100_000; i++) {
      const set = new Set<string>();
      for (let j = 0; j < 10; j++) set.add(at(categories, Math.floor(random() * categories.length)));
      // Printers (cat-0) pull service plans (cat-1) along: a planted association.
      if (set.has("cat-0") && random() < 0.8) set.add("cat-1");
      baskets.push({ accountId: `acc-${i}`, categories: set });
    }
    const rules = mineCategoryAssociations(baskets, handOptions);
    const planted = rules.find((r) => r.antecedent === "cat-0" && r.consequent === "cat-1");
    expect(planted).toBeDefined();
    const direct = (pred: (s: ReadonlySet<string>) => boolean) => baskets.filter((b) => pred(b.categories as Set<string>)).length;
    expect(planted!.antecedentAccounts).toBe(direct((s) => s.has("cat-0")));
    expect(planted!.consequentAccounts).toBe(direct((s) => s.has("cat-1")));
    expect(planted!.bothAccounts).toBe(direct((s) => s.has("cat-0") && s.has("cat-1")));
    expect(planted!.totalAccounts).toBe(100_000);
    for (const rule of rules) expect(rule.lift).toBeGreaterThan(1.2);
  });
});

/** Per category the set of accounts buying it; N(A∪C) by set intersection over every ordered pair. */
function bruteForceRules(baskets: readonly CategoryBasket[], options: AssociationMiningOptions): CategoryAssociationRule[] {
  const accounts = new Set(baskets.map((b) => b.accountId));
  const buyers = new Map<string, Set<string>>();
  for (const b of baskets) {
    for (const c of b.categories) {
      if (!buyers.has(c)) buyers.set(c, new Set());
      buyers.get(c)!.add(b.accountId);
    }
  }
  const n = accounts.size;
  const rules: CategoryAssociationRule[] = [];
  for (const [a, accA] of buyers) {
    for (const [c, accC] of buyers) {
      if (a === c) continue;
      let both = 0;
      for (const id of accA) if (accC.has(id)) both++;
      if (both === 0) continue;
      const support = both / n;
      const confidence = both / accA.size;
      const lift = confidence / (accC.size / n);
      // Filter on the integer form of lift so a lift of exactly 1 does not round across a floor of 1.
      const exactLift = (both * n) / (accA.size * accC.size);
      if (accA.size >= options.minAccounts && support >= options.minSupport && exactLift > options.minLift) {
        rules.push({
          antecedent: a,
          consequent: c,
          support,
          confidence,
          lift,
          antecedentAccounts: accA.size,
          consequentAccounts: accC.size,
          bothAccounts: both,
          totalAccounts: n,
        });
      }
    }
  }
  return rules;
}

function expectSameRules(actual: CategoryAssociationRule[], expected: CategoryAssociationRule[]) {
  const key = (r: CategoryAssociationRule) => `${r.antecedent}→${r.consequent}`;
  const byKey = new Map(actual.map((r) => [key(r), r]));
  expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
  for (const e of expected) {
    const a = byKey.get(key(e))!;
    expect([a.antecedentAccounts, a.consequentAccounts, a.bothAccounts, a.totalAccounts]).toEqual([
      e.antecedentAccounts,
      e.consequentAccounts,
      e.bothAccounts,
      e.totalAccounts,
    ]);
    expect(a.support).toBeCloseTo(e.support, 12);
    expect(a.confidence).toBeCloseTo(e.confidence, 12);
    expect(a.lift).toBeCloseTo(e.lift, 9);
  }
}

// --- the account flag ----------------------------------------------------------

const handRules = mineCategoryAssociations(handBaskets, handOptions);
const crossCatalog = [
  product("printer-1", { category: "P", listPrice: 900 }),
  product("plan-1", { category: "S", listPrice: 300 }),
  product("toner-1", { category: "T", listPrice: 40 }),
];
const crossContext = context({
  catalog: crossCatalog,
  categoryRules: handRules,
  categoryAverageOrderValue: { S: 500, P: 1000 },
  categoryNames: { P: "Printers", S: "Service plans", T: "Toner" },
});
const buying = (...categories: string[]): PurchaseInput[] => [
  purchase(
    20,
    100,
    categories.map((c) => line(`${c}-item`, { category: c })),
  ),
];

describe("crossSellFlags", () => {
  it("recommends a category the account lacks, in the product's words", () => {
    const flags = crossSellFlags(account({ purchases: buying("P") }), crossContext);
    expect(flags).toHaveLength(1);
    const flag = at(flags, 0);
    expect(flag.type).toBe("cross_sell");
    expect(flag.reason).toBe("80 % of accounts buying Printers also buy Service plans (lift 1.3); this account does not.");
    expect(flag.action).toBe("Offer Service plans; open a cross-sell deal.");
    // confidence × expected order value of S
    expect(flag.valueAtStake).toBeCloseTo(0.8 * 500, 9);
    // ½ × (confidence − support(S)) = ½ × (0.8 − 0.6)
    expect(flag.score).toBeCloseTo(0.1, 12);
    expect(flag.details).toMatchObject({ category: "S", antecedentCategory: "P" });
  });

  it("says nothing when the account already buys the category", () => {
    expect(crossSellFlags(account({ purchases: buying("P", "S") }), crossContext)).toEqual([]);
    expect(crossSellFlags(account({ purchases: [] }), crossContext)).toEqual([]);
  });

  it("works in the other direction and falls back to list prices for the order value", () => {
    const flag = at(crossSellFlags(account({ purchases: buying("S") }), { ...crossContext, categoryAverageOrderValue: {} }), 0);
    expect(flag.reason).toBe("67 % of accounts buying Service plans also buy Printers (lift 1.3); this account does not.");
    expect(flag.valueAtStake).toBeCloseTo((2 / 3) * 900, 9);
  });

  it("does not recommend a category without an active product", () => {
    const archivedPlans = crossCatalog.map((p) => (p.category === "S" ? { ...p, archived: true } : p));
    expect(crossSellFlags(account({ purchases: buying("P") }), { ...crossContext, catalog: archivedPlans })).toEqual([]);
  });

  it("re-checks cached rules against the current thresholds", () => {
    const strict = resolveFlagThresholds({ crossSellMinLift: 1.5 });
    expect(crossSellFlags(account({ purchases: buying("P") }), crossContext, strict)).toEqual([]);
    const confident = resolveFlagThresholds({ crossSellMinConfidence: 0.85 });
    expect(crossSellFlags(account({ purchases: buying("P") }), crossContext, confident)).toEqual([]);
  });

  it("keeps the best rule per target category and at most three flags", () => {
    const rule = (antecedent: string, consequent: string, confidence: number, lift: number): CategoryAssociationRule => ({
      antecedent,
      consequent,
      confidence,
      lift,
      support: 0.1,
      antecedentAccounts: 100,
      consequentAccounts: Math.round((confidence / lift) * 1000),
      bothAccounts: 100,
      totalAccounts: 1000,
    });
    const rules = [
      rule("A", "X1", 0.5, 2),
      rule("B", "X1", 0.9, 3), // better rule for the same target X1
      rule("A", "X2", 0.6, 2),
      rule("A", "X3", 0.4, 2),
      rule("A", "X4", 0.3, 2),
    ];
    const catalogX = ["X1", "X2", "X3", "X4"].map((c) => product(`${c}-p`, { category: c }));
    const flags = crossSellFlags(account({ purchases: buying("A", "B") }), context({ catalog: catalogX, categoryRules: rules }));
    expect(flags.map((f) => `${f.details!.antecedentCategory}→${f.details!.category}`)).toEqual(["B→X1", "A→X2", "A→X3"]);
  });
});
