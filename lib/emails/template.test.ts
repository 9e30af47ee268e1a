import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATE, renderTemplate, unknownPlaceholders } from "./template";

const values = {
  contactName: "Dana Buyer",
  product: "Toner Standard",
  lastOrderDate: "3 Aug 2026",
  signature: "Rita Rep\nrita@example.test",
};

describe("reminder template", () => {
  it("fills every placeholder of the default template", () => {
    expect(renderTemplate(DEFAULT_TEMPLATE.subject, values)).toBe("Time to restock Toner Standard?");
    expect(renderTemplate(DEFAULT_TEMPLATE.body, values)).toBe(
      "Hello Dana Buyer,\n\nyour last order with us was on 3 Aug 2026. If your Toner Standard is running low, " +
        "reply to this e-mail and I will arrange the next delivery.\n\nBest regards,\nRita Rep\nrita@example.test",
    );
  });
  it("tolerates spaces in braces, leaves unknown names as written and reports them", () => {
    expect(renderTemplate("Hi {{ contactName }}, {{discount}}", values)).toBe("Hi Dana Buyer, {{discount}}");
    expect(unknownPlaceholders("{{contactName}} {{discount}} {{ discount }} {{sig}}")).toEqual(["discount", "sig"]);
  });
});
