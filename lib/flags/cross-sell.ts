// Cross-sell (docs/reference/product.md, "Flags"): accounts that buy category A also buy category C far
// more often than average, and this account buys A but not C. Rules are mined over one
// basket per account (the categories it ever bought), as in docs/reference/clv-reference.md, "Heuristics":
// support = N(A∪C)/N, confidence = support(A∪C)/support(A), lift = confidence/support(C).

import { at, ownValue } from "@/lib/ltv/arrays";
import { catalogIndex } from "./catalog";
import { formatLift, formatPercent } from "./format";
import { accountHistory } from "./history";
import { OPPORTUNITY_SCALE, clamp01, compareText, nonNegativeMoney, pAliveWeight } from "./score";
import { DEFAULT_FLAG_THRESHOLDS, type FlagThresholds } from "./thresholds";
import type { AccountFlagInput, CategoryAssociationRule, Flag, FlagContext } from "./types";

export interface CategoryBasket {
  accountId: string;
  categories: ReadonlySet<string> | readonly string[];
}

export interface AssociationMiningOptions {
  /** Keep rules with lift strictly above this (> 1). */
  minLift: number;
  /** Keep rules with support(A ∪ C) at least this. */
  minSupport: number;
  /** Keep rules whose antecedent has at least this many accounts, N(A). */
  minAccounts: number;
}

/** Above this many categories the K × K pair matrix would be too large; count pairs in a Map. */
export const DENSE_PAIR_LIMIT = 1024;

/**
 * Mines rules A → C over account baskets. N counts every distinct account passed (so pass
 * only accounts that bought something); baskets repeated under one accountId are merged.
 * Cost: one pass over the baskets counting categories and category pairs per basket,
 * O(Σ k²) for baskets of k categories (≈ 45 pairs for 10 categories), never accounts × accounts.
 * Output order: lift desc, confidence desc, antecedent, consequent.
 */
export function mineCategoryAssociations(
  baskets: Iterable<CategoryBasket>,
  options: Partial<AssociationMiningOptions> = {},
): CategoryAssociationRule[] {
  const basketOfAccount = new Map<string, Set<string>>();
  for (const basket of baskets) {
    let categories = basketOfAccount.get(basket.accountId);
    if (!categories) basketOfAccount.set(basket.accountId, (categories = new Set()));
    for (const category of basket.categories) categories.add(category);
  }
  const counts = new CategoryCounts();
  for (const categories of basketOfAccount.values()) counts.add(categories);
  return counts.rules(options);
}

// Pair keys of the sparse counter: a · 2^26 + c stays an exact integer for 2^26 categories.
const PAIR_KEY_SCALE = 2 ** 26;

/**
 * The counts the rules come from, fed one account at a time: accounts, N(A) per category and
 * N(A∪C) per pair. For a caller whose accounts are distinct already (the refit's million
 * summaries), which then needs no map from account to basket (~3 s of the refit at 1 000 000).
 */
export class CategoryCounts {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly single: number[] = [];
  // pairs[a][c] for a < c < DENSE_PAIR_LIMIT; pairs with a larger id in a Map.
  private readonly pairs: number[][] = [];
  private readonly sparse = new Map<number, number>();
  private accounts = 0;
  private readonly basket: number[] = [];

  /** One account's categories (an account passed twice counts twice: merge first). */
  add(categories: Iterable<string>): void {
    this.accounts++;
    const ids = this.basket;
    ids.length = 0;
    for (const category of categories) {
      let id = this.ids.get(category);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(category, id);
        this.names.push(category);
        this.single.push(0);
        if (id < DENSE_PAIR_LIMIT) this.pairs.push([]);
      }
      ids.push(id);
    }
    ids.sort((a, b) => a - b);
    let m = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = at(ids, i, "ids");
      if (i === 0 || id !== ids[i - 1]) ids[m++] = id;
    }
    ids.length = m;
    for (let i = 0; i < m; i++) {
      const a = at(ids, i, "ids");
      this.single[a] = at(this.single, a, "single") + 1;
      const row = a < DENSE_PAIR_LIMIT ? this.pairs[a] : undefined;
      for (let j = i + 1; j < m; j++) {
        const c = at(ids, j, "ids");
        if (row && c < DENSE_PAIR_LIMIT) row[c] = (row[c] ?? 0) + 1;
        else {
          const key = a * PAIR_KEY_SCALE + c;
          this.sparse.set(key, (this.sparse.get(key) ?? 0) + 1);
        }
      }
    }
  }

  rules(options: Partial<AssociationMiningOptions> = {}): CategoryAssociationRule[] {
    const minLift = options.minLift ?? DEFAULT_FLAG_THRESHOLDS.crossSellMinLift;
    const minSupport = options.minSupport ?? DEFAULT_FLAG_THRESHOLDS.crossSellMinSupport;
    const minAccounts = options.minAccounts ?? DEFAULT_FLAG_THRESHOLDS.crossSellMinAccounts;
    const { single, names: categoryNames } = this;
    const n = this.accounts;
    if (n === 0 || categoryNames.length < 2) return [];
    const rules: CategoryAssociationRule[] = [];
    const consider = (a: number, c: number, both: number) => {
      const nA = at(single, a, "single");
      const nC = at(single, c, "single");
      const support = both / n;
      if (nA < minAccounts || support < minSupport) return;
      // lift = (N(A∪C)/N(A)) / (N(C)/N) = N(A∪C)·N / (N(A)·N(C))
      const lift = (both * n) / (nA * nC);
      if (!(lift > minLift)) return;
      rules.push({
        antecedent: at(categoryNames, a, "categoryNames"),
        consequent: at(categoryNames, c, "categoryNames"),
        support,
        confidence: both / nA,
        lift,
        antecedentAccounts: nA,
        consequentAccounts: nC,
        bothAccounts: both,
        totalAccounts: n,
      });
    };
    const visitPair = (a: number, c: number, both: number) => {
      if (both === 0) return;
      consider(a, c, both);
      consider(c, a, both);
    };
    this.pairs.forEach((row, a) => row.forEach((both, c) => visitPair(a, c, both)));
    for (const [key, both] of this.sparse) {
      const a = Math.floor(key / PAIR_KEY_SCALE);
      visitPair(a, key - a * PAIR_KEY_SCALE, both);
    }
    rules.sort(
      (x, y) =>
        y.lift - x.lift ||
        y.confidence - x.confidence ||
        compareText(x.antecedent, y.antecedent) ||
        compareText(x.consequent, y.consequent),
    );
    return rules;
  }
}

