import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { createDeal } from "./create-deal";
import { updateDeal } from "./update-deal";
import { listDeals, type DealView } from "./list-deals";
import { createDealInput, listDealsQuery, updateDealInput } from "./schema";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;

useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const newDeal = (accountId: string, extra: Record<string, unknown> = {}) =>
  createDealInput.parse({ accountId, title: "Upsell: Toner Premium", type: "UPSELL", amount: "1234.50", ...extra });

describe("deals", () => {
  it("creates a deal at LEAD with an exact amount, owned by the signed-in rep", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const deal = await createDeal(
      fx.rep1,
      newDeal(accountId, { probability: 25, expectedCloseAt: "2030-03-31", productId: fx.products.tonerPremium }),
    );
    expect(deal).toMatchObject({
      accountId,
      accountName: "rep1 customer 001",
      ownerId: fx.rep1.id,
      title: "Upsell: Toner Premium",
      stage: "LEAD",
      type: "UPSELL",
      amount: 1234.5,
      currency: "EUR",
      probability: 25,
      expectedCloseAt: "2030-03-31",
      closedAt: null,
      productName: "Toner Premium",
      version: 1,
      canWrite: true,
    });
    const stored = await db.prisma.deal.findFirstOrThrow({ where: { id: deal.id } });
    expect(stored.amount.toFixed(2)).toBe("1234.50");
    // 0.1 + 0.2 style amounts stay exact to the cent.
    expect((await createDeal(fx.rep1, newDeal(accountId, { amount: 0.3 }))).amount).toBe(0.3);
  });

  it("rejects an unknown or archived product naming productId", async () => {
    for (const productId of [randomUUID(), fx.products.archived]) {
      const error = await createDeal(fx.rep1, newDeal(fx.accounts.rep1[0]!, { productId })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).issues.map((i) => i.field)).toEqual(["productId"]);
    }
  });

  it("moving to WON sets closedAt (and probability 100); moving back out clears it", async () => {
    const deal = await createDeal(fx.rep1, newDeal(fx.accounts.rep1[1]!, { stage: "NEGOTIATION", probability: 60 }));
    const won = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "WON", version: deal.version }));
    expect(won).toMatchObject({ stage: "WON", probability: 100, version: 2 });
    expect(won.closedAt).not.toBeNull();
    expect(Date.now() - Date.parse(won.closedAt!)).toBeLessThan(60_000);
    const reopened = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "NEGOTIATION", probability: 65, version: 2 }));
    expect(reopened).toMatchObject({ stage: "NEGOTIATION", probability: 65, closedAt: null, version: 3 });
    // Reopened without a probability: the stage's usual odds, not the 100 % of a win.
    const won2 = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "WON", version: 3 }));
    const reopened2 = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "PROPOSAL", version: won2.version }));
    expect(reopened2).toMatchObject({ stage: "PROPOSAL", probability: 50, closedAt: null });
    const lost = await updateDeal(
      fx.rep1,
      deal.id,
      updateDealInput.parse({ stage: "LOST", lostReason: "PRICE", version: reopened2.version }),
    );
    expect(lost).toMatchObject({ stage: "LOST", probability: 0 });
    expect(lost.closedAt).not.toBeNull();
    // Editing a closed deal without moving it keeps its close date.
    const edited = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ amount: "99.99", version: lost.version }));
    expect(edited).toMatchObject({ amount: 99.99, closedAt: lost.closedAt, stage: "LOST" });
  });

  it("answers a stale version with Conflict carrying the current deal, and changes nothing", async () => {
    const deal = await createDeal(fx.rep1, newDeal(fx.accounts.rep1[1]!));
    await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "QUALIFIED", version: 1 }));
    const error = await updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "WON", version: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).details as DealView).toMatchObject({ id: deal.id, stage: "QUALIFIED", version: 2, closedAt: null });
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: deal.id } })).stage).toBe("QUALIFIED");
  });

  it("lists an account's deals and the board: reps see their own accounts' deals, managers all", async () => {
    const theirs = await createDeal(fx.rep2, newDeal(fx.accounts.rep2[0]!, { title: "Cross-sell: Paper", type: "CROSS_SELL" }));
    const board = await listDeals(fx.rep1, listDealsQuery.parse({}));
    expect(board.items.length).toBeGreaterThan(0);
    expect(board.items.every((deal) => deal.accountName.startsWith("rep1 "))).toBe(true);
    const all = await listDeals(fx.manager, listDealsQuery.parse({ limit: "200" }));
    expect(all.items.map((deal) => deal.id)).toContain(theirs.id);
    expect(all.items.find((deal) => deal.id === theirs.id)?.canWrite).toBe(false);
    // Most recently changed first; one column of the board; open deals only.
    const leads = await listDeals(fx.rep1, listDealsQuery.parse({ stage: "LEAD" }));
    expect(leads.items.every((deal) => deal.stage === "LEAD")).toBe(true);
    const open = await listDeals(fx.rep1, listDealsQuery.parse({ accountId: fx.accounts.rep1[1]!, open: "true" }));
    expect(open.items.map((deal) => deal.stage)).toEqual(["QUALIFIED"]);
    await expect(listDeals(fx.rep1, listDealsQuery.parse({ accountId: fx.accounts.rep2[0]! }))).rejects.toBeInstanceOf(NotFound);
  });

  it("pages the board by cursor without repeating or skipping a deal", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDeals(fx.rep1, listDealsQuery.parse({ limit: "2", ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((deal) => deal.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const expected = await db.prisma.deal.count({ where: { account: { ownerId: fx.rep1.id } } });
    expect(new Set(seen).size).toBe(expected);
    expect(seen).toHaveLength(expected);
  });

  it("hides another rep's account (404) and does not let a manager write (403)", async () => {
    const theirs = fx.accounts.rep2[1]!;
    await expect(createDeal(fx.rep1, newDeal(theirs))).rejects.toBeInstanceOf(NotFound);
    await expect(createDeal(fx.manager, newDeal(theirs))).rejects.toBeInstanceOf(Forbidden);
    const deal = await createDeal(fx.rep2, newDeal(theirs));
    await expect(updateDeal(fx.rep1, deal.id, updateDealInput.parse({ stage: "WON", version: 1 }))).rejects.toBeInstanceOf(NotFound);
    await expect(updateDeal(fx.manager, deal.id, updateDealInput.parse({ stage: "WON", version: 1 }))).rejects.toBeInstanceOf(Forbidden);
    await expect(updateDeal(fx.rep1, randomUUID(), updateDealInput.parse({ stage: "WON", version: 1 }))).rejects.toBeInstanceOf(NotFound);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: deal.id } })).stage).toBe("LEAD");
    // Admins write anywhere.
    expect((await updateDeal(fx.admin, deal.id, updateDealInput.parse({ stage: "PROPOSAL", version: 1 }))).stage).toBe("PROPOSAL");
  });

  it("validates the body at the edge, naming each field", () => {
    const result = createDealInput.safeParse({
      accountId: randomUUID(),
      title: "",
      type: "BIG",
      amount: "12.345",
      probability: 101,
      expectedCloseAt: "31/12/2030",
      stage: "DONE",
      ownerId: randomUUID(),
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["title", "type", "amount", "probability", "expectedCloseAt", "stage"]));
    expect(result.error!.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
    expect(updateDealInput.safeParse({ stage: "WON" }).error!.issues.map((i) => i.path.join("."))).toEqual(["version"]);
  });
});
