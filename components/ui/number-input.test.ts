import { describe, expect, it } from "vitest";
import { normalizeDecimal } from "./number-input";

describe("normalizeDecimal", () => {
  it("accepts a decimal comma", () => {
    expect(normalizeDecimal("47,80", "de-DE")).toBe("47.80");
    expect(normalizeDecimal("47,8", "en-GB")).toBe("47.8");
    expect(normalizeDecimal(" 1.234,50 ", "de-DE")).toBe("1234.50");
    expect(normalizeDecimal("1 234,50", "fr-FR")).toBe("1234.50");
    expect(normalizeDecimal("0,5", "de-DE")).toBe("0.5");
  });

  it("reads grouping the way the locale writes it", () => {
    expect(normalizeDecimal("1,234.50", "en-GB")).toBe("1234.50");
    expect(normalizeDecimal("1,234", "en-GB")).toBe("1234");
    expect(normalizeDecimal("1,234", "de-DE")).toBe("1.234");
    expect(normalizeDecimal("1.234", "de-DE")).toBe("1234");
    expect(normalizeDecimal("1.234.567", "en-GB")).toBe("1234567");
    expect(normalizeDecimal("12.5", "de-DE")).toBe("12.5");
  });

  it("leaves what is not a number for the server to name", () => {
    expect(normalizeDecimal("twelve", "en-GB")).toBe("twelve");
    expect(normalizeDecimal("", "en-GB")).toBe("");
    expect(normalizeDecimal("1,2,3.4,5", "en-GB")).toBe("1,2,3.4,5");
  });
});
