// Issue 17 §4: one set of date rules for the API and the CSV import.
import { describe, expect, it } from "vitest";
import { parseDateText } from "./dates";
import { createAccountInput } from "@/lib/accounts/schema";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { createVisitInput } from "@/lib/visits/schema";
import { createDealInput } from "@/lib/deals/schema";
import { parseRow } from "@/lib/imports/schema";

const ID = "3f1c9a4e-8b2d-4c6f-9e1a-7d5b3c2a1f00";
const tomorrowPlus = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// Not dates at all, not real days or times, or outside 1990 … today (+1 day of slack).
const refused: unknown[] = [
  true,
  false,
  0,
  1_700_000_000_000,
  null,
  {},
  [],
  "2026-02-30",
  "2025-02-29",
  "2026-04-31",
  "2026-13-01",
  "2026-00-10",
  "2026-01-00",
  "2026-02-30T10:00:00Z",
  "2026-01-10T24:00:00Z",
  "2026-01-10T10:60:00Z",
  "2026-01-10T10:00:61Z",
  "2026-01-10T10:00:00", // no offset: which day it is depends on the server's zone
  "1989-12-31",
  "0001-01-01",
  "+275760-09-13T00:00:00.000Z",
  tomorrowPlus(3),
  "9999-12-31",
  "15.03.2024",
  "03/15/2024",
  "2024-3-5",
  "yesterday",
  "",
  " ",
];

describe("parseDateText", () => {
  it("reads days as UTC midnight and date-times with their offset", () => {
    expect(parseDateText("2024-02-29", { time: false })).toEqual({ date: new Date("2024-02-29T00:00:00.000Z") });
    expect(parseDateText("2026-03-15T10:30:00+02:00", { time: true })).toEqual({ date: new Date("2026-03-15T08:30:00.000Z") });
    expect(parseDateText("2026-03-15T10:30Z", { time: true })).toEqual({ date: new Date("2026-03-15T10:30:00.000Z") });
    expect(parseDateText("2026-02-30", { time: false })).toEqual({ problem: "is not a real calendar day (2026-02-30)" });
    expect(parseDateText("2026-03-15T10:30:00Z", { time: false })).toEqual({ problem: "must be a date like 2026-03-15" });
  });
});

describe("the same date rules in the API and the CSV import", () => {
  const api = {
    acquiredAt: (value: unknown) => createAccountInput.safeParse({ name: "A", segment: "SMB", acquiredAt: value }),
    purchasedAt: (value: unknown) =>
      createPurchaseInput.safeParse({
        accountId: ID,
        purchasedAt: value,
        lines: [{ productId: ID, quantity: 1, unitPrice: 1 }],
        idempotencyKey: "key-12345",
      }),
    occurredAt: (value: unknown) =>
      createVisitInput.safeParse({ accountId: ID, type: "CALL", occurredAt: value, idempotencyKey: "key-12345" }),
  };
  const csv = {
    acquired_at: (value: string) =>
      parseRow("ACCOUNTS", 2, { external_id: "X", name: "A", owner_email: "a@b.test", segment: "SMB", acquired_at: value }),
    purchased_at: (value: string) =>
      parseRow("PURCHASES", 2, {
        order_external_id: "O",
        account_external_id: "X",
        purchased_at: value,
        sku: "S",
        quantity: "1",
        unit_price: "1",
      }),
  };
  const fieldsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
    (result.error?.issues ?? []).map((i) => i.path.join("."));

  it.each(refused)("refuses %j, naming the field", (value) => {
    expect(fieldsOf(api.acquiredAt(value))).toContain("acquiredAt");
    expect(fieldsOf(api.purchasedAt(value))).toContain("purchasedAt");
    expect(fieldsOf(api.occurredAt(value))).toContain("occurredAt");
    if (typeof value === "string" && value.trim() !== "") {
      const account = csv.acquired_at(value);
      expect(account.ok ? [] : account.errors.map((e) => e.column)).toEqual(["acquired_at"]);
      const order = csv.purchased_at(value);
      expect(order.ok ? [] : order.errors.map((e) => e.column)).toEqual(["purchased_at"]);
    }
  });

  it("accepts real days and date-times in range, the same in both", () => {
    for (const value of [
      "2024-02-29",
      "1990-01-01",
      "2026-01-10T10:00:00Z",
      "2026-01-10T23:59:59.999-05:00",
      tomorrowPlus(0).slice(0, 10),
    ]) {
      expect(api.acquiredAt(value).success, value).toBe(true);
      expect(api.purchasedAt(value).success, value).toBe(true);
      expect(api.occurredAt(value).success, value).toBe(true);
      expect(csv.acquired_at(value).ok, value).toBe(true);
      expect(csv.purchased_at(value).ok, value).toBe(true);
    }
    expect(api.acquiredAt("2024-02-29").data?.acquiredAt).toEqual(new Date("2024-02-29T00:00:00.000Z"));
  });

  it("an expected close date is a real day from 1990 to 2100", () => {
    const deal = (value: unknown) => createDealInput.safeParse({ accountId: ID, title: "T", amount: 1, expectedCloseAt: value });
    expect(deal("2030-06-30").success).toBe(true);
    for (const value of ["2030-02-30", "2101-01-01", "1989-12-31", true, 20300630, "2030-06-30T00:00:00Z"])
      expect(fieldsOf(deal(value)), String(value)).toContain("expectedCloseAt");
  });
});
