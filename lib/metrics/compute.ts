// One account's live measures and flags from its purchases, the cost inputs, the
// current predictive model and the portfolio context. Pure (no database): the
// live path (recomputeAccountMetrics) and the bulk path (recomputeAllMetrics)
// both call it, so a measure can never differ between them.
import { accountLtv, expectedLifespan } from "@/lib/ltv/formula";
import { predictCustomer } from "@/lib/ltv/clv";
import { expectedNextOrderDay, expectedOrders90, pNoOrder90 } from "@/lib/ltv/churn-probability";
import { DAYS_PER_UNIT, summarizeTransactions, type TimeUnit } from "@/lib/ltv/rfm";
import type { BgNbdParams } from "@/lib/ltv/bgnbd";
import type { GammaGammaParams } from "@/lib/ltv/gamma-gamma";
import { attentionScore, computeAccountFlags } from "@/lib/flags/flags";
import { accountHistory, usualGapFromHistory } from "@/lib/flags/history";
import { dayNumber } from "@/lib/days";
import { resolveFlagThresholds, type FlagThresholds } from "@/lib/flags/thresholds";
import type { CategoryAssociationRule, CatalogProduct, Flag, FlagContext, PurchaseLineInput, SegmentStats } from "@/lib/flags/types";

export interface MetricsPurchase {
  purchasedAt: Date;
  /** Integer cents: revenue sums stay exact. */
  totalCents: number;
  grossProfitCents: number;
  lines: PurchaseLineInput[];
  /** The stored row and its stored reporting-currency amounts (decision 0015), when loaded from the database. */
  stored?: { id: string; reportingTotalCents: number | null; reportingGrossProfitCents: number | null };
}

export interface MetricsAccount {
  accountId: string;
  segment: string;
  currency: string;
  acquiredAt: Date;
  acquisitionCostOverride: number | null;
  purchases: MetricsPurchase[];
  lastVisitAt: Date | null;
}

export interface MetricsCosts {
  acquisitionCost: number;
  retentionCostPerYear: number;
  grossMargin: number;
  discountRateYearly: number;
  horizonMonths: number;
  lifespanCapYears: number;
  defaultLifespanYears: number;
  flagThresholds: Partial<FlagThresholds>;
}

export interface PredictiveModel {
  id: string;
  unit: TimeUnit;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams | null;
  /**
   * The currency Gamma-Gamma's scale v (an amount of money) is in: the reporting currency of the
   * refit, which pools every account's spend converted at the as-of rate (decision 0015). Absent
   * on fits made before that; read as the reporting currency. inAccountCurrency() converts it.
   */
  spendCurrency?: string;
}

/** Portfolio facts stored with each model fit (model_fits.portfolio). */
export interface PortfolioContext {
  /**
   * The currency of the context's money (peer spend, category order values): the refit's reporting
   * currency. Absent on fits made before decision 0015's refit change; read as the reporting currency.
   */
  currency?: string;
  yearlyChurnRate: number | null;
  segments: Record<string, SegmentStats>;
  allAccounts: SegmentStats | null;
  categoryRules: CategoryAssociationRule[];
  categoryAverageOrderValue: Record<string, number>;
}

export const EMPTY_PORTFOLIO: PortfolioContext = {
  yearlyChurnRate: null,
  segments: {},
  allAccounts: null,
  categoryRules: [],
  categoryAverageOrderValue: {},
};

export interface ComputedMetrics {
  revenueCents: number;
  grossProfitCents: number;
  orders: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  lastVisitAt: Date | null;
  averageOrderValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
  historicalLtv: number;
  revenueLtv: number;
  formulaLtv: number;
  predictedClv: number;
  pAlive: number;
  expectedPurchases: number;
  /** P(no order in the next 90 days); null without a model or a purchase (issue 16). */
  pNoOrder90: number | null;
  /** Expected orders in the next 90 days (FHL 2005 eq. 10); 0 without a model. */
  expectedOrders90: number;
  /** Days after the as-of date on which the next order is expected; null = not expected within a year (or no model). */
  nextOrderDays: number | null;
  flags: Flag[];
  attentionScore: number;
  churnRisk: boolean;
  /** Summaries the model refit reads instead of every purchase (RefitSummary, decision 0006). */
  refitSummary: RefitSummary;
}

/**
 * What the refit needs of one account that does not move with the clock: its RFM inputs (T is
 * taken from the first purchase at refit time) and the facts behind the portfolio context.
 */
