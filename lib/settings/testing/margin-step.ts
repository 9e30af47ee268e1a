// The body of PUT /api/settings/costs that moves the default gross margin by `step` and keeps
// every other input in force: what the benchmarks and the two-instance check save.
export interface InForceCosts {
  id: string;
  default: {
    grossMargin: number;
    acquisitionCost: unknown;
    retentionCostPerYear: unknown;
    discountRateYearly: unknown;
    horizonMonths: unknown;
    lifespanCapYears: unknown;
    defaultLifespanYears: unknown;
    flagThresholds: unknown;
  };
}

export function marginStepChange(inForce: InForceCosts, step: number, note?: string) {
  const current = inForce.default;
  // One step up, or down when that would pass 0.9: every account's formula LTV and predicted CLV change.
  const margin = current.grossMargin + step > 0.9 ? current.grossMargin - step : current.grossMargin + step;
  return {
    default: {
      acquisitionCost: current.acquisitionCost,
      retentionCostPerYear: current.retentionCostPerYear,
      grossMargin: Math.round(margin * 10_000) / 10_000,
      discountRateYearly: current.discountRateYearly,
      horizonMonths: current.horizonMonths,
      lifespanCapYears: current.lifespanCapYears,
      defaultLifespanYears: current.defaultLifespanYears,
      flagThresholds: current.flagThresholds,
    },
    segments: {},
    ...(note ? { note } : {}),
    basedOn: inForce.id,
  };
}
