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
  account: {
    currency: "GBP",
    revenue: 509499,
    measures: { historical: 103206.9, formula: -1049.33, predicted: 208184.94, palive: 0.8734 },
  },
  fxGap: null,
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

  it("carries the account-currency figures beside the reporting-currency ones", () => {
    const row = cells(csvRecord({ ...item, value: 244923.46 }, rankingsExportQuery.parse({ measure: "predicted" })));
    expect(row.slice(16)).toEqual(["GBP", "208185", "509499", "103207", "-1049", "208185"]);
  });

  it("leaves a reporting figure without a rate empty, never the unconverted amount", () => {
    const missing = { ...item, revenue: null, measures: { historical: null, formula: null, predicted: null, palive: 0.8734 } };
    const row = cells(csvRecord(missing, rankingsExportQuery.parse({ measure: "palive" })));
    expect(row.slice(9, 13)).toEqual(["", "", "", ""]);
    expect(row[18]).toBe("509499");
  });

  it("writes a money measure's value in whole units too", () => {
    const row = cells(csvRecord({ ...item, value: 244923.46 }, rankingsExportQuery.parse({ measure: "predicted" })));
    expect(row[8]).toBe("244923");
  });
});
