import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { csvRecord } from "./export";
import type { RankingItem } from "./measures";
import { rankingsExportQuery } from "./schema";

const item: RankingItem = {
  accountId: "00000000-0000-4000-8000-000000000001",
  name: "Visser Academy",
  ownerId: "00000000-0000-4000-8000-000000000002",
  ownerName: "Olga Schmitt",
  segment: "Enterprise",
  region: "West",
  value: 0.8734,
  rank: 3,
  currency: "EUR",
  revenue: 599410.5,
  measures: { historical: 121419.89, formula: -1234.5, predicted: 244923.46, palive: 0.8734 },
  flags: ["upsell"],
  churnRisk: false,
};

const cells = (line: string) => Papa.parse<string[]>(line.trim()).data[0]!;

describe("ranking CSV record", () => {
  it("writes money in whole units (half away from zero) and P(active) to two decimals", () => {
    const row = cells(csvRecord(item, rankingsExportQuery.parse({ measure: "palive" })));
    // Value (the ranked measure, P(active) here), Revenue, Historical, Formula, Predicted, P(active).
    expect(row.slice(8, 14)).toEqual(["0.87", "599411", "121420", "-1235", "244923", "0.87"]);
  });

  it("writes a money measure's value in whole units too", () => {
    const row = cells(csvRecord({ ...item, value: 244923.46 }, rankingsExportQuery.parse({ measure: "predicted" })));
    expect(row[8]).toBe("244923");
  });
});
