// Shared scoring conventions, so scores of different flag types can be sorted together.

/**
 * Upsell and cross-sell are opportunities without a deadline; their scores are scaled into
 * [0, 0.5] so that a due refill (0.5 and up) or a likely churn comes first on a rep's list,
 * while valueAtStake still lets a large opportunity rank an account high (attentionScore).
 */
export const OPPORTUNITY_SCALE = 0.5;

export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** P(alive) as a weight: 1 while the model has not been fitted (clv-reference: "rank by gap × P(alive)"). */
export function pAliveWeight(pAlive: number | null): number {
  return pAlive === null || !Number.isFinite(pAlive) ? 1 : clamp01(pAlive);
}

/** Money that can be at stake: never negative, never NaN. */
export function nonNegativeMoney(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** Code-unit string order: the same on every server, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
