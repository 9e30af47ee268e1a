// Builds the per-segment part of FlagContext from one summary row per account (the
// caller keeps these in its metrics table; compute them with yearlySpend() and
// usualOrderGapDays() from ./history so accounts and peers are measured alike).

import { ownValue } from "@/lib/ltv/arrays";
import { median, percentile } from "./history";
import type { SegmentStats } from "./types";

export interface AccountSummaryRow {
  segment: string | null;
  yearlySpend: number;
  usualGapDays: number | null;
}

export interface PortfolioSegmentStats {
  segments: Record<string, SegmentStats>;
  allAccounts: SegmentStats | null;
}

/** Yearly spend of a peer group: accounts with spend > 0 and the peer percentile of it. */
export interface PeerSpend {
  accounts: number;
  peerSpend: number | null;
}

/**
 * One peer group's stats from its spend summary and its accounts' usual gaps. The refit takes
 * the spend summary from one aggregate over purchases (percentile_cont is this percentile).
 */
export function segmentStatsOf(spend: PeerSpend, gaps: readonly number[], peerPercentile: number): SegmentStats {
  return {
    accountCount: spend.accounts,
    medianOrderGapDays: median(gaps),
    peerSpend: spend.peerSpend,
    peerSpendPercentile: peerPercentile,
  };
}

function statsOf(spends: number[], gaps: number[], peerPercentile: number): SegmentStats {
  return segmentStatsOf({ accounts: spends.length, peerSpend: percentile(spends, peerPercentile) }, gaps, peerPercentile);
}

/**
 * Peer spend is taken over accounts that bought in the last year only: lapsed accounts
 * would pull the benchmark down and hide the gap the upsell flag looks for
 * (docs/reference/clv-reference.md: "peer gap = max(0, P75 spend of peers − spend)").
 */
export function buildSegmentStats(rows: Iterable<AccountSummaryRow>, peerPercentile = 0.75): PortfolioSegmentStats {
  const bySegment = new Map<string, { spends: number[]; gaps: number[] }>();
  const allSpends: number[] = [];
  const allGaps: number[] = [];
  for (const row of rows) {
    const hasSpend = Number.isFinite(row.yearlySpend) && row.yearlySpend > 0;
    const hasGap = row.usualGapDays !== null && Number.isFinite(row.usualGapDays) && row.usualGapDays > 0;
    if (hasSpend) allSpends.push(row.yearlySpend);
    if (hasGap) allGaps.push(row.usualGapDays as number);
    if (row.segment === null) continue;
    let bucket = bySegment.get(row.segment);
    if (!bucket) bySegment.set(row.segment, (bucket = { spends: [], gaps: [] }));
    if (hasSpend) bucket.spends.push(row.yearlySpend);
    if (hasGap) bucket.gaps.push(row.usualGapDays as number);
  }
  const segments: Record<string, SegmentStats> = {};
  for (const key of [...bySegment.keys()].sort()) {
    const bucket = bySegment.get(key)!;
    segments[key] = statsOf(bucket.spends, bucket.gaps, peerPercentile);
  }
  const allAccounts = allSpends.length + allGaps.length > 0 ? statsOf(allSpends, allGaps, peerPercentile) : null;
  return { segments, allAccounts };
}

/** Peer group of an account: its segment, or all accounts when it has none. */
export function peerStatsFor(
  segment: string | null,
  segments: Readonly<Record<string, SegmentStats>>,
  allAccounts: SegmentStats | null,
): SegmentStats | null {
  if (segment === null) return allAccounts;
  return ownValue(segments, segment) ?? null;
}
