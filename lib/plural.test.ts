import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one and the plural otherwise, zero included", () => {
    expect(plural(1, "admin")).toBe("1 admin");
    expect(plural(0, "admin")).toBe("0 admins");
    expect(plural(2, "rep")).toBe("2 reps");
  });
  it("groups thousands and takes an irregular plural", () => {
    expect(plural(1250, "account")).toBe("1,250 accounts");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
    expect(plural(1, "entry", "entries")).toBe("1 entry");
  });
});
