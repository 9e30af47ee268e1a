import { describe, expect, it } from "vitest";
import { changedFields, showValue } from "./diff";

describe("changedFields", () => {
  it("keeps only the fields an update changed, ignoring version and updatedAt", () => {
    expect(
      changedFields({ name: "A", ownerId: "x", version: 1, updatedAt: "t1" }, { name: "A", ownerId: "y", version: 2, updatedAt: "t2" }),
    ).toEqual([{ field: "ownerId", before: "x", after: "y" }]);
    expect(changedFields({ tier: { rank: 1 } }, { tier: { rank: 2 } })).toEqual([
      { field: "tier", before: { rank: 1 }, after: { rank: 2 } },
    ]);
  });

  it("lists every field of a creation or a deletion", () => {
    expect(changedFields(null, { sku: "A", version: 1 })).toEqual([
      { field: "sku", before: undefined, after: "A" },
      { field: "version", before: undefined, after: 1 },
    ]);
    expect(changedFields({ sku: "A" }, null)).toEqual([{ field: "sku", before: "A", after: undefined }]);
    expect(changedFields(null, null)).toEqual([]);
  });

  it("shows values plainly", () => {
    expect(showValue(null)).toBe("empty");
    expect(showValue(undefined)).toBe("—");
    expect(showValue("REP")).toBe("REP");
    expect(showValue(false)).toBe("false");
  });
});