// Rules indexed by antecedent, memoised per rules array (the caller caches the rules).
const rulesByAntecedent = new WeakMap<readonly CategoryAssociationRule[], Map<string, CategoryAssociationRule[]>>();

function indexRules(rules: readonly CategoryAssociationRule[]): Map<string, CategoryAssociationRule[]> {
  let index = rulesByAntecedent.get(rules);
  if (!index) {
    index = new Map();
    for (const rule of rules) {
      let list = index.get(rule.antecedent);
      if (!list) index.set(rule.antecedent, (list = []));
      list.push(rule);
    }
    rulesByAntecedent.set(rules, index);
  }
  return index;
}

function categoryName(context: Pick<FlagContext, "categoryNames">, category: string): string {
  const names = context.categoryNames;
  return (names && ownValue(names, category)) ?? category;
}

/**
 * Cross-sell flags of one account: for each category C it has never bought, the best
 * qualifying rule A → C with A among its categories; at most crossSellMaxFlags.
 *
 * Score = ½ × (confidence − support(C)) × P(alive): confidence − support(C) =
 * confidence × (1 − 1/lift) is how much buying A raises the chance of buying C above the
 * base rate, so both confidence and lift count. valueAtStake = confidence × expected
 * order value of C (clv-reference: "score = confidence × expected order value of C").
 * Rules are re-checked against the current thresholds, so tightening them in the admin
 * area takes effect before the next mining run; C must have an active catalog product.
 */
export function crossSellFlags(
  input: AccountFlagInput,
  context: Pick<FlagContext, "catalog" | "categoryRules" | "categoryAverageOrderValue" | "categoryNames">,
  thresholds: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): Flag[] {
  const history = accountHistory(input.purchases, input.asOf);
  const owned = new Set<string>();
  for (const p of history.purchases) for (const line of p.lines) owned.add(line.category);
  if (owned.size === 0 || thresholds.crossSellMaxFlags <= 0) return [];

  const rules = indexRules(context.categoryRules);
  const catalog = catalogIndex(context.catalog);
  const weight = pAliveWeight(input.pAlive);
  const best = new Map<string, { rule: CategoryAssociationRule; score: number }>();
  for (const antecedent of [...owned].sort(compareText)) {
    for (const rule of rules.get(antecedent) ?? []) {
      if (owned.has(rule.consequent)) continue;
      if (
        !(rule.lift > thresholds.crossSellMinLift) ||
        rule.support < thresholds.crossSellMinSupport ||
        rule.antecedentAccounts < thresholds.crossSellMinAccounts ||
        rule.confidence < thresholds.crossSellMinConfidence
      )
        continue;
      if (!catalog.activeByCategory.has(rule.consequent)) continue;
      const baseRate = rule.totalAccounts > 0 ? rule.consequentAccounts / rule.totalAccounts : 0;
      const score = OPPORTUNITY_SCALE * clamp01(rule.confidence - baseRate) * weight;
      const current = best.get(rule.consequent);
      if (
        !current ||
        score > current.score ||
        (score === current.score &&
          (rule.lift > current.rule.lift || (rule.lift === current.rule.lift && compareText(rule.antecedent, current.rule.antecedent) < 0)))
      ) {
        best.set(rule.consequent, { rule, score });
      }
    }
  }

  const flags: Flag[] = [];
  for (const [consequent, { rule, score }] of best) {
    const target = categoryName(context, consequent);
    const source = categoryName(context, rule.antecedent);
    const expectedOrderValue = expectedCategoryOrderValue(context, catalog.activeByCategory.get(consequent)!, consequent);
    flags.push({
      type: "cross_sell",
      score,
      reason:
        `${formatPercent(rule.confidence)} of accounts buying ${source} also buy ${target} ` +
        `(lift ${formatLift(rule.lift)}); this account does not.`,
      action: `Offer ${target}; open a cross-sell deal.`,
      valueAtStake: nonNegativeMoney(rule.confidence * expectedOrderValue),
      details: {
        category: consequent,
        antecedentCategory: rule.antecedent,
        confidence: rule.confidence,
        lift: rule.lift,
        support: rule.support,
      },
    });
  }
  flags.sort(
    (a, b) => b.score - a.score || b.valueAtStake - a.valueAtStake || compareText(String(a.details!.category), String(b.details!.category)),
  );
  return flags.slice(0, thresholds.crossSellMaxFlags);
}

/** Average order value of the category, else the mean list price of its active products. */
function expectedCategoryOrderValue(
  context: Pick<FlagContext, "categoryAverageOrderValue">,
  activeProducts: readonly { listPrice: number }[],
  category: string,
): number {
  const values = context.categoryAverageOrderValue;
  const value = ownValue(values, category);
  if (value !== undefined && Number.isFinite(value) && value > 0) return value;
  let sum = 0;
  for (const product of activeProducts) sum += Number.isFinite(product.listPrice) ? product.listPrice : 0;
  return activeProducts.length > 0 ? sum / activeProducts.length : 0;
}
