import { describe, expect, it } from "vitest";
import { isPhoneNumber, looksLikeEmail } from "./phone";

describe("isPhoneNumber", () => {
  it("accepts numbers as people write them", () => {
    for (const ok of [
      "+49 30 1234567",
      "(030) 123 45 67",
      "030/1234567",
      "+1 (415) 555-0132",
      "+44 20 7946 0958 ext. 12",
      "0171-2345678 x 3",
      "123456",
    ]) {
      expect(isPhoneNumber(ok), ok).toBe(true);
    }
  });
  it("refuses typos and other things pasted into the box", () => {
    for (const bad of [
      "12345",
      "call me",
      "anna@example.com",
      "+49 30 12345678901234",
      "49+30 123456",
      "++49 30 123456",
      "030 12a4567",
      "",
    ]) {
      expect(isPhoneNumber(bad), bad).toBe(false);
    }
  });
});

describe("looksLikeEmail", () => {
  it("accepts an address and refuses the usual slips", () => {
    expect(looksLikeEmail("anna.berg@example.de")).toBe(true);
    expect(looksLikeEmail("anna.berg@example")).toBe(false);
    expect(looksLikeEmail("anna berg@example.de")).toBe(false);
    expect(looksLikeEmail("anna.berg.example.de")).toBe(false);
  });
});

describe("contact schema", () => {
  it("refuses a phone number that is not one, naming the field, and keeps a good one as typed", async () => {
    const { createContactInput } = await import("./schema");
    const accountId = "00000000-0000-4000-8000-000000000000";
    const bad = createContactInput.safeParse({ accountId, name: "Anna", phone: "call me" });
    expect(bad.error!.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["phone", "must be a phone number, such as +49 30 1234567"],
    ]);
    expect(createContactInput.parse({ accountId, name: "Anna", phone: " (030) 123 45 67 " }).phone).toBe("(030) 123 45 67");
  });
});
