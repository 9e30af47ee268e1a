import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { EXPORT_FILES, exportColumns, IMPORT_FORMATS } from "./formats";

// docs/import-formats.md is what admins read: it must name every column the code expects.
const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/import-formats.md"), "utf8");
const section = (name: string) => doc.split(/^## /m).find((part) => part.startsWith(`${name}\n`)) ?? "";

describe("import formats", () => {
  it.each(Object.values(IMPORT_FORMATS))("the guide documents every $name column and whether it is required", (format) => {
    const text = section(format.name);
    expect(text).not.toBe("");
    for (const column of format.columns) {
      expect(text).toContain(`| \`${column.name}\` | ${column.required ? "yes" : "no"} |`);
    }
  });

  it("exports write the import columns, so an export imports back", () => {
    for (const file of EXPORT_FILES) expect(exportColumns(file).length).toBeGreaterThan(0);
    expect(exportColumns("purchases")).toEqual(IMPORT_FORMATS.purchases.columns.map((c) => c.name));
  });
});
