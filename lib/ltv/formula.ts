// Formula and historical LTV, lifespan, upper-limit acquisition cost, portfolio and Pareto measures
// (docs/reference/product.md, "LTV: the measures the app shows"). Every result carries its inputs and an arithmetic
// string a screen can show next to the number.
//
// Money values are plain numbers: callers convert Prisma Decimal with Number() at the boundary. These
// are estimates shown rounded, so binary floating point is adequate; stored totals stay Decimal in the
// database. Formatting uses Intl.NumberFormat only for the explanation strings.

import { at } from "./arrays";
import { DAYS_PER_YEAR, dayNumber, isoDay, type CalendarDate } from "@/lib/days";

export interface ExplainFormat {
  /** ISO 4217 code for the amounts in the explanation. Default "EUR". */
  currency?: string;
  /** BCP 47 locale for number formatting. Default "en-IE". */
  locale?: string;
  /**
   * Where the cost inputs came from when they were converted from another currency, shown after the
   * converted amounts so the arithmetic names both: "£756 (€900 × 0.84)".
   */
  costSource?: { acquisitionCost?: string; retentionCostPerYear?: string };
}

const costNote = (note: string | undefined) => (note ? ` (${note})` : "");

/** A number with the inputs it came from and the arithmetic that produced it, for display. */
export interface Explained<Inputs> {
  inputs: Inputs;
  value: number;
  explanation: string;
}

const formatterCache = new Map<string, Intl.NumberFormat>();

function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = formatterCache.get(key);
  if (!f) {
    f = make();
    formatterCache.set(key, f);
  }
  return f;
}

function explainers(format: ExplainFormat = {}) {
  const locale = format.locale ?? "en-IE";
  const currency = format.currency ?? "EUR";
  // Whole units from 100 up (€412); cents below, where rounding would visibly break the arithmetic.
  const money = (v: number) => {
    const digits = Math.abs(v) >= 100 ? 0 : 2;
    return formatter(
      `${locale}|${currency}|${digits}`,
      () => new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }),
    ).format(v);
  };
  const number = (v: number) => formatter(`${locale}|n`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })).format(v);
  const percent = (v: number) =>
    formatter(`${locale}|%`, () => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })).format(v);
  return { money, number, percent };
}

function requireFinite(name: string, value: number, min = -Infinity): void {
  if (!(Number.isFinite(value) && value >= min)) {
    throw new RangeError(`${name} must be a finite number${min > -Infinity ? ` ≥ ${min}` : ""} (got ${value})`);
  }
}

export interface RevenueLtvInputs {
  /** AOV: average order value. */
  averageOrderValue: number;
  /** f: purchases per year. */
  purchasesPerYear: number;
  /** L: expected lifespan in years. */
  lifespanYears: number;
}

export interface FormulaLtvInputs extends RevenueLtvInputs {
  /** m: gross margin as a fraction (0.38 for 38 %). */
  grossMargin: number;
  /** CAC: acquisition cost. */
  acquisitionCost: number;
  /** R: retention cost per year. */
  retentionCostPerYear: number;
}

function checkRevenueInputs(inputs: RevenueLtvInputs): void {
  requireFinite("averageOrderValue", inputs.averageOrderValue, 0);
  requireFinite("purchasesPerYear", inputs.purchasesPerYear, 0);
  requireFinite("lifespanYears", inputs.lifespanYears, 0);
}

/** Revenue-only LTV = AOV × f × L (docs/reference/product.md §2). */
export function revenueLtv(inputs: RevenueLtvInputs, format?: ExplainFormat): Explained<RevenueLtvInputs> {
  checkRevenueInputs(inputs);
  const { money, number } = explainers(format);
  const { averageOrderValue: aov, purchasesPerYear: f, lifespanYears: L } = inputs;
  const value = aov * f * L;
  return {
    inputs,
    value,
    explanation: `${money(aov)} avg order × ${number(f)}/yr × ${number(L)} yrs = ${money(value)}`,
  };
}

export interface FormulaLtvResult extends Explained<FormulaLtvInputs> {
  /** AOV × f × L. */
  revenue: number;
  /** AOV × f × L × m. */
  grossProfit: number;
  /** R × L. */
  retentionCost: number;
}

