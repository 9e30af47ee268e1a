import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/api-client";
import { explainError, fieldLabel, formErrors } from "./form-errors";

const invalid = (issues: Array<{ field: string; reason: string }>) =>
  new ApiError(400, `Invalid body: ${issues.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, { error: "Invalid body", issues });

describe("formErrors", () => {
  it("puts each reason by its field, once, in a sentence, without the request plumbing", () => {
    const error = invalid([
      { field: "lines.1.unitPrice", reason: "must have at most two decimals" },
      { field: "lines.1.unitPrice", reason: "must not be negative" },
      { field: "purchasedAt", reason: "must not be in the future" },
    ]);
    const result = formErrors(error, { "lines.1.unitPrice": "Unit price", purchasedAt: "Order date" });
    expect(result).toEqual({
      byField: { "lines.1.unitPrice": "Must have at most two decimals.", purchasedAt: "Must not be in the future." },
      general: null,
    });
  });

  it("says in words what no field on the form shows", () => {
    const result = formErrors(
      invalid([
        { field: "lines.0.productId", reason: "is archived" },
        { field: "dealId", reason: "no such deal" },
      ]),
      { purchasedAt: "Order date" },
    );
    expect(result.general).toBe("Product (line 1): is archived. Deal: no such deal.");
    expect(result.general).not.toMatch(/Invalid body|lines\.0|productId/);
  });

  it("shows a conflict or a lost connection as the server's sentence", () => {
    expect(formErrors(new ApiError(0, "Could not reach the server.", null), {}).general).toBe("Could not reach the server.");
    expect(formErrors(null, {})).toEqual({ byField: {}, general: null });
  });

  it("names paths", () => {
    expect(fieldLabel("lines.1.unitPrice")).toBe("Unit price (line 2)");
    expect(fieldLabel("contact.phone")).toBe("Phone");
    expect(fieldLabel("expectedCloseAt")).toBe("Expected close at");
    // A name that is nothing but "Id" leaves no words (this threw a TypeError on ""[0].toUpperCase()).
    expect(fieldLabel("Id")).toBe("");
    expect(fieldLabel("lines.0.Id")).toBe(" (line 1)");
  });
});

describe("explainError (a failed request no field shows)", () => {
  it("names each field in words, else gives the server's message; a screen may word a 403 itself", () => {
    expect(explainError(invalid([{ field: "toOwnerId", reason: "no such user" }]))).toBe("To owner: no such user.");
    const conflict = new ApiError(409, "2 of these accounts have been reassigned by someone else since you loaded them.", { error: "x" });
    expect(explainError(conflict)).toBe("2 of these accounts have been reassigned by someone else since you loaded them.");
    const forbidden = new ApiError(403, "Only managers and admins reassign accounts.", { error: "x" });
    expect(explainError(forbidden)).toBe("Only managers and admins reassign accounts.");
    expect(explainError(forbidden, { refused: "Your role may not reassign accounts." })).toBe("Your role may not reassign accounts.");
    expect(explainError(new ApiError(0, "offline", { error: "x" }))).toBe("The server could not be reached; nothing was changed.");
    expect(explainError(new TypeError("fetch failed"))).toBe("The server could not be reached; nothing was changed.");
  });
});
