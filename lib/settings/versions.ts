// Cost-settings versions: reading them and turning them into the costs the
// metrics are computed with. A version is the default row plus the per-segment
// override rows saved with it (same effective_from); the newest applied version
// whose effective_from has come is in force (lib/metrics/context.ts reads the same).
import type { CostSettings, Prisma } from "@/lib/generated/prisma/client";
import type { MetricsCosts } from "@/lib/metrics/compute";
import type { MetricsContext } from "@/lib/metrics/context";
import { currentThresholdKeys, type FlagThresholds } from "@/lib/flags/thresholds";
import { centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import type { CostInputs } from "./schema";

type Tx = Prisma.TransactionClient;

/** One set of inputs as the API shows it: money in currency units, fractions as fractions (the metrics' own shape). */
export type CostInputsView = MetricsCosts;

export interface CostVersion {
  /** Id of the default row: the handle an edit is based on (`basedOn`). */
  id: string;
  effectiveFrom: Date;
  appliedAt: Date | null;
  note: string | null;
  createdBy: { id: string; name: string } | null;
  default: CostInputsView;
  segments: Record<string, CostInputsView>;
}

const parseJson = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as Partial<FlagThresholds>;

export function inputsViewOfRow(row: CostSettings): CostInputsView {
  return {
    acquisitionCost: centsFromDecimalString(row.acquisitionCost.toFixed(2)) / 100,
    retentionCostPerYear: centsFromDecimalString(row.retentionCostPerYear.toFixed(2)) / 100,
    grossMargin: Number(row.grossMargin.toString()),
    discountRateYearly: Number(row.discountRateYearly.toString()),
    horizonMonths: row.horizonMonths,
    lifespanCapYears: Number(row.lifespanCapYears.toString()),
    defaultLifespanYears: Number(row.defaultLifespanYears.toString()),
    // Retired keys dropped: the strict input schema would refuse the form an admin saves from them.
    flagThresholds: currentThresholdKeys(parseJson(row.flagThresholds) ?? {}),
  };
}

export function inputsViewOf(inputs: CostInputs): CostInputsView {
  return { ...inputs, acquisitionCost: inputs.acquisitionCost / 100, retentionCostPerYear: inputs.retentionCostPerYear / 100 };
}

/** The costs the metrics use (same shape and rounding as loadMetricsContext produces). */
export const metricsCostsOf = (view: CostInputsView): MetricsCosts => ({ ...view, flagThresholds: { ...view.flagThresholds } });

/** Column values for a cost_settings row. */
export function rowDataOf(inputs: CostInputs) {
  return {
    acquisitionCost: decimalStringFromCents(inputs.acquisitionCost),
    retentionCostPerYear: decimalStringFromCents(inputs.retentionCostPerYear),
    grossMargin: inputs.grossMargin.toFixed(4),
    discountRateYearly: inputs.discountRateYearly.toFixed(4),
    horizonMonths: inputs.horizonMonths,
    lifespanCapYears: inputs.lifespanCapYears.toFixed(2),
    defaultLifespanYears: inputs.defaultLifespanYears.toFixed(2),
    flagThresholds: inputs.flagThresholds as Prisma.InputJsonValue,
  };
}

type RowWithCreator = CostSettings & { createdBy: { id: string; name: string } | null };

/** Groups rows (any order) into versions, newest first. Rows without a default row are skipped. */
export function groupVersions(rows: RowWithCreator[]): CostVersion[] {
  const byTime = new Map<number, RowWithCreator[]>();
  for (const row of rows) {
    const key = row.effectiveFrom.getTime();
    byTime.set(key, [...(byTime.get(key) ?? []), row]);
  }
  const versions: CostVersion[] = [];
  for (const group of byTime.values()) {
    const defaults = group.filter((row) => row.segment === null).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const head = defaults[0];
    if (!head) continue;
    const segments: Record<string, CostInputsView> = {};
    for (const row of group) if (row.segment !== null) segments[row.segment] = inputsViewOfRow(row);
    versions.push({
      id: head.id,
      effectiveFrom: head.effectiveFrom,
      appliedAt: head.appliedAt,
      note: head.note,
      createdBy: head.createdBy,
      default: inputsViewOfRow(head),
      segments,
    });
  }
  return versions.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
}

export async function loadVersions(tx: Tx): Promise<CostVersion[]> {
  const rows = await tx.costSettings.findMany({ include: { createdBy: { select: { id: true, name: true } } } });
  return groupVersions(rows);
}

/** The version in force at `asOf`: the newest applied one that has taken effect. */
export function versionInForce(versions: CostVersion[], asOf = new Date()): CostVersion | null {
  return versions.find((v) => v.appliedAt !== null && v.effectiveFrom.getTime() <= asOf.getTime()) ?? null;
}

/** `base` (model, portfolio, catalog) with other cost inputs. */
export function contextWithCosts(
  base: MetricsContext,
  costDefaults: CostInputsView,
  segments: Record<string, CostInputsView>,
): MetricsContext {
  const defaults = metricsCostsOf(costDefaults);
  const costsBySegment = new Map(Object.entries(segments).map(([segment, view]) => [segment, metricsCostsOf(view)]));
  return { ...base, costDefaults: defaults, costsBySegment, costsFor: (segment) => costsBySegment.get(segment) ?? defaults };
}