/** Formula LTV = AOV × f × L × m − (CAC + R × L) (docs/reference/product.md §2). */
export function formulaLtv(inputs: FormulaLtvInputs, format?: ExplainFormat): FormulaLtvResult {
  checkRevenueInputs(inputs);
  requireFinite("grossMargin", inputs.grossMargin);
  requireFinite("acquisitionCost", inputs.acquisitionCost, 0);
  requireFinite("retentionCostPerYear", inputs.retentionCostPerYear, 0);
  const { money, number, percent } = explainers(format);
  const { averageOrderValue: aov, purchasesPerYear: f, lifespanYears: L, grossMargin: m } = inputs;
  const { acquisitionCost: cac, retentionCostPerYear: R } = inputs;
  const revenue = aov * f * L;
  const grossProfit = revenue * m;
  const retentionCost = R * L;
  const value = grossProfit - (cac + retentionCost);
  return {
    inputs,
    value,
    revenue,
    grossProfit,
    retentionCost,
    explanation:
      `${money(aov)} avg order × ${number(f)}/yr × ${number(L)} yrs × ${percent(m)}` +
      ` − ${money(cac)}${costNote(format?.costSource?.acquisitionCost)} − ${money(R)}${costNote(format?.costSource?.retentionCostPerYear)}` +
      ` × ${number(L)} = ${money(value)}`,
  };
}

export type UpperLimitInputs = Omit<FormulaLtvInputs, "acquisitionCost">;

/**
 * Upper-limit acquisition cost: the formula LTV before CAC, AOV × f × L × m − R × L (docs/reference/product.md §4):
 * spending more than this to win a customer like this one loses money over its expected life.
 */
export function upperLimitAcquisitionCost(inputs: UpperLimitInputs, format?: ExplainFormat): Explained<UpperLimitInputs> {
  const ltv = formulaLtv({ ...inputs, acquisitionCost: 0 }, format);
  const { money, number, percent } = explainers(format);
  const { averageOrderValue: aov, purchasesPerYear: f, lifespanYears: L, grossMargin: m, retentionCostPerYear: R } = inputs;
  return {
    inputs,
    value: ltv.value,
    explanation:
      `${money(aov)} avg order × ${number(f)}/yr × ${number(L)} yrs × ${percent(m)}` +
      ` − ${money(R)}${costNote(format?.costSource?.retentionCostPerYear)} × ${number(L)} = ${money(ltv.value)} (most to spend to win a customer like this)`,
  };
}

export interface HistoricalLtvInputs {
  revenueToDate: number;
  grossProfitToDate: number;
  acquisitionCost: number;
  retentionCostPerYear: number;
  yearsAsCustomer: number;
}

export interface HistoricalLtvResult extends Explained<HistoricalLtvInputs> {
  revenueToDate: number;
  grossProfitToDate: number;
  /** Net = gross profit − CAC − R × years as a customer; also `value`. */
  net: number;
}

/** Historical LTV to date (docs/reference/product.md §1): net = gross profit − CAC − R × years as a customer. */
export function historicalLtv(inputs: HistoricalLtvInputs, format?: ExplainFormat): HistoricalLtvResult {
  requireFinite("revenueToDate", inputs.revenueToDate);
  requireFinite("grossProfitToDate", inputs.grossProfitToDate);
  requireFinite("acquisitionCost", inputs.acquisitionCost, 0);
  requireFinite("retentionCostPerYear", inputs.retentionCostPerYear, 0);
  requireFinite("yearsAsCustomer", inputs.yearsAsCustomer, 0);
  const { money, number } = explainers(format);
  const { revenueToDate, grossProfitToDate, acquisitionCost: cac, retentionCostPerYear: R, yearsAsCustomer: years } = inputs;
  const net = grossProfitToDate - cac - R * years;
  return {
    inputs,
    value: net,
    revenueToDate,
    grossProfitToDate,
    net,
    explanation:
      `${money(revenueToDate)} revenue, ${money(grossProfitToDate)} gross profit` +
      ` − ${money(cac)}${costNote(format?.costSource?.acquisitionCost)} − ${money(R)}${costNote(format?.costSource?.retentionCostPerYear)}` +
      ` × ${number(years)} yrs = ${money(net)}`,
  };
}

export interface LifespanInputs {
  /** Observed yearly churn rate (fraction of customers lost per year); null/undefined when unknown. */
  yearlyChurnRate?: number | null;
  /** The admin's horizon: no lifespan is taken longer than this. */
  capYears: number;
  /** Used when there is no usable churn rate (unknown or 0). */
  defaultYears: number;
}