export interface RefitSummary {
  /** Distinct UTC calendar days with a purchase: RFM frequency + 1 (lib/ltv/rfm.ts). */
  purchaseDays: number;
  /** Revenue on the purchase days after the first: Gamma-Gamma's spend = this / (purchaseDays − 1). */
  repeatRevenueCents: number;
  /** Median gap between purchase days (null below two), as the flags measure it. */
  usualGapDays: number | null;
  /** Per category: [value of its lines, orders that contain it]; the keys are the account's basket. */
  categorySpend: Record<string, [number, number]>;
}

/** The refit summary of purchases already cut at asOf. */
export function refitSummary(purchases: readonly MetricsPurchase[], asOf: Date): RefitSummary {
  const centsByDay = new Map<number, number>();
  const perCategory = new Map<string, [number, number]>();
  for (const purchase of purchases) {
    const day = dayNumber(purchase.purchasedAt);
    centsByDay.set(day, (centsByDay.get(day) ?? 0) + purchase.totalCents);
    const valueByCategory = new Map<string, number>();
    for (const line of purchase.lines)
      valueByCategory.set(line.category, (valueByCategory.get(line.category) ?? 0) + line.quantity * line.unitPrice);
    for (const [category, value] of valueByCategory) {
      const entry = perCategory.get(category) ?? [0, 0];
      entry[0] += value;
      entry[1] += 1;
      perCategory.set(category, entry);
    }
  }
  const firstDay = Math.min(...centsByDay.keys());
  let repeatRevenueCents = 0;
  for (const [day, cents] of centsByDay) if (day !== firstDay) repeatRevenueCents += cents;
  const history = accountHistory(
    purchases.map((p) => ({ purchasedAt: p.purchasedAt, total: p.totalCents / 100, lines: p.lines })),
    asOf,
  );
  const categorySpend: Record<string, [number, number]> = {};
  for (const category of [...perCategory.keys()].sort()) {
    const [value, orders] = perCategory.get(category)!;
    categorySpend[category] = [Math.round(value * 100) / 100, orders];
  }
  return { purchaseDays: centsByDay.size, repeatRevenueCents, usualGapDays: usualGapFromHistory(history, 2), categorySpend };
}

const finite = (value: number | null | undefined, fallback = 0) =>
  value !== null && value !== undefined && Number.isFinite(value) ? value : fallback;

/** The LTV measures of one account: everything computeAccountMetrics returns but the flags and the refit summary. */
export type AccountValues = Omit<ComputedMetrics, "flags" | "attentionScore" | "churnRisk" | "refitSummary" | "lastVisitAt">;

/**
 * The measures alone, from the purchases' dates and amounts (their lines are not read). The
 * cost-change preview calls this for every account twice, so it skips what it does not show.
 */
export function computeAccountValues(
  account: Omit<MetricsAccount, "lastVisitAt">,
  costs: MetricsCosts,
  model: PredictiveModel | null,
  portfolio: Pick<PortfolioContext, "yearlyChurnRate">,
  asOf: Date,
): AccountValues {
  return measure(
    account,
    account.purchases.filter((p) => p.purchasedAt.getTime() <= asOf.getTime()),
    costs,
    model,
    portfolio,
    asOf,
  ).values;
}

