// One account as the rep's account page and GET /api/accounts/{id} show it:
// identity, live metrics with the LTV arithmetic, flags, recent history.
import { runnerQuery } from "@/lib/db/sql";
import { Prisma, type Account, type AccountMetrics } from "@/lib/generated/prisma/client";
import type { Query } from "@/lib/db/sql";
import type { Actor } from "@/lib/auth/permissions";
import { mayAccess } from "./access";
import { flagsOf, metricsView, type MetricsView } from "./metrics-view";
import { accountFlagsFor } from "@/lib/flag-records/read";
import type { AccountFlag } from "@/lib/flag-records/flag-views";
import { DAYS_PER_YEAR, daysBetween } from "@/lib/days";
import { expectedLifespan, formulaLtv, historicalLtv, revenueLtv, upperLimitAcquisitionCost, type ExplainFormat } from "@/lib/ltv/formula";
import { loadInputsContext } from "@/lib/metrics/context";
import { database } from "@/lib/db/client";
import { accountFx, costsInAccountCurrency } from "@/lib/metrics/reporting";
import { invert, rateText } from "@/lib/fx/rates";

const moneyFormats = new Map<string, Intl.NumberFormat>();
/** A cost input in its own currency, whole units as the explanations show amounts from 100 up. */
function formatMoneyIn(value: number, currency: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : 2;
  const key = `${currency}|${digits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-IE", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormats.set(key, format);
  }
  return format.format(value);
}

export interface AccountDetail {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  segment: string;
  industry: string | null;
  region: string | null;
  currency: string;
  status: string;
  acquiredAt: string;
  acquisitionChannel: string | null;
  version: number;
  metrics: MetricsView | null;
  /** Computed flags with their record: id, state, raisedAt, followUpId, dealId. */
  flags: AccountFlag[];
  /** The arithmetic behind each LTV figure, in words a rep can check. */
  explanations: { historical: string; formula: string; revenue: string; upperLimitAcquisitionCost: string; lifespan: string } | null;
}

export async function getAccount(actor: Actor, accountId: string): Promise<AccountDetail> {
  // One statement reads the account for the access rule and for the page.
  const account = mayAccess(actor, await readAccount(runnerQuery(await database()), accountId), "read");
  return {
    id: account.id,
    name: account.name,
    ownerId: account.ownerId,
    ownerName: account.owner.name,
    segment: account.segment,
    industry: account.industry,
    region: account.region,
    currency: account.currency,
    status: account.status,
    acquiredAt: account.acquiredAt.toISOString().slice(0, 10),
    acquisitionChannel: account.acquisitionChannel,
    version: account.version,
    metrics: account.metrics ? metricsView(account.metrics) : null,
    flags: await accountFlagsFor(account.id, flagsOf(account.metrics)),
    explanations: account.metrics ? await explainLtv(account) : null,
  };
}

type AccountWithMetrics = Account & { metrics: AccountMetrics | null };

// The account, its owner's name and its metrics in one raw statement: the same values Prisma's
// findUnique with include gives (decimals as Decimal, dates as Date, the date column at UTC
// midnight), for a fraction of a model query's CPU and one round trip instead of three.
const decimal = (value: unknown) => new Prisma.Decimal(String(value));
const decimalOrNull = (value: unknown) => (value === null ? null : decimal(value));
const instant = (value: unknown) => new Date(Number(value));
const instantOrNull = (value: unknown) => (value === null ? null : instant(value));
const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as Prisma.JsonValue;
const ms = (column: string) => `round(extract(epoch FROM ${column}) * 1000)::float8`;

/** The account with its owner's name and metrics, or null when there is no such account. */
export async function readAccount(query: Query, accountId: string): Promise<(AccountWithMetrics & { owner: { name: string } }) | null> {
  const [row] = await query(
    `SELECT a.id::text AS id, a.external_id, a.name, a.owner_id::text AS owner_id, a.segment, a.industry, a.region, a.currency,
            a.acquired_at::text AS acquired_at, a.acquisition_channel, a.acquisition_cost_override::text AS acquisition_cost_override,
            a.status::text AS status, a.version, ${ms("a.created_at")} AS created_at, ${ms("a.updated_at")} AS updated_at,
            u.name AS owner_name,
            m.account_id IS NOT NULL AS has_metrics, m.owner_id::text AS m_owner_id, m.segment AS m_segment, m.search_name,
            m.revenue::text AS revenue, m.gross_profit::text AS gross_profit, m.orders,
            ${ms("m.first_purchase_at")} AS first_purchase_at, ${ms("m.last_purchase_at")} AS last_purchase_at,
            ${ms("m.last_visit_at")} AS last_visit_at, m.average_order_value::text AS average_order_value,
            m.purchases_per_year, m.lifespan_years, m.historical_ltv::text AS historical_ltv, m.revenue_ltv::text AS revenue_ltv,
            m.formula_ltv::text AS formula_ltv, m.predicted_clv::text AS predicted_clv, m.p_alive, m.expected_purchases,
            m.p_no_order_90, m.expected_orders_90, m.next_order_days, m.flags, m.flag_mask, m.attention_score, m.churn_risk,
            m.model_fit_id::text AS model_fit_id, ${ms("m.computed_at")} AS computed_at, m.purchase_days,
            m.repeat_revenue::text AS repeat_revenue, m.usual_gap_days, m.category_spend, m.reporting_currency,
            m.reporting_revenue::text AS reporting_revenue, m.reporting_historical_ltv::text AS reporting_historical_ltv,
            m.reporting_formula_ltv::text AS reporting_formula_ltv, m.reporting_predicted_clv::text AS reporting_predicted_clv,
            m.reporting_gap, m.reporting_rates_version
       FROM accounts a
       JOIN users u ON u.id = a.owner_id
       LEFT JOIN account_metrics m ON m.account_id = a.id
      WHERE a.id = $1::uuid`,
    [accountId],
    { prepare: "account-page" },
  );
  if (!row) return null;
  const id = String(row.id);
  const metrics: AccountMetrics | null = row.has_metrics
    ? {
        accountId: id,
        ownerId: String(row.m_owner_id),
        segment: String(row.m_segment),
        searchName: String(row.search_name),
        revenue: decimal(row.revenue),
        grossProfit: decimal(row.gross_profit),
        orders: Number(row.orders),
        firstPurchaseAt: instantOrNull(row.first_purchase_at),
        lastPurchaseAt: instantOrNull(row.last_purchase_at),
        lastVisitAt: instantOrNull(row.last_visit_at),
        averageOrderValue: decimal(row.average_order_value),
        purchasesPerYear: Number(row.purchases_per_year),
        lifespanYears: Number(row.lifespan_years),
        historicalLtv: decimal(row.historical_ltv),
        revenueLtv: decimal(row.revenue_ltv),
        formulaLtv: decimal(row.formula_ltv),
        predictedClv: decimal(row.predicted_clv),
        pAlive: Number(row.p_alive),
        expectedPurchases: Number(row.expected_purchases),
        pNoOrder90: row.p_no_order_90 === null ? null : Number(row.p_no_order_90),
        expectedOrders90: Number(row.expected_orders_90),
        nextOrderDays: row.next_order_days === null ? null : Number(row.next_order_days),
        flags: json(row.flags),
        flagMask: Number(row.flag_mask),
        attentionScore: Number(row.attention_score),
        churnRisk: Boolean(row.churn_risk),
        modelFitId: row.model_fit_id === null ? null : String(row.model_fit_id),
        computedAt: instant(row.computed_at),
        purchaseDays: Number(row.purchase_days),
        repeatRevenue: decimal(row.repeat_revenue),
        usualGapDays: row.usual_gap_days === null ? null : Number(row.usual_gap_days),
        categorySpend: json(row.category_spend),
        reportingCurrency: row.reporting_currency === null ? null : String(row.reporting_currency),
        reportingRevenue: decimalOrNull(row.reporting_revenue),
        reportingHistoricalLtv: decimalOrNull(row.reporting_historical_ltv),
        reportingFormulaLtv: decimalOrNull(row.reporting_formula_ltv),
        reportingPredictedClv: decimalOrNull(row.reporting_predicted_clv),
        reportingGap: row.reporting_gap === null ? null : json(row.reporting_gap),
        reportingRatesVersion: Number(row.reporting_rates_version),
      }
    : null;
  return {
    id,
    externalId: row.external_id === null ? null : String(row.external_id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    segment: String(row.segment),
    industry: row.industry === null ? null : String(row.industry),
    region: row.region === null ? null : String(row.region),
    currency: String(row.currency),
    acquiredAt: new Date(`${String(row.acquired_at)}T00:00:00.000Z`),
    acquisitionChannel: row.acquisition_channel === null ? null : String(row.acquisition_channel),
    acquisitionCostOverride: decimalOrNull(row.acquisition_cost_override),
    status: String(row.status) as Account["status"],
    version: Number(row.version),
    createdAt: instant(row.created_at),
    updatedAt: instant(row.updated_at),
    owner: { name: String(row.owner_name) },
    metrics,
  };
}

// Re-derives the sentences from the stored rates and the cost inputs in force,
// with the same functions that produced the stored numbers (lib/ltv/formula.ts).
async function explainLtv(account: AccountWithMetrics): Promise<AccountDetail["explanations"]> {
  const metrics = account.metrics!;
  const context = await loadInputsContext(runnerQuery(await database()));
  const currency = account.currency.trim();
  // The cost inputs are in the reporting currency: converted at the as-of rate as the stored figures were,
  // and the sentence names both amounts (decision 0015).
  const reportingCosts = context.costsFor(account.segment);
  const fx = accountFx({ currency, purchases: [] }, context.fx, metrics.computedAt);
  const costs = costsInAccountCurrency(reportingCosts, currency, fx);
  const reporting = context.fx.reportingCurrency;
  const inReporting = (value: number) => formatMoneyIn(value, reporting);
  const source = (value: number) =>
    currency === reporting
      ? undefined
      : fx.asOfRate
        ? `${inReporting(value)} × ${rateText(invert(fx.asOfRate))}`
        : `${inReporting(value)} left out: no ${currency} rate`;
  const format: ExplainFormat = {
    currency,
    costSource: {
      acquisitionCost: account.acquisitionCostOverride ? undefined : source(reportingCosts.acquisitionCost),
      retentionCostPerYear: source(reportingCosts.retentionCostPerYear),
    },
  };
  const lifespan = expectedLifespan(
    { yearlyChurnRate: context.portfolio.yearlyChurnRate, capYears: costs.lifespanCapYears, defaultYears: costs.defaultLifespanYears },
    format,
  );
  const acquisitionCost = account.acquisitionCostOverride?.toNumber() ?? costs.acquisitionCost;
  const rates = {
    averageOrderValue: metrics.averageOrderValue.toNumber(),
    purchasesPerYear: metrics.purchasesPerYear,
    lifespanYears: metrics.lifespanYears,
  };
  // Whole UTC days, as lib/ltv counts them, so the sentence ends on the stored figure.
  const days = daysBetween(account.acquiredAt, metrics.computedAt);
  const yearsAsCustomer = Math.max(0, days) / DAYS_PER_YEAR;
  return {
    historical: historicalLtv(
      {
        revenueToDate: metrics.revenue.toNumber(),
        grossProfitToDate: metrics.grossProfit.toNumber(),
        acquisitionCost,
        retentionCostPerYear: costs.retentionCostPerYear,
        yearsAsCustomer,
      },
      format,
    ).explanation,
    formula: formulaLtv(
      { ...rates, grossMargin: costs.grossMargin, acquisitionCost, retentionCostPerYear: costs.retentionCostPerYear },
      format,
    ).explanation,
    revenue: revenueLtv(rates, format).explanation,
    upperLimitAcquisitionCost: upperLimitAcquisitionCost(
      { ...rates, grossMargin: costs.grossMargin, retentionCostPerYear: costs.retentionCostPerYear },
      format,
    ).explanation,
    lifespan: lifespan.explanation,
  };
}
