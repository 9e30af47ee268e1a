import { describe, expect, it } from "vitest";
import { at } from "@/lib/ltv/arrays";
import { REPLENISHMENT_ACTION, replenishmentFlags } from "./replenishment";
import { account, context, line, product, purchase } from "./test-fixtures";
import { resolveFlagThresholds } from "./thresholds";

const catalog = [
  product("toner-x", { name: "Toner X", category: "toner", listPrice: 40, replenishmentDays: 30 }),
  product("paper", { name: "Paper A4", category: "paper", listPrice: 5, replenishmentDays: 14, archived: true }),
  product("printer", { name: "Printer P1", category: "printers", listPrice: 900, replenishmentDays: null }),
];
const ctx = context({ catalog });
const tonerBought = (ageDays: number, quantity = 3) => purchase(ageDays, 120, [line("toner-x", { category: "toner", quantity })]);

describe("replenishmentFlags", () => {
  it("flags a consumable whose cycle has elapsed, in the rep's words", () => {
    const flags = replenishmentFlags(account({ purchases: [tonerBought(47)] }), ctx);
    expect(flags).toHaveLength(1);
    const flag = at(flags, 0);
    expect(flag.type).toBe("replenishment");
    expect(flag.reason).toBe("Last bought Toner X 47 days ago; it usually runs out every 30 days.");
    expect(flag.action).toBe(REPLENISHMENT_ACTION);
    expect(flag.valueAtStake).toBe(3 * 40);
    expect(flag.details).toMatchObject({ productId: "toner-x", daysSinceLastPurchase: 47, replenishmentDays: 30, lastQuantity: 3 });
  });

  it("is due from the day the cycle ends, not before", () => {
    expect(replenishmentFlags(account({ purchases: [tonerBought(29)] }), ctx)).toEqual([]);
    const [due] = replenishmentFlags(account({ purchases: [tonerBought(30)] }), ctx);
    expect(due?.score).toBeCloseTo(0.5, 12);
    // Score grows to 0.75 one full cycle late, and stays there.
    expect(replenishmentFlags(account({ purchases: [tonerBought(45)] }), ctx)[0]?.score).toBeCloseTo(0.625, 12);
    expect(replenishmentFlags(account({ purchases: [tonerBought(60)] }), ctx)[0]?.score).toBeCloseTo(0.75, 12);
    expect(replenishmentFlags(account({ purchases: [tonerBought(100)] }), ctx)[0]?.score).toBeCloseTo(0.75, 12);
  });

  it("adds the grace days to the cycle", () => {
    const grace = resolveFlagThresholds({ replenishmentGraceDays: 5 });
    expect(replenishmentFlags(account({ purchases: [tonerBought(34)] }), ctx, grace)).toEqual([]);
    expect(replenishmentFlags(account({ purchases: [tonerBought(35)] }), ctx, grace)).toHaveLength(1);
    const early = resolveFlagThresholds({ replenishmentGraceDays: -5 });
    expect(replenishmentFlags(account({ purchases: [tonerBought(25)] }), ctx, early)).toHaveLength(1);
  });

  it("looks at the latest purchase of the product only", () => {
    // Bought 47 days ago, then again 10 days ago: not due.
    expect(replenishmentFlags(account({ purchases: [tonerBought(47), tonerBought(10)] }), ctx)).toEqual([]);
    // Two orders on the last day add up; the larger older order does not count.
    const flags = replenishmentFlags(account({ purchases: [tonerBought(80, 50), tonerBought(40, 2), tonerBought(40, 1)] }), ctx);
    expect(flags[0]?.details?.lastQuantity).toBe(3);
  });

  it("skips archived products, durables and products gone quiet for too many cycles", () => {
    const paper = purchase(60, 50, [line("paper", { category: "paper", quantity: 10 })]);
    const printer = purchase(400, 900, [line("printer", { category: "printers" })]);
    const unknown = purchase(60, 50, [line("not-in-catalog")]);
    expect(replenishmentFlags(account({ purchases: [paper, printer, unknown] }), ctx)).toEqual([]);
    // 4 cycles of 30 days: still due at 120, given up at 121.
    expect(replenishmentFlags(account({ purchases: [tonerBought(120)] }), ctx)).toHaveLength(1);
    expect(replenishmentFlags(account({ purchases: [tonerBought(121)] }), ctx)).toEqual([]);
  });
});