export interface LifespanResult extends Explained<LifespanInputs> {
  source: "churn" | "cap" | "default";
}

/**
 * Expected lifespan L = 1 / yearly churn rate (mean of a geometric lifetime), capped by the horizon;
 * the default when no churn has been observed (docs/reference/product.md §2).
 */
export function expectedLifespan(inputs: LifespanInputs, format?: ExplainFormat): LifespanResult {
  requireFinite("capYears", inputs.capYears, 0);
  requireFinite("defaultYears", inputs.defaultYears, 0);
  const { number, percent } = explainers(format);
  const churn = inputs.yearlyChurnRate;
  if (churn === null || churn === undefined || churn === 0) {
    const value = Math.min(inputs.defaultYears, inputs.capYears);
    return { inputs, value, source: "default", explanation: `no churn observed: default ${number(value)} yrs` };
  }
  if (!(Number.isFinite(churn) && churn > 0 && churn <= 1)) throw new RangeError(`yearlyChurnRate must be in (0, 1] (got ${churn})`);
  const raw = 1 / churn;
  if (raw > inputs.capYears) {
    return {
      inputs,
      value: inputs.capYears,
      source: "cap",
      explanation: `1 / ${percent(churn)} churn per yr = ${number(raw)} yrs, capped at ${number(inputs.capYears)} yrs`,
    };
  }
  return { inputs, value: raw, source: "churn", explanation: `1 / ${percent(churn)} churn per yr = ${number(raw)} yrs` };
}

export interface ChurnInputs {
  /** Customers active at the start of the window. */
  activeAtStart: number;
  /** How many of them were lost during the window. */
  churned: number;
  /** Window length in years. */
  periodYears: number;
}

/**
 * Yearly churn rate from a cohort observed over `periodYears`: 1 − (retained share)^(1/periodYears),
 * i.e. the constant yearly rate that would produce the observed retention.
 */
export function yearlyChurnRate(inputs: ChurnInputs, format?: ExplainFormat): Explained<ChurnInputs> {
  const { activeAtStart, churned, periodYears } = inputs;
  if (!(Number.isFinite(activeAtStart) && activeAtStart > 0)) throw new RangeError("activeAtStart must be > 0");
  if (!(Number.isFinite(churned) && churned >= 0 && churned <= activeAtStart))
    throw new RangeError("churned must be in [0, activeAtStart]");
  requireFinite("periodYears", periodYears, Number.MIN_VALUE);
  const { number, percent } = explainers(format);
  const retained = 1 - churned / activeAtStart;
  const value = -Math.expm1(Math.log(retained) / periodYears);
  return {
    inputs,
    value,
    explanation: `${number(churned)} of ${number(activeAtStart)} lost in ${number(periodYears)} yrs = ${percent(value)} churn per yr`,
  };
}

/** Average LTV across accounts (docs/reference/product.md §5); useful as a prior where one account's data is thin. */
export function portfolioAverageLtv(ltvs: readonly number[], format?: ExplainFormat): Explained<{ accounts: number }> {
  ltvs.forEach((v, i) => requireFinite(`ltvs[${i}]`, v));
  return averageLtvOfTotal(
    ltvs.reduce((s, v) => s + v, 0),
    ltvs.length,
    format,
  );
}

/** portfolioAverageLtv from the LTVs' total and count (a database sums them). */
export function averageLtvOfTotal(total: number, accounts: number, format?: ExplainFormat): Explained<{ accounts: number }> {
  requireFinite("total", total);
  const { money, number } = explainers(format);
  const value = accounts > 0 ? total / accounts : 0;
  return {
    inputs: { accounts },
    value,
    explanation: `${money(total)} total LTV / ${number(accounts)} ${accounts === 1 ? "account" : "accounts"} = ${money(value)}`,
  };
}

export interface ParetoPoint {
  /** Cumulative share of accounts, largest first (0..1). */
  accountShare: number;
  /** Cumulative share of revenue those accounts bring (0..1). */
  revenueShare: number;
}

/**
 * Concentration (Lorenz/Pareto) curve: accounts sorted by revenue, largest first; one point per
 * account plus the origin. Negative revenues (net refunds) count as 0. All-zero revenue gives 0 shares.
 */
