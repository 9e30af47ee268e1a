// Effective-dated cost inputs behind LTV: the default row plus per-segment
// overrides, each the newest row with effective_from ≤ asOf.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

type Reader = Pick<PrismaClient, "costSettings"> | Prisma.TransactionClient;

/** Cost inputs as plain numbers for the pure LTV code (fractions, money in account currency). */
export interface CostInputs {
  acquisitionCost: number;
  retentionCostPerYear: number;
  grossMargin: number;
  discountRateYearly: number;
  horizonMonths: number;
  lifespanCapYears: number;
  defaultLifespanYears: number;
  flagThresholds: Record<string, number>;
}

export const FALLBACK_COST_INPUTS: CostInputs = {
  acquisitionCost: 0,
  retentionCostPerYear: 0,
  grossMargin: 1,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: {},
};

export interface CostSettingsBook {
  defaults: CostInputs;
  bySegment: Map<string, CostInputs>;
  forSegment(segment: string): CostInputs;
}

type Row = Awaited<ReturnType<Reader["costSettings"]["findMany"]>>[number];

function toInputs(row: Row): CostInputs {
  return {
    acquisitionCost: row.acquisitionCost.toNumber(),
    retentionCostPerYear: row.retentionCostPerYear.toNumber(),
    grossMargin: row.grossMargin.toNumber(),
    discountRateYearly: row.discountRateYearly.toNumber(),
    horizonMonths: row.horizonMonths,
    lifespanCapYears: row.lifespanCapYears.toNumber(),
    defaultLifespanYears: row.defaultLifespanYears.toNumber(),
    flagThresholds: (row.flagThresholds ?? {}) as Record<string, number>,
  };
}

export async function loadCostSettings(db: Reader, asOf: Date = new Date()): Promise<CostSettingsBook> {
  const rows = await db.costSettings.findMany({
    where: { effectiveFrom: { lte: asOf } },
    orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }],
  });
  let defaults: CostInputs | undefined;
  const bySegment = new Map<string, CostInputs>();
  for (const row of rows) {
    if (row.segment === null) defaults ??= toInputs(row);
    else if (!bySegment.has(row.segment)) bySegment.set(row.segment, toInputs(row));
  }
  const resolvedDefaults = defaults ?? FALLBACK_COST_INPUTS;
  return {
    defaults: resolvedDefaults,
    bySegment,
    forSegment: (segment) => bySegment.get(segment) ?? resolvedDefaults,
  };
}
