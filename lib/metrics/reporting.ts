// An account's money in two currencies (decision 0015). Pure: the rates come in as a lib/fx table.
// - In the account's own currency: its orders as they are; the cost inputs (kept in the reporting
//   currency) converted at the as-of day's rate. Without that rate the costs are left out and the
//   figures say so (reporting_gap.asOf), never converted 1:1.
// - In the reporting currency (rankings, dashboards, exports): each order at its own day's rate,
//   the cost inputs as they are, an account's own acquisition cost and the predicted CLV (a
//   future amount) at the as-of rate. Null, with the gap, when any of those rates is missing.
import { accountLtv } from "@/lib/ltv/formula";
import { convertHundredths, dayNumberOf, invert, isoDayOf, reportingRate, type FoundRate, type FxTable } from "@/lib/fx/rates";
import { roundToMinorUnits } from "@/lib/fx/minor-units";
import type { ComputedMetrics, MetricsAccount, MetricsCosts, PortfolioContext, PredictiveModel } from "./compute";

/** What reporting_gap holds: why an account has no reporting-currency figures. */
export interface ReportingGap {
  /** The currency without a rate (the account's, or the reporting currency's own leg). */
  currency: string;
  /** Orders on days without a rate. */
  orders: number;
  firstDay: string | null;
  lastDay: string | null;
  /** The as-of day has no rate (cost inputs and predicted CLV cannot be converted). */
  asOf: boolean;
}

export interface ReportingValues {
  currency: string;
  revenueCents: number;
  historicalLtv: number;
  formulaLtv: number;
  predictedClv: number;
  /** Revenue-only LTV (not stored; the cost-change preview sums it). */
  revenueLtv: number;
}

export interface PurchaseReporting {
  /** Index into account.purchases. */
  index: number;
  totalCents: number | null;
  grossProfitCents: number | null;
}

export interface AccountFx {
  /** Reporting units per 1 account unit on the as-of day; null when missing (or 1/1 in the reporting currency). */
  asOfRate: FoundRate | null;
  /** Each purchase in the reporting currency (null = no rate on its day). */
  purchases: PurchaseReporting[];
  gap: ReportingGap | null;
}

const cents = (value: number) => Math.sign(value) * Math.round(Math.abs(value) * 100);

/** Every order's conversion and the as-of rate of one account. */
export function accountFx(account: Pick<MetricsAccount, "currency" | "purchases">, fx: FxTable, asOf: Date): AccountFx {
  const reporting = fx.reportingCurrency;
  if (account.currency === reporting) {
    return {
      asOfRate: { ok: true, num: 1n, den: 1n, rateDay: dayNumberOf(asOf) },
      purchases: account.purchases.map((p, index) => ({ index, totalCents: p.totalCents, grossProfitCents: p.grossProfitCents })),
      gap: null,
    };
  }
  let missingCurrency: string | null = null;
  let orders = 0;
  let first: number | null = null;
  let last: number | null = null;
  const purchases = account.purchases.map((p, index): PurchaseReporting => {
    const day = dayNumberOf(p.purchasedAt);
    const rate = reportingRate(fx, account.currency, day);
    if (!rate.ok) {
      missingCurrency ??= rate.currency;
      if (p.purchasedAt.getTime() <= asOf.getTime()) {
        orders++;
        first = first === null ? day : Math.min(first, day);
        last = last === null ? day : Math.max(last, day);
      }
      return { index, totalCents: null, grossProfitCents: null };
    }
    return {
      index,
      totalCents: convertHundredths(p.totalCents, rate, reporting),
      grossProfitCents: convertHundredths(p.grossProfitCents, rate, reporting),
    };
  });
  const asOfLookup = reportingRate(fx, account.currency, dayNumberOf(asOf));
  const asOfRate = asOfLookup.ok ? asOfLookup : null;
  if (!asOfLookup.ok) missingCurrency ??= asOfLookup.currency;
  const gap: ReportingGap | null =
    orders > 0 || !asOfRate
      ? {
          currency: missingCurrency ?? account.currency,
          orders,
          firstDay: first === null ? null : isoDayOf(first),
          lastDay: last === null ? null : isoDayOf(last),
          asOf: !asOfRate,
        }
      : null;
  return { asOfRate, purchases, gap };
}

/** The cost inputs (reporting currency) in the account's currency at the as-of rate; without a rate they are left out (0). */
export function costsInAccountCurrency(costs: MetricsCosts, currency: string, fx: Pick<AccountFx, "asOfRate">): MetricsCosts {
  const rate = fx.asOfRate;
  if (rate && rate.num === rate.den) return costs;
  const convert = (value: number) => (rate ? convertHundredths(cents(value), invert(rate), currency) / 100 : 0);
  return { ...costs, acquisitionCost: convert(costs.acquisitionCost), retentionCostPerYear: convert(costs.retentionCostPerYear) };
}

/** What an account's measures are computed under: the cost inputs, the model and the portfolio context, in its currency. */
export interface AccountInputs {
  costs: MetricsCosts;
  model: PredictiveModel | null;
  portfolio: PortfolioContext;
}

/**
 * The inputs kept in the reporting currency (cost inputs, Gamma-Gamma's scale v, peer spend and
 * category order values, all pooled across accounts), taken into the account's currency at the
 * as-of rate. Without that rate the money among them is left out: no cost inputs, no Gamma-Gamma
 * (P(alive) still holds, it involves no money), no peer spend, no category values; the flags that
 * need them stay quiet and reporting_gap.asOf says why. Gamma-Gamma scales with the currency
 * (amounts × c fit v × c, same p and q), so converting v is exact for an account in one currency.
 */
