// Portfolio figures for the manager dashboard, read from the live per-account
// metrics (never aggregated from purchases per request).
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountOwnerFilter } from "@/lib/auth/permissions";

export interface PortfolioSummary {
  accounts: number;
  customers: number;
  revenue: number;
  averageHistoricalLtv: number;
  averageFormulaLtv: number;
  churnRiskAccounts: number;
  revenueAtRisk: number;
}

export async function portfolioSummary(actor: Actor): Promise<PortfolioSummary> {
  const prisma = await getPrisma();
  const ownerId = accountOwnerFilter(actor);
  const where = ownerId ? { ownerId } : {};
  const [all, customers, atRisk] = await Promise.all([
    prisma.accountMetrics.aggregate({
      where,
      _count: { _all: true },
      // Money in the reporting currency (decision 0015): sums and averages skip accounts without a rate.
      _sum: { reportingRevenue: true },
      _avg: { reportingHistoricalLtv: true, reportingFormulaLtv: true },
    }),
    prisma.accountMetrics.count({ where: { ...where, orders: { gt: 0 } } }),
    prisma.accountMetrics.aggregate({
      where: { ...where, churnRisk: true },
      _count: { _all: true },
      _sum: { reportingPredictedClv: true },
    }),
  ]);
  return {
    accounts: all._count._all,
    customers,
    revenue: all._sum.reportingRevenue?.toNumber() ?? 0,
    averageHistoricalLtv: all._avg.reportingHistoricalLtv?.toNumber() ?? 0,
    averageFormulaLtv: all._avg.reportingFormulaLtv?.toNumber() ?? 0,
    churnRiskAccounts: atRisk._count._all,
    revenueAtRisk: atRisk._sum.reportingPredictedClv?.toNumber() ?? 0,
  };
}

export interface TopAccount {
  accountId: string;
  name: string;
  ownerName: string;
  segment: string;
  currency: string;
  historicalLtv: number;
  formulaLtv: number;
  predictedClv: number;
  pAlive: number;
}

export async function topAccountsByHistoricalLtv(actor: Actor, limit = 20): Promise<TopAccount[]> {
  const prisma = await getPrisma();
  const ownerId = accountOwnerFilter(actor);
  const rows = await prisma.accountMetrics.findMany({
    where: ownerId ? { ownerId } : {},
    orderBy: [{ historicalLtv: "desc" }, { accountId: "desc" }],
    take: limit,
    include: { account: { select: { name: true, segment: true, currency: true, owner: { select: { name: true } } } } },
  });
  return rows.map((row) => ({
    accountId: row.accountId,
    name: row.account.name,
    ownerName: row.account.owner.name,
    segment: row.account.segment,
    currency: row.account.currency,
    historicalLtv: row.historicalLtv.toNumber(),
    formulaLtv: row.formulaLtv.toNumber(),
    predictedClv: row.predictedClv.toNumber(),
    pAlive: row.pAlive,
  }));
}
