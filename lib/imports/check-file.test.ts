import { describe, expect, it } from "vitest";
import { FileChecker, checkHeader, type ImportUnit } from "./check-file";
import { parseRow } from "./schema";
import type { ImportEntity } from "@/lib/generated/prisma/enums";

function check(entity: ImportEntity, lines: string[][]): { header: ReturnType<FileChecker["header"]>; units: ImportUnit[] } {
  const checker = new FileChecker(entity);
  const header = checker.header({ line: 1, cells: lines[0]!, problems: [] });
  const units = lines.slice(1).flatMap((cells, i) => checker.push({ line: i + 2, cells, problems: [] }));
  return { header, units: [...units, ...checker.finish()] };
}

describe("header checks", () => {
  it("accepts the documented columns in any order and case", () => {
    expect(checkHeader("PRODUCTS", ["Name", "SKU", "category", "list_price", "unit_cost"])).toEqual([]);
  });

  it("names missing required, unknown, duplicate and empty columns", () => {
    const errors = checkHeader("ACCOUNTS", ["external_id", "name", "name", "colour", ""]);
    expect(errors).toEqual([
      { line: 1, column: "name", reason: "the column appears twice in the header" },
      expect.objectContaining({ line: 1, column: "colour", reason: expect.stringMatching(/^unknown column/) }),
      { line: 1, column: "column 5", reason: "the header has an empty column name" },
      { line: 1, column: "owner_email", reason: "required column is missing from the header" },
      { line: 1, column: "segment", reason: "required column is missing from the header" },
    ]);
  });
});

describe("row schemas", () => {
  it("accounts: trims, lower-cases the owner email, fills defaults", () => {
    const result = parseRow("ACCOUNTS", 2, {
      external_id: " A-1 ",
      name: "Acme",
      owner_email: "Rep1@Demo.Test",
      segment: "SMB",
      status: "",
      currency: "usd",
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ external_id: "A-1", owner_email: "rep1@demo.test", status: "ACTIVE", currency: "USD" }),
    });
  });

  it.each([
    ["acquired_at", "2024-02-30", "is not a real calendar day (2024-02-30)"],
    ["acquired_at", "2999-01-01", "must not be in the future"],
    ["acquisition_cost_override", "-5", "must not be negative"],
    ["acquisition_cost_override", "1.005", "must have at most two decimals"],
    ["currency", "EURO", "must be an ISO 4217 code like EUR"],
    ["owner_email", "not-an-email", "must be an email address"],
  ])("accounts: %s = %j → %s", (column, value, reason) => {
    const row = { external_id: "A-1", name: "Acme", owner_email: "rep1@demo.test", segment: "SMB", [column]: value };
    expect(parseRow("ACCOUNTS", 7, row)).toEqual({ ok: false, errors: [{ line: 7, column, reason }] });
  });

  it("reports a missing required value under its column", () => {
    expect(parseRow("PRODUCTS", 3, { sku: "X", name: "", category: "C", list_price: "1", unit_cost: "" })).toEqual({
      ok: false,
      errors: [
        { line: 3, column: "name", reason: "is required" },
        { line: 3, column: "unit_cost", reason: "is required" },
      ],
    });
  });

  it("purchases: money becomes cents, dates may carry a time and zone", () => {
    const result = parseRow("PURCHASES", 2, {
      order_external_id: "O-1",
      account_external_id: "A-1",
      purchased_at: "2025-03-01T10:30:00+02:00",
      sku: "S",
      quantity: "3",
      unit_price: "59.90",
      unit_cost: "",
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        quantity: 3,
        unit_price: 5990,
        unit_cost: undefined,
        purchased_at: new Date("2025-03-01T08:30:00Z"),
      }),
    });
    const bad = parseRow("PURCHASES", 2, {
      order_external_id: "O-1",
      account_external_id: "A-1",
      purchased_at: "03/01/2025",
      sku: "S",
      quantity: "1.5",
      unit_price: "x",
    });
    expect(bad.ok ? [] : bad.errors.map((e) => e.column)).toEqual(["purchased_at", "quantity", "unit_price"]);
  });

  it("products: archived accepts true/false/yes/no/1/0", () => {
    const base = { sku: "X", name: "N", category: "C", list_price: "1", unit_cost: "1" };
    expect(parseRow("PRODUCTS", 2, { ...base, archived: "Yes" })).toMatchObject({ ok: true, value: { archived: true } });
    expect(parseRow("PRODUCTS", 2, { ...base, archived: "" })).toMatchObject({ ok: true, value: { archived: false } });
    expect(parseRow("PRODUCTS", 2, { ...base, archived: "maybe" })).toMatchObject({ ok: false });
  });
});

describe("file checks", () => {
  it("reports a row with the wrong number of cells and reads back guarded cells", () => {
    const { units } = check("ACCOUNTS", [
      ["external_id", "name", "owner_email", "segment"],
      ["A-1", "'=Acme", "r@x.test", "SMB"],
      ["A-2", "Beta", "r@x.test"],
    ]);
    expect(units[0]!.rows[0]).toMatchObject({ name: "=Acme" });
    expect(units[1]!.errors).toEqual([{ line: 3, column: "(row)", reason: "has 3 cells; the header has 4" }]);
  });

  it("finds in-file duplicates: account external ids, product skus, contact emails per account", () => {
    const accounts = check("ACCOUNTS", [
      ["external_id", "name", "owner_email", "segment"],
      ["A", "x", "r@x.test", "S"],
      ["A", "y", "r@x.test", "S"],
    ]);
    expect(accounts.units[1]!.errors).toEqual([
      { line: 3, column: "external_id", reason: "external_id A appears again in this file (first on line 2)" },
    ]);
    const contacts = check("CONTACTS", [
      ["account_external_id", "name", "email"],
      ["A", "One", "a@x.test"],
      ["B", "Two", "a@x.test"],
      ["A", "Three", "A@x.test"],
    ]);
    expect(contacts.units.map((u) => u.errors.map((e) => e.column))).toEqual([[], [], ["email"]]);
  });

  it("groups consecutive purchase rows into orders; disagreeing or split orders are errors on every line", () => {
    const header = ["order_external_id", "account_external_id", "purchased_at", "sku", "quantity", "unit_price"];
    const { units } = check("PURCHASES", [
      header,
      ["O1", "A", "2025-01-01", "S", "1", "1"],
      ["O1", "A", "2025-01-01", "T", "2", "1"],
      ["O2", "A", "2025-01-02", "S", "1", "1"],
      ["O2", "B", "2025-01-03", "S", "1", "1"],
      ["O3", "A", "2025-01-02", "S", "1", "1"],
      ["O1", "A", "2025-01-01", "S", "1", "1"],
    ]);
    expect(units.map((u) => [u.lines, u.rows.length, u.errors.length > 0])).toEqual([
      [[2, 3], 2, false],
      [[4, 5], 0, true],
      [[6], 1, false],
      [[7], 0, true],
    ]);
    expect(units[1]!.errors.map((e) => [e.line, e.column])).toEqual([
      [4, "account_external_id"],
      [4, "purchased_at"],
      [5, "account_external_id"],
      [5, "purchased_at"],
    ]);
    expect(units[3]!.errors[0]!.reason).toMatch(/already appeared on line 2/);
  });
});
