import { describe, expect, it } from "vitest";
import type { AuditEntryView } from "@/lib/audit/list-audit";
import { describeAudit } from "./describe";

const ANNA = { id: "00000000-0000-4000-8000-00000000000a", name: "Anna Admin", email: "anna@x.test" };
const OLGA = { id: "00000000-0000-4000-8000-00000000000b", name: "Olga Schmitt", email: "olga@x.test" };
const OLIVER = "00000000-0000-4000-8000-00000000000c";
const ACCOUNT = "00000000-0000-4000-8000-0000000000a1";
const CONTACT = "00000000-0000-4000-8000-0000000000c1";
const DEAL = "00000000-0000-4000-8000-0000000000d1";
const ZED = "00000000-0000-4000-8000-0000000000e1";
const names = {
  [OLGA.id]: "Olga Schmitt",
  [OLIVER]: "Oliver Wagner",
  [ACCOUNT]: "Kranich AG",
  [CONTACT]: "Ann Ash",
  [DEAL]: "Toner refill",
  [ZED]: "Zed Zimmer",
};

const entry = (partial: Partial<AuditEntryView> & Pick<AuditEntryView, "action" | "entityType">): AuditEntryView => ({
  id: "00000000-0000-4000-8000-000000000fff",
  at: "2026-12-04T10:00:00.000Z",
  entityId: null,
  actor: OLGA,
  before: null,
  after: null,
  ...partial,
});

const inputs = {
  acquisitionCost: 900,
  retentionCostPerYear: 150,
  grossMargin: 0.38,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: {},
};