export function inAccountCurrency(inputs: AccountInputs, currency: string, fx: Pick<AccountFx, "asOfRate">, table: FxTable): AccountInputs {
  const reportingCurrency = table.reportingCurrency;
  const costs = costsInAccountCurrency(inputs.costs, currency, fx);
  return {
    costs,
    model: inputs.model && modelInAccountCurrency(inputs.model, currency, reportingCurrency, table, fx),
    portfolio: portfolioInAccountCurrency(inputs.portfolio, currency, reportingCurrency, table, fx),
  };
}

/** Account units per 1 unit of `from` on the as-of day (a float: these are model inputs, not stored money), or null. */
function factorInto(
  currency: string,
  from: string,
  reportingCurrency: string,
  table: FxTable,
  fx: Pick<AccountFx, "asOfRate">,
): number | null {
  if (from === currency) return 1;
  const rate = fx.asOfRate;
  if (!rate) return null;
  if (from === reportingCurrency) return Number(rate.den) / Number(rate.num);
  // A fit from before a change of the reporting currency: the cross rate on the same day.
  const cross = reportingRate({ ...table, reportingCurrency: currency }, from, rate.rateDay);
  return cross.ok ? Number(cross.num) / Number(cross.den) : null;
}

function modelInAccountCurrency(
  model: PredictiveModel,
  currency: string,
  reportingCurrency: string,
  table: FxTable,
  fx: Pick<AccountFx, "asOfRate">,
): PredictiveModel {
  if (!model.gammaGamma) return model;
  const factor = factorInto(currency, model.spendCurrency ?? reportingCurrency, reportingCurrency, table, fx);
  if (factor === 1) return model;
  return { ...model, gammaGamma: factor === null ? null : { ...model.gammaGamma, v: model.gammaGamma.v * factor } };
}

function portfolioInAccountCurrency(
  portfolio: PortfolioContext,
  currency: string,
  reportingCurrency: string,
  table: FxTable,
  fx: Pick<AccountFx, "asOfRate">,
): PortfolioContext {
  const factor = factorInto(currency, portfolio.currency ?? reportingCurrency, reportingCurrency, table, fx);
  if (factor === 1) return portfolio;
  const spend = (value: number | null) => (value === null || factor === null ? null : value * factor);
  return {
    ...portfolio,
    currency,
    segments: Object.fromEntries(
      Object.entries(portfolio.segments).map(([segment, stats]) => [segment, { ...stats, peerSpend: spend(stats.peerSpend) }]),
    ),
    allAccounts: portfolio.allAccounts && { ...portfolio.allAccounts, peerSpend: spend(portfolio.allAccounts.peerSpend) },
    categoryAverageOrderValue:
      factor === null
        ? {}
        : Object.fromEntries(Object.entries(portfolio.categoryAverageOrderValue).map(([category, value]) => [category, value * factor])),
  };
}

/** The money measures in the reporting currency, or null when a rate is missing (fx.gap says which). */
export function reportingValues(
  account: Omit<MetricsAccount, "lastVisitAt">,
  metrics: Pick<ComputedMetrics, "revenueCents" | "historicalLtv" | "formulaLtv" | "predictedClv" | "lifespanYears" | "revenueLtv">,
  costs: MetricsCosts,
  fx: AccountFx,
  reportingCurrency: string,
  asOf: Date,
): ReportingValues | null {
  if (fx.gap || !fx.asOfRate) return null;
  if (account.currency === reportingCurrency) {
    return {
      currency: reportingCurrency,
      revenueCents: metrics.revenueCents,
      historicalLtv: metrics.historicalLtv,
      formulaLtv: metrics.formulaLtv,
      predictedClv: metrics.predictedClv,
      revenueLtv: metrics.revenueLtv,
    };
  }
  const rate = fx.asOfRate;
  const purchases = fx.purchases.filter((p) => account.purchases[p.index]!.purchasedAt.getTime() <= asOf.getTime());
  const revenueCents = purchases.reduce((sum, p) => sum + p.totalCents!, 0);
  const ltv = accountLtv({
    purchases: purchases.map((p) => ({
      date: account.purchases[p.index]!.purchasedAt,
      amount: p.totalCents! / 100,
      grossProfit: p.grossProfitCents! / 100,
    })),
    asOf,
    acquisitionDate: account.acquiredAt,
    costs: {
      grossMargin: costs.grossMargin,
      acquisitionCost:
        account.acquisitionCostOverride === null
          ? costs.acquisitionCost
          : convertHundredths(cents(account.acquisitionCostOverride), rate, reportingCurrency) / 100,
      retentionCostPerYear: costs.retentionCostPerYear,
      lifespanYears: metrics.lifespanYears,
    },
  });
  const finite = (value: number) => (Number.isFinite(value) ? value : 0);
  return {
    currency: reportingCurrency,
    revenueCents,
    historicalLtv: roundToMinorUnits(finite(ltv.historical.value), reportingCurrency),
    formulaLtv: roundToMinorUnits(finite(ltv.formula.value), reportingCurrency),
    predictedClv: convertHundredths(cents(metrics.predictedClv), rate, reportingCurrency) / 100,
    revenueLtv: roundToMinorUnits(finite(ltv.revenue.value), reportingCurrency),
  };
}
