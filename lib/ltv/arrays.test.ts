import { describe, expect, it } from "vitest";
import { at, last, ownValue } from "./arrays";

describe("lib/ltv/arrays", () => {
  it("return the element at an index inside the array, null included", () => {
    expect(at([10, 20, 30], 1)).toBe(20);
    expect(at(Float64Array.of(0.5, -0), 1)).toBe(-0);
    expect(at([null, 1], 0)).toBeNull();
    expect(last(["a", "b"])).toBe("b");
  });

  it("throw a RangeError naming the array for an index outside it", () => {
    expect(() => at([1, 2], 2, "xValues")).toThrow(new RangeError("xValues[2] is out of range (length 2)"));
    expect(() => at(new Int32Array(3), -1, "xIndex")).toThrow(new RangeError("xIndex[-1] is out of range (length 3)"));
    expect(() => at([1, 2], 0.5)).toThrow(RangeError);
    expect(() => last([], "times")).toThrow(new RangeError("times[-1] is out of range (length 0)"));
  });

  it("ownValue reads own properties only", () => {
    const segments: Record<string, number> = { SMB: 3, Enterprise: 0 };
    expect(ownValue(segments, "SMB")).toBe(3);
    expect(ownValue(segments, "Enterprise")).toBe(0);
    expect(ownValue(segments, "Mid-market")).toBeUndefined();
    expect(ownValue(segments, "constructor")).toBeUndefined();
    expect(ownValue(segments, "toString")).toBeUndefined();
  });
});
