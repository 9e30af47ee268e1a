import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inAccountIdOrder } from "./refit";

const byString = (x: { accountId: string }, y: { accountId: string }) =>
  x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0;

describe("inAccountIdOrder (the refit's summation order)", () => {
  it("puts accounts in the order of their id strings, ties in the first 48 bits and odd ids included", () => {
    // Ids that share their first 12 hex digits (the numeric key) and differ after it, plus
    // ids that are not canonical uuids (upper case, short), which take the string comparison.
    const sharedPrefix = fc
      .tuple(fc.constantFrom("0000abcd-ef01", "ffffffff-ffff", "12345678-9abc"), fc.uuid())
      .map(([prefix, uuid]) => prefix + uuid.slice(13));
    const id = fc.oneof(
      fc.uuid(),
      sharedPrefix,
      fc.uuid().map((u) => u.toUpperCase()),
      fc.string({ maxLength: 14 }),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), (ids) => {
        const accounts = ids.map((accountId, i) => ({ accountId, i }));
        expect(inAccountIdOrder(accounts)).toEqual([...accounts].sort(byString));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves its input as it was", () => {
    const accounts = [{ accountId: "b0000000-0000-0000-0000-000000000000" }, { accountId: "a0000000-0000-0000-0000-000000000000" }];
    const copy = [...accounts];
    expect(inAccountIdOrder(accounts).map((a) => a.accountId[0])).toEqual(["a", "b"]);
    expect(accounts).toEqual(copy);
  });
});
