import { describe, expect, it } from "vitest";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { Forbidden, Invalid } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import type { DealStage } from "@/lib/generated/prisma/enums";
import { createDeal } from "./create-deal";
import { updateDeal } from "./update-deal";
import { listDeals } from "./list-deals";
import { boardSummary } from "./board-totals";
import { setStageProbabilities } from "./stage-probabilities";
import { createDealInput, DEAL_STAGES, listDealsQuery, stageProbabilitiesInput, updateDealInput } from "./schema";

let db: Database;
let fx: SalesFixture;

useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const deal = (actor: Actor, accountId: string, stage: DealStage, amount: string) =>
  createDeal(actor, createDealInput.parse({ accountId, title: `${stage} ${amount}`, amount, stage }));

/** What the board would show if it summed every card the API pages out, page size 7. */
async function sumOverApi(actor: Actor, stage: DealStage) {
  let cents = 0;
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await listDeals(actor, listDealsQuery.parse({ stage, limit: "7", ...(cursor ? { cursor } : {}) }));
    for (const item of page.items) {
      cents += Math.round(item.amount * 100);
      count += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { count, cents };
}

const totalOf = async (actor: Actor, stage: DealStage) => {
  const summary = await boardSummary(actor);
  const column = summary.stages.find((s) => s.stage === stage)!;
  return { count: column.count, cents: column.amounts.reduce((sum, a) => sum + a.cents, 0) };
};

describe("pipeline board totals", () => {
  it("count and total cover every deal in the stage, not one page of cards", async () => {
    const [a, b] = fx.accounts.rep1 as [string, string];
    // 20 Lead deals of 1,000.10 (more than one board page of 7) and three odd amounts.
    for (let i = 0; i < 20; i++) await deal(fx.rep1, i % 2 ? a : b, "LEAD", "1000.10");
    await deal(fx.rep1, a, "LEAD", "0.10");
    await deal(fx.rep1, a, "LEAD", "0.20");
    await deal(fx.rep1, b, "PROPOSAL", "47.80");
    await deal(fx.rep2, fx.accounts.rep2[0]!, "LEAD", "5.00");

    // Worked by hand: 20 × 1,000.10 + 0.10 + 0.20 = 20,002.30.
    expect(await totalOf(fx.rep1, "LEAD")).toEqual({ count: 22, cents: 2_000_230 });
    expect(await totalOf(fx.rep1, "PROPOSAL")).toEqual({ count: 1, cents: 4_780 });
    // rep2's deal is theirs alone; the manager sees both books.
    expect(await totalOf(fx.rep2, "LEAD")).toEqual({ count: 1, cents: 500 });
    expect(await totalOf(fx.manager, "LEAD")).toEqual({ count: 23, cents: 2_000_730 });

    // The board's totals equal the sum over the API, for every stage and role.
    for (const actor of [fx.rep1, fx.rep2, fx.manager, fx.admin]) {
      for (const stage of DEAL_STAGES) expect(await totalOf(actor, stage)).toEqual(await sumOverApi(actor, stage));
    }
  });

  it("adding a Lost deal raises the Lost total by its amount", async () => {
    const before = await totalOf(fx.rep1, "LOST");
    await deal(fx.rep1, fx.accounts.rep1[0]!, "LOST", "250.55");
    expect(await totalOf(fx.rep1, "LOST")).toEqual({ count: before.count + 1, cents: before.cents + 25_055 });
    // Moving one there does too, and takes it out of its old column.
    const open = await deal(fx.rep1, fx.accounts.rep1[0]!, "NEGOTIATION", "100.00");
    const negotiationBefore = await totalOf(fx.rep1, "NEGOTIATION");
    await updateDeal(fx.rep1, open.id, updateDealInput.parse({ stage: "LOST", lostReason: "COMPETITOR", version: open.version }));
    expect(await totalOf(fx.rep1, "LOST")).toEqual({ count: before.count + 2, cents: before.cents + 35_055 });
    expect(await totalOf(fx.rep1, "NEGOTIATION")).toEqual({ count: negotiationBefore.count - 1, cents: negotiationBefore.cents - 10_000 });
  });
});

describe("stage probabilities", () => {
  it("a stage move sets the stage's probability, as the admin set it", async () => {
    const d = await deal(fx.rep1, fx.accounts.rep1[1]!, "LEAD", "10.00");
    // Defaults until an admin changes them.
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "QUALIFIED", version: 1 }))).toMatchObject({ probability: 25 });
    await setStageProbabilities(fx.admin, stageProbabilitiesInput.parse({ LEAD: 5, QUALIFIED: 20, PROPOSAL: 40, NEGOTIATION: 80 }));
    expect((await boardSummary(fx.rep1)).probabilities).toEqual({
      LEAD: 5,
      QUALIFIED: 20,
      PROPOSAL: 40,
      NEGOTIATION: 80,
      WON: 100,
      LOST: 0,
    });
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "PROPOSAL", version: 2 }))).toMatchObject({ probability: 40 });
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "NEGOTIATION", version: 3 }))).toMatchObject({ probability: 80 });
    // A probability sent with the move wins; an edit without a move keeps the rep's figure.
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "PROPOSAL", probability: 45, version: 4 }))).toMatchObject({
      probability: 45,
    });
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ title: "Renamed", version: 5 }))).toMatchObject({ probability: 45 });
    expect(await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "WON", version: 6 }))).toMatchObject({ probability: 100 });
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "settings.stage_probabilities" } });
    expect(audit).toMatchObject({ actorId: fx.admin.id, after: { PROPOSAL: 40 } });
    await setStageProbabilities(fx.admin, stageProbabilitiesInput.parse({ LEAD: 10, QUALIFIED: 25, PROPOSAL: 50, NEGOTIATION: 70 }));
  });

  it("only admins set them, within 0..100, for the open stages", async () => {
    const input = stageProbabilitiesInput.parse({ LEAD: 1, QUALIFIED: 2, PROPOSAL: 3, NEGOTIATION: 4 });
    await expect(setStageProbabilities(fx.manager, input)).rejects.toBeInstanceOf(Forbidden);
    await expect(setStageProbabilities(fx.rep1, input)).rejects.toBeInstanceOf(Forbidden);
    expect((await boardSummary(fx.rep1)).probabilities.LEAD).toBe(10);
    const bad = stageProbabilitiesInput.safeParse({ LEAD: 101, QUALIFIED: -1, PROPOSAL: 2.5, NEGOTIATION: 4, WON: 90 });
    expect(bad.error!.issues.map((issue) => issue.path.join(".") || issue.code)).toEqual([
      "LEAD",
      "QUALIFIED",
      "PROPOSAL",
      "unrecognized_keys",
    ]);
  });
});

