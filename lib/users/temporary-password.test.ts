import { describe, expect, it } from "vitest";
import { newPassword, passwordMentionsEmail } from "@/lib/auth/password-policy";
import { TEMPORARY_PASSWORD_LENGTH, temporaryPassword } from "./temporary-password";

describe("temporaryPassword", () => {
  it("is 16 characters, satisfies the new-password policy and differs every time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = temporaryPassword("someone@example.test");
      expect(password).toHaveLength(TEMPORARY_PASSWORD_LENGTH);
      expect(newPassword.safeParse(password).success).toBe(true);
      expect(passwordMentionsEmail(password, "someone@example.test")).toBe(false);
      expect(password).not.toMatch(/[0O1lI]/);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});
