import { describe, expect, it } from "vitest";
import { newPassword, passwordMentionsEmail } from "./password-policy";

describe("new password policy", () => {
  it("accepts a 12-character passphrase and refuses 11 characters with the reason", () => {
    expect(newPassword.safeParse("correct horse").success).toBe(true);
    const short = newPassword.safeParse("eleven-char");
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.message).toMatch(/at least 12/);
  });

  it("refuses well-known passwords whatever their case and anything over 128 characters", () => {
    expect(newPassword.safeParse("Password1234").success).toBe(false);
    expect(newPassword.safeParse("x".repeat(129)).success).toBe(false);
  });

  it("notices a password built from the email's name", () => {
    expect(passwordMentionsEmail("annasmith-2026!", "anna.smith@example.com")).toBe(false);
    expect(passwordMentionsEmail("my-anna.smith-pass", "anna.smith@example.com")).toBe(true);
  });
});