describe("deal details", () => {
  it("moving to Lost needs a reason from the list; the reason is stored and cleared on reopening", async () => {
    const d = await deal(fx.rep1, fx.accounts.rep1[0]!, "PROPOSAL", "300.00");
    const missing = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "LOST", version: 1 })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Invalid);
    expect((missing as Invalid).issues).toEqual([{ field: "lostReason", reason: "say why the deal was lost" }]);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: d.id } })).stage).toBe("PROPOSAL");
    expect(updateDealInput.safeParse({ stage: "LOST", lostReason: "BORED", version: 1 }).error!.issues[0]!.path).toEqual(["lostReason"]);

    const lost = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "LOST", lostReason: "NO_BUDGET", version: 1 }));
    expect(lost).toMatchObject({ stage: "LOST", lostReason: "NO_BUDGET", probability: 0 });
    const reopened = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ stage: "PROPOSAL", version: lost.version }));
    expect(reopened).toMatchObject({ stage: "PROPOSAL", lostReason: null });
    const stray = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ lostReason: "PRICE", version: reopened.version })).catch(
      (e: unknown) => e,
    );
    expect((stray as Invalid).issues.map((i) => i.field)).toEqual(["lostReason"]);
  });

  it("edits contact and notes; a contact of another account is refused naming contactId", async () => {
    const [a, b] = fx.accounts.rep1 as [string, string];
    const mine = await db.prisma.contact.create({ data: { accountId: a, name: "Dana Buyer" } });
    const elsewhere = await db.prisma.contact.create({ data: { accountId: b, name: "Other Person" } });
    const d = await deal(fx.rep1, a, "LEAD", "10.00");
    const edited = await updateDeal(
      fx.rep1,
      d.id,
      updateDealInput.parse({ contactId: mine.id, notes: "  Call back after the trade fair.  ", version: 1 }),
    );
    expect(edited).toMatchObject({ contactId: mine.id, contactName: "Dana Buyer", notes: "Call back after the trade fair.", version: 2 });
    const wrong = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ contactId: elsewhere.id, version: 2 })).catch((e: unknown) => e);
    expect((wrong as Invalid).issues.map((i) => i.field)).toEqual(["contactId"]);
    const cleared = await updateDeal(fx.rep1, d.id, updateDealInput.parse({ contactId: null, notes: "", version: 2 }));
    expect(cleared).toMatchObject({ contactId: null, contactName: null, notes: null });
  });
});
