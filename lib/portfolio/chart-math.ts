// Pure shaping of portfolio figures into chart series: Pareto downsampling, the
// LTV histogram's bins, the cohort grid and month ranges. No database, so the
// rules are unit-tested on their own; lib/portfolio/charts.ts feeds them.
import { paretoShareOfCurve, paretoShareRanks, type ParetoPoint } from "@/lib/ltv/formula";

/** At most `maxPoints` points of a curve, always keeping the first and last, each an exact point of the input. */
export function downsample<T>(points: readonly T[], maxPoints = 101): T[] {
  if (maxPoints < 2) throw new RangeError("maxPoints must be at least 2");
  if (points.length <= maxPoints) return [...points];
  const last = points.length - 1;
  const out: T[] = [];
  for (let k = 0; k < maxPoints; k++) out.push(points[Math.round((k * last) / (maxPoints - 1))]!);
  return out;
}

export interface ParetoChart {
  /** Cumulative revenue share vs account share, largest accounts first; ≤ 101 points. */
  points: ParetoPoint[];
  /** Share of revenue from the top 20 % of customers (lib/ltv/formula paretoShare). */
  top20Share: number;
  explanation: string;
  customers: number;
  /**
   * Beside each point: the smallest revenue among the customers it counts (the floor that
   * lists exactly them, ties aside, in the ranking); null at the origin. Same length as points.
   */
  minRevenues: Array<number | null>;
}

/** Pareto concentration over customers' revenue (lib/ltv/formula), downsampled for drawing. */
export function paretoChart(revenues: readonly number[], maxPoints = 101): ParetoChart {
  // As lib/ltv/formula paretoCurve: negatives as 0, largest first; rank i counts the first i.
  return paretoChartOfSorted(
    revenues.map((v) => Math.max(0, v)).sort((a, b) => b - a),
    maxPoints,
  );
}

/** paretoChart of revenues already clamped at 0 and sorted largest first (as the database hands them over). */
export function paretoChartOfSorted(sorted: ArrayLike<number>, maxPoints = 101): ParetoChart {
  const n = sorted.length;
  const wanted = paretoChartRanks(n, maxPoints);
  const ranks = new Map<number, ParetoRank>();
  // One running sum, added largest first, kept at the ranks the chart reads.
  let cumulative = 0;
  let next = 0;
  for (let i = 0; i <= n && next < wanted.length; i++) {
    if (i > 0) cumulative += sorted[i - 1]!;
    if (wanted[next] === i) {
      ranks.set(i, { revenue: i === 0 ? null : sorted[i - 1]!, cumulative });
      next++;
    }
  }
  return paretoChartOfRanks(n, ranks, maxPoints);
}

/** A point of the Pareto curve: the i-th largest revenue (negatives as 0; null at i = 0) and the sum of the first i. */
export interface ParetoRank {
  revenue: number | null;
  cumulative: number;
}

/** The ranks (0..n) paretoChart reads for n customers: the drawn points, the top-20 % pair and n (the total). */
export function paretoChartRanks(n: number, maxPoints = 101): number[] {
  const ranks = new Set(
    downsample(
      Array.from({ length: n + 1 }, (_, i) => i),
      maxPoints,
    ),
  );
  for (const i of paretoShareRanks(n, 0.2)) ranks.add(i);
  ranks.add(n);
  return [...ranks].sort((a, b) => a - b);
}

/**
 * paretoChart from the curve at paretoChartRanks(n) only: what a database sorting the customers
 * hands over (lib/portfolio/charts.ts) instead of every customer's revenue. Sums added in the
 * same order (largest first) give the same figures to the last bit.
 */
export function paretoChartOfRanks(n: number, ranks: ReadonlyMap<number, ParetoRank>, maxPoints = 101): ParetoChart {
  const rank = (i: number): ParetoRank => {
    const found = i === 0 ? { revenue: null, cumulative: 0 } : ranks.get(i);
    if (!found) throw new RangeError(`the Pareto curve's rank ${i} is missing`);
    return found;
  };
  const total = rank(n).cumulative;
  const shareAt = (i: number) => (total > 0 ? rank(i).cumulative / total : 0);
  const share = paretoShareOfCurve(n, shareAt, total, 0.2);
  const drawn = downsample(
    Array.from({ length: n + 1 }, (_, i) => i),
    maxPoints,
  );
  return {
    points: drawn.map((i) => ({ accountShare: i === 0 ? 0 : i / n, revenueShare: shareAt(i) })),
    top20Share: share.value,
    explanation: share.explanation,
    customers: n,
    minRevenues: drawn.map((i) => rank(i).revenue),
  };
}

/** Linear-interpolation quantile of sorted values (type 7, as numpy/R default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}

export interface HistogramBin {
  /** Inclusive lower edge; null for the open "below" bin. */
  from: number | null;
  /** Exclusive upper edge; null for the open "and above" bin. */
  to: number | null;
  count: number;
}

export interface Histogram {
  bins: HistogramBin[];
  accounts: number;
  negative: number;
  median: number | null;
  /** Width of the narrowest bins (next to 0). */
  step: number;
}

