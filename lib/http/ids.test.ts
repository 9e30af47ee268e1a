import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { parseWith } from "./route";
import { updateAccountInput } from "@/lib/accounts/schema";
import { deleteContactQuery, updateContactInput } from "@/lib/contacts/schema";
import { updateDealInput } from "@/lib/deals/schema";
import { updatePurchaseInput } from "@/lib/purchases/schema";
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
