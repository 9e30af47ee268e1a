import { describe, expect, it } from "vitest";
import { dealDraftFromFlag, expectedYearlyGain } from "./deal-draft";

const names = {
  product: (id: string) => (({ "p-prem": "Premium brochure paper" }) as Record<string, string>)[id],
  decisionMakerId: "c-dm",
};

describe("a deal from a flag", () => {
  it("upsell on the tier ladder: short title, yearly gain = price step × yearly quantity, close in 30 days, the decision maker", () => {
    // 4.50 more per box × 520 boxes a year = 2 340.00 a year (not the lifetime value at stake).
    const flag = {
      id: "f-1",
      type: "upsell" as const,
      valueAtStake: 31_265,
      details: { kind: "tier_ladder", productId: "p-prem", category: "Paper", priceStep: 4.5, yearlyQuantity: 520 },
    };
    expect(dealDraftFromFlag(flag, names, "2026-12-04")).toEqual({
      flagId: "f-1",
      type: "UPSELL",
      title: "Upgrade to Premium brochure paper",
      amount: 2340,
      expectedCloseAt: "2027-01-03",
      productId: "p-prem",
      contactId: "c-dm",
    });
  });

  it("peer gap: the gap to peers' yearly spend; cross-sell: 45 days, titled by the category", () => {
    expect(
      expectedYearlyGain({ type: "upsell", valueAtStake: 99_999, details: { kind: "peer_gap", peerSpend: 12_000, yearlySpend: 7_450.5 } }),
    ).toBe(4549.5);
    const cross = dealDraftFromFlag(
      { id: "f-2", type: "cross_sell", valueAtStake: 180.256, details: { category: "Toner & ink" } },
      { product: () => undefined, decisionMakerId: null },
      "2026-12-04",
    );
    expect(cross).toMatchObject({
      type: "CROSS_SELL",
      title: "Add Toner & ink",
      amount: 180.26,
      expectedCloseAt: "2027-01-18",
      contactId: null,
    });
  });

  it("no deal from churn risk or replenishment", () => {
    expect(dealDraftFromFlag({ id: "f", type: "churn_risk", valueAtStake: 1, details: {} }, names, "2026-12-04")).toBeNull();
  });
});
