import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { csvCell, csvRow, looksLikeFormula, unguardCell } from "./cell";

describe("csvCell", () => {
  it("leaves plain text and numbers alone", () => {
    expect(csvCell("Acme GmbH")).toBe("Acme GmbH");
    expect(csvCell(1234.5)).toBe("1234.5");
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("Smith, Jones & Co")).toBe('"Smith, Jones & Co"');
    expect(csvCell('The "Best" Shop')).toBe('"The ""Best"" Shop"');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
  });

  it.each(['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "\0x"])(
    "neutralises a text cell starting with a formula character: %j",
    (text) => {
      const cell = csvCell(text);
      const parsed = Papa.parse<string[]>(`${cell}\r\n`, { newline: "\r\n" }).data[0]![0]!;
      expect(parsed.startsWith("'")).toBe(true);
      expect(parsed.slice(1)).toBe(text);
    },
  );

  it("round-trips through a CSV parser", () => {
    const rows = [
      ["rank", "name", "value"],
      ["1", '=cmd|" /C calc"!A0', "12.5"],
      ["2", 'Müller, "Kaffee"\nGmbH', "-3"],
    ];
    const text = rows.map((cells, i) => csvRow(i === 0 ? cells : [Number(cells[0]), cells[1], Number(cells[2])])).join("");
    const parsed = Papa.parse<string[]>(text, { newline: "\r\n", skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ["rank", "name", "value"],
      ["1", `'=cmd|" /C calc"!A0`, "12.5"],
      ["2", 'Müller, "Kaffee"\nGmbH', "-3"],
    ]);
  });
});

describe("formula guard edge cases", () => {
  it.each([" =1+2", "  +A1", "\u00a0@SUM(A1)", " -1"])("neutralises a formula behind leading spaces: %j", (text) => {
    expect(csvCell(text)).toBe(`'${text}`);
  });

  it("leaves text with a formula character later on alone", () => {
    expect(csvCell("Acme = best")).toBe("Acme = best");
    expect(csvCell("a-b")).toBe("a-b");
    expect(csvCell("x@y.test")).toBe("x@y.test");
  });

  it.each(['=HYPERLINK("http://x")', "+1", "-2", "@A", "\tcmd", " =1+2", "plain", "'quoted already"])(
    "unguardCell restores what csvCell neutralised: %j",
    (text) => {
      const parsed = Papa.parse<string[]>(`${csvCell(text)}\r\n`, { newline: "\r\n" }).data[0]![0]!;
      expect(unguardCell(parsed)).toBe(text);
    },
  );

  it("marks formula-looking text", () => {
    expect(looksLikeFormula("=1")).toBe(true);
    expect(looksLikeFormula("1=1")).toBe(false);
  });
});