export function paretoCurve(revenues: readonly number[]): ParetoPoint[] {
  revenues.forEach((v, i) => requireFinite(`revenues[${i}]`, v));
  const sorted = revenues.map((v) => Math.max(0, v)).sort((a, b) => b - a);
  const total = sorted.reduce((s, v) => s + v, 0);
  const points: ParetoPoint[] = [{ accountShare: 0, revenueShare: 0 }];
  let cumulative = 0;
  sorted.forEach((v, i) => {
    cumulative += v;
    points.push({ accountShare: (i + 1) / sorted.length, revenueShare: total > 0 ? cumulative / total : 0 });
  });
  return points;
}

/**
 * Share of revenue from the top `topShare` of accounts (default 20 %), read off the Pareto curve with
 * linear interpolation, so 20 % of 7 accounts counts the top one plus 40 % of the second.
 */
export function paretoShare(
  revenues: readonly number[],
  topShare = 0.2,
  format?: ExplainFormat,
): Explained<{ accounts: number; topShare: number; totalRevenue: number }> {
  if (!(topShare >= 0 && topShare <= 1)) throw new RangeError(`topShare must be in [0, 1] (got ${topShare})`);
  const curve = paretoCurve(revenues);
  const totalRevenue = revenues.reduce((s, v) => s + Math.max(0, v), 0);
  return paretoShareOfCurve(revenues.length, (i) => at(curve, i, "curve").revenueShare, totalRevenue, topShare, format);
}

/** The curve points paretoShareOfCurve reads for n accounts: the two either side of the top share. */
export function paretoShareRanks(n: number, topShare = 0.2): number[] {
  if (n === 0) return [];
  const whole = Math.floor(topShare * n);
  return whole < n ? [whole, whole + 1] : [whole];
}

/**
 * paretoShare from the curve of n accounts given point by point (revenueShareAt(i), 0 ≤ i ≤ n): a
 * database hands over only the points paretoShareRanks names instead of every account's revenue.
 */
export function paretoShareOfCurve(
  n: number,
  revenueShareAt: (i: number) => number,
  totalRevenue: number,
  topShare = 0.2,
  format?: ExplainFormat,
): Explained<{ accounts: number; topShare: number; totalRevenue: number }> {
  if (!(topShare >= 0 && topShare <= 1)) throw new RangeError(`topShare must be in [0, 1] (got ${topShare})`);
  let value = 0;
  if (n > 0) {
    const position = topShare * n;
    const whole = Math.floor(position);
    // curve has n + 1 points, 0 ≤ whole ≤ n; at topShare = 1 there is no point after it.
    const lower = revenueShareAt(whole);
    const upper = whole + 1 <= n ? revenueShareAt(whole + 1) : lower;
    value = lower + (position - whole) * (upper - lower);
  }
  const { money, number, percent } = explainers(format);
  return {
    inputs: { accounts: n, topShare, totalRevenue },
    value,
    explanation:
      `top ${percent(topShare)} of ${number(n)} ${n === 1 ? "account" : "accounts"} (${number(topShare * n)}) bring` +
      ` ${money(value * totalRevenue)} of ${money(totalRevenue)} revenue = ${percent(value)}`,
  };
}

export interface Purchase {
  date: CalendarDate;
  /** Order total (revenue), a plain number. */
  amount: number;
  /** Gross profit of the order when known (price − unit costs). */
  grossProfit?: number | null;
}

export interface PurchaseSummaryOptions {
  asOf: CalendarDate;
  /** Used for orders without a grossProfit; without it, grossProfit is null if any order lacks one. */
  grossMargin?: number;
  /**
   * Shortest window (years) over which purchases per year are averaged. Without it a two-week-old
   * account with two orders would show 52 orders a year. Default 0.25.
   */
  minObservedYears?: number;
}

export interface PurchaseSummary {
  orders: number;
  revenue: number;
  /** Sum of gross profits (with grossMargin × amount filling gaps); null when unknown. */
  grossProfit: number | null;
  averageOrderValue: number;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  daysSinceLastOrder: number | null;
  /** Years from the first order to asOf. */
  yearsObserved: number;
  /** orders / max(yearsObserved, minObservedYears); 0 without orders. */
  purchasesPerYear: number;
}

/**
 * Live per-account metrics from its purchases: AOV, purchases per year, first/last order. Orders
 * after `asOf` are ignored, so the result only depends on the arguments.
 */
