import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { parseWith } from "./route";
import { updateAccountInput } from "@/lib/accounts/schema";
import { deleteContactQuery, updateContactInput } from "@/lib/contacts/schema";
import { updateDealInput } from "@/lib/deals/schema";
import { updatePurchaseInput } from "@/lib/purchases/schema";
import { updateProductInput } from "@/lib/products/schema";
import { listAuditQuery } from "@/lib/audit/list-audit";
import { MAX_RECORD_VERSION } from "./ids";

// Found by e2e/fuzz.spec.ts: {"version": 2147483648} passed `.int()` and overflowed the
// integer column in PostgreSQL (500). Every version input now stops at the column's limit.
describe("record versions", () => {
  const bodies: Record<string, ZodType> = {
    account: updateAccountInput,
    contact: updateContactInput,
    deal: updateDealInput,
    purchase: updatePurchaseInput,
  };
  for (const [name, schema] of Object.entries(bodies)) {
    it(`a ${name} edit refuses a version beyond PostgreSQL's integer range on the version field`, () => {
      expect(() => parseWith(schema, { version: MAX_RECORD_VERSION + 1 })).toThrow(/version: must be the version you read/);
      expect(() => parseWith(schema, { version: 9_007_199_254_740_993 })).toThrow(/version/);
      expect(parseWith(schema, { version: MAX_RECORD_VERSION })).toMatchObject({ version: MAX_RECORD_VERSION });
    });
  }
  it("query versions too", () => {
    expect(() => parseWith(deleteContactQuery, { version: "2147483648" })).toThrow(/version/);
    expect(parseWith(deleteContactQuery, { version: "3" })).toEqual({ version: 3 });
  });
});

// Found by e2e/fuzz.spec.ts: {"expectedUpdatedAt": "0000-01-01T00:00:00Z"} is valid ISO 8601 and a
// valid Date, but PostgreSQL refuses year 0000: PATCH /api/products/{id} answered 500.
describe("times sent back to the database", () => {
  it("a product edit refuses an updatedAt in year 0000 on that field, and takes year 1 and a real one", () => {
    const body = (expectedUpdatedAt: string) => ({ expectedUpdatedAt, name: "Renamed" });
    expect(() => parseWith(updateProductInput, body("0000-01-01T00:00:00Z"))).toThrow(/expectedUpdatedAt: must be the product's updatedAt/);
    expect(() => parseWith(updateProductInput, body("0001-01-01T00:30:00+01:00"))).toThrow(/expectedUpdatedAt/);
    expect(parseWith(updateProductInput, body("0001-01-01T00:00:00Z"))).toMatchObject({ name: "Renamed" });
    expect(parseWith(updateProductInput, body("2026-12-06T08:00:00.123Z"))).toMatchObject({ name: "Renamed" });
  });

  it("the audit log's date filters refuse year 0000", () => {
    expect(() => parseWith(listAuditQuery, { from: "0000-01-01" })).toThrow(/from/);
    expect(() => parseWith(listAuditQuery, { to: "0000-06-01T00:00:00Z" })).toThrow(/to/);
    expect(parseWith(listAuditQuery, { from: "2026-01-01" })).toMatchObject({ from: "2026-01-01" });
  });
});
