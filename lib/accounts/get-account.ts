// One account as the rep's account page and GET /api/accounts/{id} show it:
// identity, live metrics with the LTV arithmetic, flags, recent history.
import { runnerQuery } from "@/lib/db/sql";
import { getPrisma } from "@/lib/db/client";
import type { Account, AccountMetrics } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "./access";
import { flagsOf, metricsView, type MetricsView } from "./metrics-view";
import { accountFlagsFor } from "@/lib/flag-records/read";
import type { AccountFlag } from "@/lib/flag-records/flag-views";
import { DAYS_PER_YEAR, daysBetween } from "@/lib/days";
import { expectedLifespan, formulaLtv, historicalLtv, revenueLtv, upperLimitAcquisitionCost, type ExplainFormat } from "@/lib/ltv/formula";
import { loadMetricsContext } from "@/lib/metrics/context";
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
  const prisma = await getPrisma();
  await accountFor(prisma, actor, accountId, "read");
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: accountId },
    include: { owner: { select: { name: true } }, metrics: true },
  });
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

// Re-derives the sentences from the stored rates and the cost inputs in force,
// with the same functions that produced the stored numbers (lib/ltv/formula.ts).
async function explainLtv(account: AccountWithMetrics): Promise<AccountDetail["explanations"]> {
  const metrics = account.metrics!;
  const context = await loadMetricsContext(runnerQuery(await database()));
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
