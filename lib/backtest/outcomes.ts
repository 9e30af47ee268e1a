// Did a flag come true? The outcome rules of the backtest (issue 16, "Do the flags work?") and the
// summary figures, over what each account did in the window after the cutoff. Pure: the job
// (run.ts) reads the purchases and computes the flags with the live code; this only counts.
import type { Flag, FlagType } from "@/lib/flags/types";

/** What an account did in the window (cutoff, cutoff + windowDays]. */
export interface WindowActivity {
  /** Distinct purchase days, as the BG/NBD counts purchases. */
  orderDays: number;
  revenue: number;
  productIds: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

export const NO_ACTIVITY: WindowActivity = { orderDays: 0, revenue: 0, productIds: new Set(), categories: new Set() };

/** A flag as the backtest keeps it: what it was about and whether it came true. */
export interface FlagOutcome {
  type: FlagType;
  /** flag-records' subject: "account", a product id, a category, "peer_gap". */
  subject: string;
  hit: boolean;
}

/**
 * Came true in the window:
 * - churn risk: no order at all;
 * - replenishment: the product to reorder was bought;
 * - upsell on a tier ladder: the next tier's product was bought; a peer-gap upsell: the account
 *   spent at a yearly rate above what it spent in the year before the cutoff;
 * - cross-sell: anything in the suggested category was bought.
 */
export function flagCameTrue(flag: Pick<Flag, "type" | "details">, activity: WindowActivity, windowDays: number): boolean {
  const d = flag.details ?? {};
  switch (flag.type) {
    case "churn_risk":
      return activity.orderDays === 0;
    case "replenishment":
      return activity.productIds.has(String(d.productId));
    case "upsell":
      if (d.kind === "peer_gap") return (activity.revenue * 365) / windowDays > Number(d.yearlySpend ?? Infinity);
      return activity.productIds.has(String(d.productId));
    case "cross_sell":
      return activity.categories.has(String(d.category));
  }
}

/** What an account had bought up to the cutoff: who counts as "similar" for a flag's base rate. */
export interface BoughtBefore {
  productIds: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

export interface OutcomeAccount {
  accountId: string;
  segment: string;
  before: BoughtBefore;
  /** Active at the cutoff: an order in the 365 days up to it. Churn figures count active accounts. */
  active: boolean;
  flags: ReadonlyArray<FlagOutcome & { flag: Pick<Flag, "type" | "details"> }>;
  activity: WindowActivity;
}

export interface FlagTypeSummary {
  type: FlagType;
  /** Flags raised as of the cutoff. */
  flags: number;
  /** Of them, came true in the window. */
  hits: number;
  /** hits / flags; null without flags. */
  hitRate: number | null;
  /**
   * For each flag, the share of similar accounts (same segment, same outcome rule, not flagged for
   * the same subject) for which the same outcome happened anyway; averaged over the flags.
   */
  baseRate: number | null;
}

export interface ChurnSummary {
  activeAccounts: number;
  flagged: number;
  /** Flagged and then no order in the window. */
  truePositives: number;
  /** Active accounts with no order in the window. */
  stopped: number;
  /** flagged / activeAccounts. */
  flaggedShare: number | null;
  precision: number | null;
  recall: number | null;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Churn precision and recall over the active accounts. */
export function churnSummary(accounts: readonly OutcomeAccount[]): ChurnSummary {
  let activeAccounts = 0;
  let flagged = 0;
  let truePositives = 0;
  let stopped = 0;
  for (const account of accounts) {
    if (!account.active) continue;
    activeAccounts++;
    const churned = account.activity.orderDays === 0;
    if (churned) stopped++;
    if (account.flags.some((f) => f.type === "churn_risk")) {
      flagged++;
      if (churned) truePositives++;
    }
  }
  return {
    activeAccounts,
    flagged,
    truePositives,
    stopped,
    flaggedShare: ratio(flagged, activeAccounts),
    precision: ratio(truePositives, flagged),
    recall: ratio(truePositives, stopped),
  };
}

/**
 * Is `peer` in the same position as a flagged account, so its outcome is a fair base rate? Same
 * segment and no flag of the same type and subject (checked by the caller), and:
 * - replenishment: it has bought the product before (a reorder is possible at all);
 * - tier-ladder upsell: it has not bought the next tier yet; cross-sell: not the category yet;
 * - churn risk and peer-gap upsell: any active account.
 */
export function isSimilarPeer(flag: Pick<Flag, "type" | "details">, peer: Pick<OutcomeAccount, "before">): boolean {
  const d = flag.details ?? {};
  switch (flag.type) {
    case "replenishment":
      return peer.before.productIds.has(String(d.productId));
    case "upsell":
      return d.kind === "peer_gap" || !peer.before.productIds.has(String(d.productId));
    case "cross_sell":
      return !peer.before.categories.has(String(d.category));
    default:
      return true;
  }
}

/**
 * Hit rate per flag type against the base rate of similar accounts, over the accounts active at
 * the cutoff. The base rate of a flag is computed over the active accounts of its segment in the
 * same position (isSimilarPeer) that carry no flag of the same type and subject: "would they have
 * done it anyway?".
 */
export function flagTypeSummaries(accounts: readonly OutcomeAccount[], windowDays: number, types: readonly FlagType[]): FlagTypeSummary[] {
  const bySegment = new Map<string, OutcomeAccount[]>();
  const active = accounts.filter((account) => account.active);
  for (const account of active) {
    const list = bySegment.get(account.segment);
    if (list) list.push(account);
    else bySegment.set(account.segment, [account]);
  }
  // One base rate per (segment, type, subject), computed once.
  const baseRates = new Map<string, number | null>();
  const baseRate = (segment: string, flag: OutcomeAccount["flags"][number]): number | null => {
    const key = `${segment}\u0000${flag.type}\u0000${flag.subject}`;
    if (baseRates.has(key)) return baseRates.get(key)!;
    let peers = 0;
    let happened = 0;
    for (const peer of bySegment.get(segment) ?? []) {
      if (peer.flags.some((f) => f.type === flag.type && f.subject === flag.subject)) continue;
      if (!isSimilarPeer(flag.flag, peer)) continue;
      peers++;
      if (flagCameTrue(flag.flag, peer.activity, windowDays)) happened++;
    }
    const rate = ratio(happened, peers);
    baseRates.set(key, rate);
    return rate;
  };
  return types.map((type) => {
    let flags = 0;
    let hits = 0;
    let baseSum = 0;
    let baseCount = 0;
    for (const account of active) {
      for (const flag of account.flags) {
        if (flag.type !== type) continue;
        flags++;
        if (flag.hit) hits++;
        const base = baseRate(account.segment, flag);
        if (base !== null) {
          baseSum += base;
          baseCount++;
        }
      }
    }
    return { type, flags, hits, hitRate: ratio(hits, flags), baseRate: baseCount > 0 ? baseSum / baseCount : null };
  });
}

/**
 * The same rules for a flag record (lib/flag-records), which keeps the type and subject but not the
 * flag's details: a tier-ladder upsell's subject is its category, so buying anything in it counts.
 * null when the subject says too little (a peer-gap upsell: its spend level is not kept).
 */
export function recordCameTrue(type: string, subject: string, activity: WindowActivity): boolean | null {
  switch (type) {
    case "churn_risk":
      return activity.orderDays === 0;
    case "replenishment":
      return activity.productIds.has(subject);
    case "upsell":
      return subject === "peer_gap" ? null : activity.categories.has(subject);
    case "cross_sell":
      return activity.categories.has(subject);
    default:
      return null;
  }
}