describe("describeAudit", () => {
  it("says a cost change in words, leaving the bookkeeping out", () => {
    const { summary, changes } = describeAudit(
      entry({
        action: "settings.update",
        entityType: "cost_settings",
        actor: ANNA,
        before: { default: inputs, segments: {}, versionId: "v1" },
        after: { default: { ...inputs, grossMargin: 0.34 }, segments: {}, note: null, jobId: "j1" },
      }),
      names,
    );
    expect(summary).toBe("Anna Admin changed gross margin from 38 % to 34 %");
    expect(changes).toEqual([{ field: "default.grossMargin", label: "gross margin", before: "38 %", after: "34 %" }]);
  });

  it("names a segment's override and keeps fractions of a percent", () => {
    const { summary } = describeAudit(
      entry({
        action: "settings.update",
        entityType: "cost_settings",
        actor: ANNA,
        before: { default: inputs, segments: { SMB: inputs } },
        after: { default: inputs, segments: { SMB: { ...inputs, discountRateYearly: 0.1025, horizonMonths: 48 } }, note: "SMB pays later" },
      }),
      names,
    );
    expect(summary).toBe(
      "Anna Admin changed SMB discount rate from 10 % to 10.25 % and SMB horizon from 36 months to 48 months (note: “SMB pays later”)",
    );
  });

  it("puts names for the ids of a reassignment", () => {
    const { summary } = describeAudit(
      entry({
        action: "account.reassign",
        entityType: "account",
        entityId: ACCOUNT,
        actor: ANNA,
        before: { ownerId: OLGA.id },
        after: { ownerId: OLIVER },
      }),
      names,
    );
    expect(summary).toBe("Anna Admin moved the account Kranich AG from Olga Schmitt to Oliver Wagner");
  });

  it("says whose goal an admin set for which month, and what it was", () => {
    const goal = (action: string, before: unknown, after: unknown) =>
      describeAudit(entry({ action, entityType: "rep_goal", entityId: OLGA.id, actor: ANNA, before, after }), names).summary;
    const december = { repId: OLGA.id, month: "2026-12" };
    expect(goal("rep_goal.set", undefined, { ...december, goal: "40000.00" })).toBe(
      "Anna Admin set Olga Schmitt's goal for December 2026 to €40,000",
    );
    expect(goal("rep_goal.set", { ...december, goal: "40000.00" }, { ...december, goal: "42500.50" })).toBe(
      "Anna Admin set Olga Schmitt's goal for December 2026 to €42,500.50 (was €40,000)",
    );
    expect(goal("rep_goal.clear", { ...december, goal: "42500.50" }, undefined)).toBe(
      "Anna Admin removed Olga Schmitt's goal for December 2026 (was €42,500.50)",
    );
  });

  it("tells an undone reassignment as a move back", () => {
    const { summary } = describeAudit(
      entry({
        action: "account.reassign",
        entityType: "account",
        entityId: ACCOUNT,
        actor: ANNA,
        before: { ownerId: OLIVER },
        after: { ownerId: OLGA.id, undoOf: "9b1c0e0e-0000-4000-8000-000000000000" },
      }),
      names,
    );
    expect(summary).toBe("Anna Admin moved the account Kranich AG back from Oliver Wagner to Olga Schmitt (undoing a reassignment)");
  });

  it("tells a deal move with the lost reason", () => {
    const deal = {
      accountId: ACCOUNT,
      title: "Toner refill",
      type: "UPSELL",
      stage: "LEAD",
      amount: 5000,
      probability: 10,
      expectedCloseAt: null,
      productId: null,
      contactId: null,
      notes: null,
      lostReason: null,
    };
    const { summary, changes } = describeAudit(
      entry({
        action: "deal.stage",
        entityType: "deal",
        entityId: DEAL,
        before: deal,
        after: { ...deal, stage: "LOST", probability: 0, lostReason: "PRICE" },
      }),
      names,
    );
    expect(summary).toBe("Olga Schmitt moved the deal “Toner refill” (Kranich AG) from Lead to Lost (Price too high)");
    expect(changes.map((c) => `${c.label}: ${c.before} → ${c.after}`)).toEqual([
      "stage: Lead → Lost",
      "probability: 10 % → 0 %",
      "lost reason: empty → Price too high",
    ]);
  });

  it("tells an order and a visit as a rep would", () => {
    const order = describeAudit(
      entry({
        action: "purchase.create",
        entityType: "purchase",
        after: {
          accountId: ACCOUNT,
          purchasedAt: "2025-03-01T00:00:00.000Z",
          total: 572.5,
          grossProfit: 216.5,
          dealId: null,
          lines: [
            { productName: "Printer", quantity: 1 },
            { productName: "Paper", quantity: 3 },
          ],
        },
      }),
      names,
    );
    expect(order.summary).toBe("Olga Schmitt logged an order of €572.50 for Kranich AG (2 lines, 1 Mar 2025)");
    const visit = describeAudit(
      entry({
        action: "visit.create",
        entityType: "visit",
        after: {
          accountId: ACCOUNT,
          contactId: CONTACT,
          type: "CALL",
          occurredAt: "2026-12-01T09:00:00.000Z",
          outcome: "Wants a quote",
          nextStep: null,
        },
      }),
      names,
    );
    expect(visit.summary).toBe("Olga Schmitt logged a call at Kranich AG with Ann Ash: “Wants a quote”");
  });

  it("lists at most three changes and counts the rest; a record gone from the database still reads", () => {
    const gone = "00000000-0000-4000-8000-0000000000ff";
    const { summary } = describeAudit(
      entry({
        action: "account.update",
        entityType: "account",
        entityId: gone,
        before: { name: "Old Name", region: "North", segment: "SMB", industry: null, ownerId: OLGA.id, version: 3 },
        after: { name: "New Name", region: "South", segment: "Mid-market", industry: "Retail", ownerId: OLGA.id, version: 4 },
      }),
      names,
    );
    expect(summary).toBe(
      "Olga Schmitt changed the account New Name: name from “Old Name” to “New Name”, region from “North” to “South”, segment from “SMB” to “Mid-market” and 1 more",
    );
  });

  it("says role changes and password events about the right person", () => {
    expect(
      describeAudit(
        entry({ action: "user.role", entityType: "user", entityId: ZED, actor: ANNA, before: { role: "REP" }, after: { role: "MANAGER" } }),
        names,
      ).summary,
    ).toBe("Anna Admin made Zed Zimmer a manager (was rep)");
    expect(
      describeAudit(
        entry({ action: "user.role", entityType: "user", entityId: ZED, actor: ANNA, before: { role: "REP" }, after: { role: "ADMIN" } }),
        names,
      ).summary,
    ).toBe("Anna Admin made Zed Zimmer an admin (was rep)");
    expect(describeAudit(entry({ action: "user.password-change", entityType: "user", entityId: OLGA.id }), names).summary).toBe(
      "Olga Schmitt changed their password",
    );
    expect(describeAudit(entry({ action: "user.reset-password", entityType: "user", entityId: ZED, actor: ANNA }), names).summary).toBe(
      "Anna Admin reset the password of Zed Zimmer",
    );
  });

  it("tells exchange-rate changes in words: a correction with before and after, an import, the settings", () => {
    const fx = (partial: Partial<AuditEntryView> & Pick<AuditEntryView, "action">) =>
      describeAudit(entry({ entityType: "fx_rate", actor: ANNA, ...partial }), names).summary;
    expect(
      fx({ action: "fx_rate.set", entityId: "GBP:2026-03-02", before: { perEur: "0.8", source: "import" }, after: { perEur: "0.5" } }),
    ).toBe("Anna Admin corrected the GBP rate of 2026-03-02: 0.5 per EUR (was 0.8)");
    expect(fx({ action: "fx_rate.set", entityId: "GBP:2026-03-03", after: { perEur: "0.85" } })).toBe(
      "Anna Admin entered the GBP rate of 2026-03-03: 0.85 per EUR",
    );
    expect(
      fx({
        action: "fx_rate.import",
        after: { fileName: "eurofxref.csv", rates: 3, from: "2026-03-02", to: "2026-03-04", inserted: 2, corrected: 1 },
      }),
    ).toBe("Anna Admin imported exchange rates from eurofxref.csv: 3 rates from 2026-03-02 to 2026-03-04, 2 new, 1 corrected");
    expect(
      describeAudit(
        entry({
          action: "settings.fx",
          entityType: "settings",
          actor: ANNA,
          before: { reportingCurrency: "EUR", maxGapDays: 7 },
          after: { reportingCurrency: "USD", maxGapDays: 3 },
        }),
        names,
      ).summary,
    ).toBe("Anna Admin set the reporting currency to USD and the rate gap to 3 days (was EUR, 7 days)");
  });
});
