import { describe, expect, it } from "vitest";
import {
  NO_ACTIVITY,
  churnSummary,
  flagCameTrue,
  flagTypeSummaries,
  recordCameTrue,
  type OutcomeAccount,
  type WindowActivity,
} from "./outcomes";
import type { FlagType } from "@/lib/flags/types";

const bought = (products: string[], categories: string[], orderDays = 1, revenue = 100): WindowActivity => ({
  orderDays,
  revenue,
  productIds: new Set(products),
  categories: new Set(categories),
});
const before = (products: string[] = [], categories: string[] = []) => ({ productIds: new Set(products), categories: new Set(categories) });

function account(
  id: string,
  flags: Array<{ type: FlagType; subject: string; details: Record<string, string | number | boolean | null> }>,
  activity: WindowActivity,
  opts: { segment?: string; active?: boolean; before?: OutcomeAccount["before"] } = {},
): OutcomeAccount {
  return {
    accountId: id,
    segment: opts.segment ?? "SMB",
    active: opts.active ?? true,
    before: opts.before ?? before(),
    activity,
    flags: flags.map((f) => ({
      type: f.type,
      subject: f.subject,
      hit: flagCameTrue({ type: f.type, details: f.details }, activity, 90),
      flag: { type: f.type, details: f.details },
    })),
  };
}

describe("flagCameTrue", () => {
  it("applies each flag's rule to the window", () => {
    expect(flagCameTrue({ type: "churn_risk", details: {} }, NO_ACTIVITY, 90)).toBe(true);
    expect(flagCameTrue({ type: "churn_risk", details: {} }, bought(["p"], ["Paper"]), 90)).toBe(false);
    expect(flagCameTrue({ type: "replenishment", details: { productId: "toner" } }, bought(["toner"], ["Toner"]), 90)).toBe(true);
    expect(flagCameTrue({ type: "replenishment", details: { productId: "toner" } }, bought(["paper"], ["Paper"]), 90)).toBe(false);
    expect(
      flagCameTrue({ type: "upsell", details: { kind: "tier_ladder", productId: "premium" } }, bought(["premium"], ["Paper"]), 90),
    ).toBe(true);
    expect(flagCameTrue({ type: "cross_sell", details: { category: "Coffee" } }, bought(["beans"], ["Coffee"]), 90)).toBe(true);
    // Peer-gap upsell: 90 days of €300 is €1 216.67 a year, above €1 200 spent the year before.
    expect(flagCameTrue({ type: "upsell", details: { kind: "peer_gap", yearlySpend: 1200 } }, bought([], [], 2, 300), 90)).toBe(true);
    expect(flagCameTrue({ type: "upsell", details: { kind: "peer_gap", yearlySpend: 1300 } }, bought([], [], 2, 300), 90)).toBe(false);
  });

  it("judges a flag record by its subject alone", () => {
    expect(recordCameTrue("upsell", "Paper", bought(["premium"], ["Paper"]))).toBe(true);
    expect(recordCameTrue("upsell", "peer_gap", bought([], []))).toBeNull();
    expect(recordCameTrue("churn_risk", "account", NO_ACTIVITY)).toBe(true);
  });
});

describe("the summaries", () => {
  it("churn precision and recall count active accounts only", () => {
    const flag = [{ type: "churn_risk" as FlagType, subject: "account", details: {} }];
    const accounts = [
      account("a", flag, NO_ACTIVITY), // flagged, stopped: true positive
      account("b", flag, bought(["p"], ["Paper"])), // flagged, kept buying
      account("c", [], NO_ACTIVITY), // stopped unflagged: missed
      account("d", [], bought(["p"], ["Paper"])),
      account("e", flag, NO_ACTIVITY, { active: false }), // not active: not counted
    ];
    expect(churnSummary(accounts)).toEqual({
      activeAccounts: 4,
      flagged: 2,
      truePositives: 1,
      stopped: 2,
      flaggedShare: 0.5,
      precision: 0.5,
      recall: 0.5,
    });
  });

  it("compares a cross-sell's hit rate with similar accounts: same segment, not buying the category yet", () => {
    const coffee = [{ type: "cross_sell" as FlagType, subject: "Coffee", details: { category: "Coffee" } }];
    const accounts = [
      account("f1", coffee, bought(["beans"], ["Coffee"])), // hit
      account("f2", coffee, bought(["paper"], ["Paper"])), // miss
      // Peers in SMB without a coffee flag: p1 new to coffee and buys it; p2, p3 new and do not;
      // p4 already buys coffee (not similar); x1 is in another segment.
      account("p1", [], bought(["beans"], ["Coffee"])),
      account("p2", [], bought(["paper"], ["Paper"])),
      account("p3", [], NO_ACTIVITY),
      account("p4", [], bought(["beans"], ["Coffee"]), { before: before(["beans"], ["Coffee"]) }),
      account("x1", [], bought(["beans"], ["Coffee"]), { segment: "Enterprise" }),
    ];
    const [summary] = flagTypeSummaries(accounts, 90, ["cross_sell"]);
    expect(summary).toEqual({ type: "cross_sell", flags: 2, hits: 1, hitRate: 0.5, baseRate: 1 / 3 });
  });

  it("takes replenishment's base rate over accounts that bought the product before", () => {
    const reorder = [{ type: "replenishment" as FlagType, subject: "toner", details: { productId: "toner" } }];
    const accounts = [
      account("f", reorder, bought(["toner"], ["Toner"]), { before: before(["toner"], ["Toner"]) }),
      account("p1", [], bought(["toner"], ["Toner"]), { before: before(["toner"], ["Toner"]) }),
      account("p2", [], NO_ACTIVITY, { before: before(["toner"], ["Toner"]) }),
      account("p3", [], NO_ACTIVITY, { before: before(["toner"], ["Toner"]) }),
      account("p4", [], NO_ACTIVITY), // never bought toner: not similar
    ];
    const [summary] = flagTypeSummaries(accounts, 90, ["replenishment"]);
    expect(summary).toEqual({ type: "replenishment", flags: 1, hits: 1, hitRate: 1, baseRate: 1 / 3 });
  });
});
