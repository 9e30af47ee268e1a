// A random temporary password for an admin's reset or a new user: 16 characters
// from an alphabet without look-alikes (0/O, 1/l/I), read out or pasted once.
import { randomInt } from "node:crypto";
import { newPassword, passwordMentionsEmail } from "@/lib/auth/password-policy";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
export const TEMPORARY_PASSWORD_LENGTH = 16;

export function temporaryPassword(email: string): string {
  for (;;) {
    let password = "";
    for (let i = 0; i < TEMPORARY_PASSWORD_LENGTH; i++) password += ALPHABET[randomInt(ALPHABET.length)];
    // 16 random characters practically never hit either rule; checked so the invariant is explicit.
    if (newPassword.safeParse(password).success && !passwordMentionsEmail(password, email)) return password;
  }
}
