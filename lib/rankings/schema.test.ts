import { describe, expect, it } from "vitest";
import { parseWith } from "@/lib/http/route";
import { Invalid } from "@/lib/errors";
import { cohortBounds, rankingsExportQuery, rankingsQuery } from "./schema";

const fieldsOf = (input: Record<string, string>) => {
  try {
    parseWith(rankingsQuery, input, "Invalid query");
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).issues.map((issue) => issue.field);
  }
};

describe("rankingsQuery", () => {
  it("defaults to the historical ranking, 50 a page", () => {
    expect(rankingsQuery.parse({})).toMatchObject({ measure: "historical", limit: 50 });
  });

  it("reads a full query string and treats empty filters as none", () => {
    const query = rankingsQuery.parse({ measure: "palive", limit: "200", segment: "", region: " North ", flag: "", ownerId: "", q: "" });
    expect(query).toEqual({ measure: "palive", limit: 200, region: "North" });
  });

  it("names the field that is wrong", () => {
    expect(fieldsOf({ measure: "revenue" })).toEqual(["measure"]);
    expect(fieldsOf({ limit: "0" })).toEqual(["limit"]);
    expect(fieldsOf({ limit: "201" })).toEqual(["limit"]);
    expect(fieldsOf({ limit: "ten" })).toEqual(["limit"]);
    expect(fieldsOf({ flag: "vip" })).toEqual(["flag"]);
    expect(fieldsOf({ ownerId: "1; DROP TABLE users" })).toEqual(["ownerId"]);
    expect(fieldsOf({ cohort: "2026-13" })).toEqual(["cohort"]);
    expect(fieldsOf({ cohort: "March 2026" })).toEqual(["cohort"]);
  });

  it("reads a cohort month and the UTC instants it runs between", () => {
    expect(rankingsQuery.parse({ cohort: "2026-03" })).toMatchObject({ cohort: "2026-03" });
    expect(rankingsQuery.parse({ cohort: "" }).cohort).toBeUndefined();
    expect(cohortBounds("2026-03")).toEqual({ from: "2026-03-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" });
    expect(cohortBounds("2026-12")).toEqual({ from: "2026-12-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
  });

  it("refuses parameters it does not know (strict)", () => {
    expect(() => parseWith(rankingsQuery, { orderBy: "name" })).toThrow(/orderBy/);
  });

  it("the export takes the filters but no paging", () => {
    expect(rankingsExportQuery.parse({ measure: "formula", segment: "SMB" })).toEqual({ measure: "formula", segment: "SMB" });
    expect(() => parseWith(rankingsExportQuery, { limit: "5" })).toThrow(/limit/);
  });
});

describe("band filters", () => {
  it("read plain decimal text; empty means no bound", () => {
    expect(rankingsQuery.parse({ measure: "formula", min: "-250.5", max: "1000", revenueMin: "" })).toEqual({
      measure: "formula",
      limit: 50,
      min: -250.5,
      max: 1000,
    });
    expect(rankingsExportQuery.parse({ revenueMin: " 2500.50 " })).toEqual({ measure: "historical", revenueMin: 2500.5 });
  });

  it("refuse what is not a plain number, or more than numeric(14,2) holds, naming the field", () => {
    expect(fieldsOf({ min: "ten" })).toEqual(["min"]);
    expect(fieldsOf({ min: "1e3" })).toEqual(["min"]);
    expect(fieldsOf({ max: "Infinity" })).toEqual(["max"]);
    expect(fieldsOf({ max: "1000000000000" })).toEqual(["max"]);
    expect(fieldsOf({ revenueMin: " " })).toEqual([]);
    expect(fieldsOf({ revenueMin: "12,5" })).toEqual(["revenueMin"]);
  });

  it("take summary=1 (the KPI sums) and refuse any other value", () => {
    expect(rankingsQuery.parse({ summary: "1" })).toEqual({ measure: "historical", limit: 50, summary: true });
    expect(rankingsQuery.parse({ summary: "0" })).toEqual({ measure: "historical", limit: 50 });
    expect(fieldsOf({ summary: "yes" })).toEqual(["summary"]);
    expect(() => parseWith(rankingsExportQuery, { summary: "1" })).toThrow(/summary/);
  });

  it("refuse a band whose max is not above its min", () => {
    expect(fieldsOf({ min: "2000", max: "1000" })).toEqual(["max"]);
    expect(fieldsOf({ min: "1000", max: "1000" })).toEqual(["max"]);
    expect(fieldsOf({ min: "999.99", max: "1000" })).toEqual([]);
  });
});