/** 1, 2 or 5 × 10^k: the smallest such value ≥ raw (at least one cent). */
function niceEdge(raw: number): number {
  if (!(raw > 0.01) || !Number.isFinite(raw)) return 0.01;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (factor * magnitude >= raw * (1 - 1e-12)) return Number((factor * magnitude).toPrecision(12));
  return 10 * magnitude;
}

/** The 1-2-5 ladder (…, 1, 2, 5, 10, 20, …) from `base` (itself on the ladder) up to the first value ≥ limit. */
function series125(base: number, limit: number): number[] {
  const out: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(base)); out.length < 200; decade *= 10) {
    for (const factor of [1, 2, 5]) {
      const value = Number((factor * decade).toPrecision(12));
      if (value < base * (1 - 1e-12)) continue;
      out.push(value);
      if (value >= limit) return out;
    }
  }
  return out;
}

/**
 * Bins for a heavily right-skewed money distribution (LTV: median in the
 * thousands, a tail in the millions): edges on a 1-2-5 ladder either side of 0
 * (… −2k, −1k, 0, 1k, 2k, 5k, 10k …), so fixed-width bins do not put most
 * accounts in the first bar. The range is clipped to the 1st–99th percentile
 * with open bins for the tails. Negative LTVs (costs above margin) get their
 * own bins: 0 is always an edge when the range crosses it.
 */
export function histogram(values: readonly number[]): Histogram {
  // A typed array sorts numbers by value natively: a third of the time of sort with a comparator at 100 000.
  return histogramOfSorted(Float64Array.from(values.filter(Number.isFinite)).sort());
}

/** histogram of finite values already sorted in ascending order. */
export function histogramOfSorted(sorted: ArrayLike<number>): Histogram {
  if (sorted.length === 0) return { bins: [], accounts: 0, negative: 0, median: null, step: 0 };
  const { edges, step } = histogramEdges(quantileSorted(sorted, 0.01), quantileSorted(sorted, 0.99));
  const counts = Array.from({ length: edges.length + 1 }, () => 0);
  // bucketOf for ascending values: the number of edges ≤ v only grows, so one walk over the edges.
  let bucket = 0;
  let negative = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v < 0) negative++;
    while (bucket < edges.length && v >= edges[bucket]!) bucket++;
    counts[bucket]!++;
  }
  return histogramOfCounts({ edges, step, counts, accounts: sorted.length, negative, median: quantileSorted(sorted, 0.5) });
}

/**
 * The bin edges for values whose 1st and 99th percentiles (quantileSorted) are lo and hi: a 1-2-5
 * ladder either side of 0, trimmed to the clipped range; step is the narrowest width.
 */
export function histogramEdges(lo: number, hi: number): { edges: number[]; step: number } {
  // Smallest bin width: a thousandth of the span, rounded to the ladder.
  const base = niceEdge(Math.max(Math.abs(lo), Math.abs(hi)) / 1000);
  const up = series125(base, Math.max(hi, base));
  const down = lo < 0 ? series125(base, -lo).map((edge) => -edge) : [];
  const edges = [...down.reverse(), 0, ...up];
  // Trim to the clipped range: the last edge ≤ lo opens the bins, the first edge > hi closes them.
  const first = edges.findLastIndex((edge) => edge <= lo);
  const last = edges.findIndex((edge) => edge > hi);
  return { edges: edges.slice(Math.max(0, first), last === -1 ? edges.length : last + 1), step: base };
}

/**
 * PostgreSQL's width_bucket(v, edges): 0 below the first edge, i when edges[i-1] ≤ v < edges[i],
 * edges.length at or above the last.
 */
export function bucketOf(v: number, edges: readonly number[]): number {
  let bucket = edges.length;
  while (bucket > 0 && v < edges[bucket - 1]!) bucket--;
  return bucket;
}

/** The histogram from counts per bucket (bucketOf / width_bucket, 0..edges.length): the open bins only when used. */
export function histogramOfCounts(input: {
  edges: readonly number[];
  step: number;
  counts: readonly number[];
  accounts: number;
  negative: number;
  median: number | null;
}): Histogram {
  const { edges, counts } = input;
  const below = counts[0] ?? 0;
  const above = counts[edges.length] ?? 0;
  const regular: HistogramBin[] = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, count: counts[i + 1] ?? 0 }));
  const bins: HistogramBin[] = [
    ...(below > 0 ? [{ from: null, to: edges[0]!, count: below }] : []),
    ...regular,
    ...(above > 0 ? [{ from: edges.at(-1)!, to: null, count: above }] : []),
  ];
  return { bins, accounts: input.accounts, negative: input.negative, median: input.median, step: input.step };
}

/** "YYYY-MM" of a date in UTC. */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first instant (UTC) of the month `monthsBack` months before `asOf`'s month. */
export function monthStart(asOf: Date, monthsBack = 0): Date {
  return new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - monthsBack, 1));
}

