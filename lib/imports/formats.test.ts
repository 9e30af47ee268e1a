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

  // Written out by hand from docs/import-formats.md: an export's header must be exactly the import's header for
  // the four importable files (so the file imports back unchanged), and the documented columns for the two
  // export-only files. The full export → import → compare round trip runs on a database in imports.db.test.ts.
  it.each([
    [
      "accounts",
      "external_id,name,owner_email,segment,industry,region,currency,acquired_at,acquisition_channel,acquisition_cost_override,status",
    ],
    ["contacts", "external_id,account_external_id,name,title,email,phone,decision_role"],
    ["products", "sku,name,category,tier_rank,tier_name,list_price,unit_cost,replenishment_days,archived"],
    ["purchases", "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost"],
    ["visits", "account_external_id,occurred_at,type,rep_email,contact_external_id,outcome,notes,next_step"],
    ["deals", "account_external_id,title,stage,type,amount,probability,expected_close_at,closed_at,owner_email,sku"],
  ] as const)("the %s export writes the header %s", (file, header) => {
    expect(exportColumns(file).join(",")).toBe(header);
    if (file in IMPORT_FORMATS)
      expect(exportColumns(file)).toEqual(IMPORT_FORMATS[file as keyof typeof IMPORT_FORMATS].columns.map((c) => c.name));
  });

  it("every export file is covered above", () => {
    expect([...EXPORT_FILES].sort()).toEqual(["accounts", "contacts", "deals", "products", "purchases", "visits"]);
  });
});