export function summarizePurchases(purchases: readonly Purchase[], options: PurchaseSummaryOptions): PurchaseSummary {
  const asOf = dayNumber(options.asOf);
  const minObservedYears = options.minObservedYears ?? 0.25;
  if (options.grossMargin !== undefined) requireFinite("grossMargin", options.grossMargin);
  let orders = 0;
  let revenue = 0;
  let grossProfit: number | null = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const purchase of purchases) {
    const day = dayNumber(purchase.date);
    if (day > asOf) continue;
    requireFinite("purchase amount", purchase.amount);
    orders++;
    revenue += purchase.amount;
    first = Math.min(first, day);
    last = Math.max(last, day);
    const profit = purchase.grossProfit ?? (options.grossMargin !== undefined ? purchase.amount * options.grossMargin : null);
    grossProfit = grossProfit === null || profit === null ? null : grossProfit + profit;
  }
  if (orders === 0) {
    return {
      orders: 0,
      revenue: 0,
      grossProfit: 0,
      averageOrderValue: 0,
      firstOrderDate: null,
      lastOrderDate: null,
      daysSinceLastOrder: null,
      yearsObserved: 0,
      purchasesPerYear: 0,
    };
  }
  const yearsObserved = (asOf - first) / DAYS_PER_YEAR;
  return {
    orders,
    revenue,
    grossProfit,
    averageOrderValue: revenue / orders,
    firstOrderDate: isoDay(first),
    lastOrderDate: isoDay(last),
    daysSinceLastOrder: asOf - last,
    yearsObserved,
    purchasesPerYear: orders / Math.max(yearsObserved, minObservedYears),
  };
}

export interface AccountCosts {
  grossMargin: number;
  acquisitionCost: number;
  retentionCostPerYear: number;
  /** L, e.g. from expectedLifespan(). */
  lifespanYears: number;
}

export interface AccountLtvInputs {
  purchases: readonly Purchase[];
  asOf: CalendarDate;
  costs: AccountCosts;
  /** When the account was won; default its first order. Drives "years as a customer". */
  acquisitionDate?: CalendarDate | null;
  minObservedYears?: number;
}

export interface AccountLtv {
  purchases: PurchaseSummary;
  historical: HistoricalLtvResult;
  formula: FormulaLtvResult;
  revenue: Explained<RevenueLtvInputs>;
  upperLimitAcquisitionCost: Explained<UpperLimitInputs>;
}

/**
 * The live LTV measures of one account from its purchases (what recomputeAccountMetrics stores):
 * historical to date, formula LTV, revenue-only LTV and the upper-limit acquisition cost.
 */
export function accountLtv(inputs: AccountLtvInputs, format?: ExplainFormat): AccountLtv {
  const { costs } = inputs;
  const summary = summarizePurchases(inputs.purchases, {
    asOf: inputs.asOf,
    grossMargin: costs.grossMargin,
    minObservedYears: inputs.minObservedYears,
  });
  const asOf = dayNumber(inputs.asOf);
  const since = inputs.acquisitionDate
    ? dayNumber(inputs.acquisitionDate)
    : summary.firstOrderDate
      ? dayNumber(summary.firstOrderDate)
      : asOf;
  const yearsAsCustomer = Math.max(0, asOf - since) / DAYS_PER_YEAR;
  const rates = {
    averageOrderValue: summary.averageOrderValue,
    purchasesPerYear: summary.purchasesPerYear,
    lifespanYears: costs.lifespanYears,
  };
  return {
    purchases: summary,
    historical: historicalLtv(
      {
        revenueToDate: summary.revenue,
        // grossMargin is always given here, so grossProfit is never null.
        grossProfitToDate: summary.grossProfit ?? summary.revenue * costs.grossMargin,
        acquisitionCost: costs.acquisitionCost,
        retentionCostPerYear: costs.retentionCostPerYear,
        yearsAsCustomer,
      },
      format,
    ),
    formula: formulaLtv(
      {
        ...rates,
        grossMargin: costs.grossMargin,
        acquisitionCost: costs.acquisitionCost,
        retentionCostPerYear: costs.retentionCostPerYear,
      },
      format,
    ),
    revenue: revenueLtv(rates, format),
    upperLimitAcquisitionCost: upperLimitAcquisitionCost(
      { ...rates, grossMargin: costs.grossMargin, retentionCostPerYear: costs.retentionCostPerYear },
      format,
    ),
  };
}
