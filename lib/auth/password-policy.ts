// The one rule for a new password (account creation, admin reset, password
// change), after OWASP ASVS 5.0 §6.2: at least 12 characters, up to 128, any
// characters allowed, no composition rules, refused when it is a well-known
// password or contains the user's email name. Sign-in itself only checks the hash,
// so the demo users' short password still works.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "./password";

export const NEW_PASSWORD_MIN_LENGTH = 12;

// A short list of the most common passwords of 12+ characters; a real deployment
// would check a breached-password list (ASVS 6.2.12), which needs a download we can't do here.
const COMMON = new Set([
  "123456789012",
  "1234567890123",
  "password1234",
  "passwordpassword",
  "qwertyuiopas",
  "111111111111",
  "iloveyou1234",
  "qwerty123456",
  "administrator",
  "welcome12345",
  "letmein12345",
  "changeme1234",
]);

export const newPassword = z
  .string()
  .min(NEW_PASSWORD_MIN_LENGTH, `must be at least ${NEW_PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => !COMMON.has(value.toLowerCase()), "is one of the most common passwords; choose another");

/** Extra check that needs the user: the password must not contain the email's name part. */
export function passwordMentionsEmail(password: string, email: string): boolean {
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  return local.length >= 4 && password.toLowerCase().includes(local);
}