/** The last `count` months up to and including asOf's month, oldest first. */
export function lastMonths(asOf: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => monthKey(monthStart(asOf, count - 1 - i)));
}

/** Whole months from month `from` to month `to` ("YYYY-MM"). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  return (ty! - fy!) * 12 + (tm! - fm!);
}

export interface CohortRow {
  cohort: string;
  size: number;
  /** Share of the cohort buying in month k after its first month (k = 0 is the first month: 1 by definition); null = not observed yet. */
  retention: Array<number | null>;
}

/** Builds the retention grid from (cohort, size, k, buyers) rows. */
export function cohortGrid(
  rows: ReadonlyArray<{ cohort: string; size: number; k: number | null; accounts: number | null }>,
  asOfMonth: string,
): { cohorts: CohortRow[]; maxOffset: number } {
  const byCohort = new Map<string, CohortRow>();
  let maxOffset = 0;
  for (const row of rows) {
    let entry = byCohort.get(row.cohort);
    if (!entry) {
      const observable = Math.max(0, monthsBetween(row.cohort, asOfMonth));
      maxOffset = Math.max(maxOffset, observable);
      entry = { cohort: row.cohort, size: row.size, retention: Array.from({ length: observable + 1 }, () => 0) };
      byCohort.set(row.cohort, entry);
    }
    if (row.k !== null && row.accounts !== null && row.k >= 0 && row.k < entry.retention.length && row.size > 0) {
      entry.retention[row.k] = row.accounts / row.size;
    }
  }
  const cohorts = [...byCohort.values()].sort((a, b) => a.cohort.localeCompare(b.cohort));
  for (const entry of cohorts) while (entry.retention.length < maxOffset + 1) entry.retention.push(null);
  return { cohorts, maxOffset };
}

/**
 * "12.5,-3.00,0" (numeric values as PostgreSQL writes them) → their doubles, each exactly what
 * Number(text) or float8 gives: with at most two decimals the value is whole hundredths, and an
 * integer divided by 100 is rounded once, to the nearest double of the decimal. Anything else
 * (an exponent, more decimals) goes through Number. Parsed in place: 100 000 values in ~3 ms
 * where split and Number take ~12.
 */
export function decimalsOf(text: string): Float64Array {
  if (text === "") return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 44) count++;
  const out = new Float64Array(count);
  let start = 0;
  for (let k = 0; k < count; k++) {
    let end = text.indexOf(",", start);
    if (end === -1) end = text.length;
    out[k] = decimalAt(text, start, end);
    start = end + 1;
  }
  return out;
}

function decimalAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let whole = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && decimals === -1) decimals = 0;
    else if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else return Number(text.slice(start, end));
  }
  // Past 15 digits the integer is no longer exact; past two decimals the division is not one rounding.
  if (digits === 0 || digits > 15 || decimals > 2) return Number(text.slice(start, end));
  const value = decimals <= 0 ? whole : decimals === 1 ? whole / 10 : whole / 100;
  return negative ? -value : value;
}

/**
 * `sorted` (in the given order) less the values in `removed` and plus those in `added`, as
 * multisets: a value both taken away and put in cancels out first, so a batch of changes in which
 * one value is put in and later taken away again applies in any order. One merge pass (the inputs
 * are sorted here), so a batch costs one walk of `sorted` whatever its size. Null when a value to
 * take away is not in `sorted`: the caller's values and the changes disagree.
 */
export function patchSorted(
  sorted: Float64Array,
  removed: Float64Array,
  added: Float64Array,
  order: "ascending" | "descending",
): Float64Array | null {
  const descending = order === "descending";
  const inOrder = (values: Float64Array) => (descending ? values.slice().sort().reverse() : values.slice().sort());
  const before = descending ? (x: number, y: number) => x > y : (x: number, y: number) => x < y;
  // Cancel the values in both lists.
  const take = inOrder(removed);
  const put = inOrder(added);
  const takeLeft: number[] = [];
  const putLeft: number[] = [];
  for (let r = 0, a = 0; r < take.length || a < put.length;) {
    if (a >= put.length || (r < take.length && before(take[r]!, put[a]!))) takeLeft.push(take[r++]!);
    else if (r >= take.length || before(put[a]!, take[r]!)) putLeft.push(put[a++]!);
    else {
      r++;
      a++;
    }
  }
  const n = sorted.length;
  if (takeLeft.length > n) return null;
  const out = new Float64Array(n - takeLeft.length + putLeft.length);
  let i = 0;
  let r = 0;
  let a = 0;
  let o = 0;
  while (i < n || a < putLeft.length) {
    if (i < n && r < takeLeft.length) {
      if (sorted[i] === takeLeft[r]) {
        i++;
        r++;
        continue;
      }
      // takeLeft[r] would have come before sorted[i]: it is not there.
      if (before(takeLeft[r]!, sorted[i]!)) return null;
    }
    if (a < putLeft.length && (i >= n || before(putLeft[a]!, sorted[i]!))) out[o++] = putLeft[a++]!;
    else out[o++] = sorted[i++]!;
  }
  return r === takeLeft.length ? out : null;
}
