// Small statistics and timing helpers shared by the benchmarks (bench/run.ts, bench/fit.ts).

/** Nearest-rank quantile: the smallest value with at least q of the sample at or below it. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
export const round2 = (v: number) => Math.round(v * 100) / 100;

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Latency summary in ms (two decimals). */
export function summarize(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: round2(quantile(sorted, 0.5)),
    p95: round2(quantile(sorted, 0.95)),
    p99: round2(quantile(sorted, 0.99)),
    mean: round2(mean),
    min: round2(sorted[0] ?? Number.NaN),
    max: round2(sorted.at(-1) ?? Number.NaN),
  };
}

/** Wall time of one call in ms, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * Calls fn(i) `n` times one after the other (after `warmup` untimed calls) and
 * summarises the latencies. Sequential on purpose: this is one client's latency;
 * throughput under concurrency is the HTTP part's job.
 */
export async function sample(
  n: number,
  fn: (i: number) => Promise<unknown>,
  opts: { warmup?: number; /** Runs before each call, untimed. */ before?: () => Promise<unknown> } = {},
): Promise<LatencyStats> {
  const warmup = opts.warmup ?? Math.min(5, Math.ceil(n / 10));
  for (let i = 0; i < warmup; i++) await fn(n + i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await opts.before?.();
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  return summarize(times);
}