function measure(
  account: Omit<MetricsAccount, "lastVisitAt">,
  purchases: readonly MetricsPurchase[],
  costs: MetricsCosts,
  model: PredictiveModel | null,
  portfolio: Pick<PortfolioContext, "yearlyChurnRate">,
  asOf: Date,
): { values: AccountValues; modelled: boolean } {
  let revenueCents = 0;
  let grossProfitCents = 0;
  let first: Date | null = null;
  let last: Date | null = null;
  for (const purchase of purchases) {
    revenueCents += purchase.totalCents;
    grossProfitCents += purchase.grossProfitCents;
    if (!first || purchase.purchasedAt < first) first = purchase.purchasedAt;
    if (!last || purchase.purchasedAt > last) last = purchase.purchasedAt;
  }

  const lifespan = expectedLifespan({
    yearlyChurnRate: portfolio.yearlyChurnRate,
    capYears: costs.lifespanCapYears,
    defaultYears: costs.defaultLifespanYears,
  });
  const ltv = accountLtv({
    purchases: purchases.map((p) => ({ date: p.purchasedAt, amount: p.totalCents / 100, grossProfit: p.grossProfitCents / 100 })),
    asOf,
    acquisitionDate: account.acquiredAt,
    costs: {
      grossMargin: costs.grossMargin,
      acquisitionCost: account.acquisitionCostOverride ?? costs.acquisitionCost,
      retentionCostPerYear: costs.retentionCostPerYear,
      lifespanYears: lifespan.value,
    },
  });

  // BG/NBD is a model of repeat buying by existing customers: an account that has
  // never bought has no P(alive) and no predicted value yet.
  let pAlive = purchases.length > 0 ? 1 : 0;
  let predictedClv = 0;
  let expectedPurchases = 0;
  let churnPNoOrder90: number | null = null;
  let orders90 = 0;
  let nextOrderDays: number | null = null;
  let modelled = false;
  if (model && purchases.length > 0) {
    const [history] = summarizeTransactions(
      purchases.map((p) => ({ customerId: account.accountId, date: p.purchasedAt, amount: p.totalCents / 100 })),
      { asOf, unit: model.unit },
    );
    if (history) {
      const prediction = predictCustomer({
        bgNbd: model.bgnbd,
        gammaGamma: model.gammaGamma,
        history: { ...history, monetaryValue: history.monetaryValue ?? 0 },
        unit: model.unit,
        horizonMonths: costs.horizonMonths,
        annualDiscountRate: costs.discountRateYearly,
        margin: costs.grossMargin,
      });
      pAlive = finite(prediction.pAlive, 1);
      predictedClv = finite(prediction.predictedClv);
      expectedPurchases = finite(prediction.expectedPurchases);
      const p = pNoOrder90(model.bgnbd, history, model.unit);
      churnPNoOrder90 = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : null;
      orders90 = finite(expectedOrders90(model.bgnbd, history, model.unit));
      nextOrderDays = expectedNextOrderDay(model.bgnbd, history, { daysPerUnit: DAYS_PER_UNIT[model.unit] });
      modelled = true;
    }
  }

  return {
    modelled,
    values: {
      revenueCents,
      grossProfitCents,
      orders: purchases.length,
      firstPurchaseAt: first,
      lastPurchaseAt: last,
      averageOrderValue: finite(ltv.purchases.averageOrderValue),
      purchasesPerYear: finite(ltv.purchases.purchasesPerYear),
      lifespanYears: lifespan.value,
      historicalLtv: finite(ltv.historical.value),
      revenueLtv: finite(ltv.revenue.value),
      formulaLtv: finite(ltv.formula.value),
      predictedClv,
      pAlive,
      expectedPurchases,
      pNoOrder90: churnPNoOrder90,
      expectedOrders90: orders90,
      nextOrderDays,
    },
  };
}

export function computeAccountMetrics(
  account: MetricsAccount,
  costs: MetricsCosts,
  model: PredictiveModel | null,
  portfolio: PortfolioContext,
  catalog: readonly CatalogProduct[],
  asOf: Date,
): ComputedMetrics {
  const purchases = account.purchases.filter((p) => p.purchasedAt.getTime() <= asOf.getTime());
  const { values, modelled } = measure(account, purchases, costs, model, portfolio, asOf);
  const context: FlagContext = {
    catalog,
    segments: portfolio.segments,
    allAccounts: portfolio.allAccounts,
    categoryRules: portfolio.categoryRules,
    categoryAverageOrderValue: portfolio.categoryAverageOrderValue,
  };
  const flags = computeAccountFlags(
    {
      accountId: account.accountId,
      segment: account.segment,
      asOf,
      purchases: purchases.map((p) => ({ purchasedAt: p.purchasedAt, total: p.totalCents / 100, lines: p.lines })),
      pAlive: modelled ? values.pAlive : null,
      pNoOrder90: modelled ? values.pNoOrder90 : null,
      predictedClv: modelled && model?.gammaGamma ? values.predictedClv : null,
      averageOrderValue: purchases.length > 0 ? values.averageOrderValue : null,
      currency: account.currency,
    },
    context,
    resolveFlagThresholds(costs.flagThresholds),
  );

  return {
    ...values,
    lastVisitAt: account.lastVisitAt,
    flags,
    attentionScore: finite(attentionScore(flags)),
    churnRisk: flags.some((flag) => flag.type === "churn_risk"),
    refitSummary: refitSummary(purchases, asOf),
  };
}
