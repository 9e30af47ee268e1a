import { Invalid } from "@/lib/errors";
import { passwordMentionsEmail } from "@/lib/auth/password-policy";

/** The policy check that needs the user (the schema already checked length and common passwords). */
export function assertPasswordForUser(password: string, email: string): void {
  if (passwordMentionsEmail(password, email)) {
    throw new Invalid("Invalid body: password: must not contain the user's email name", [
      { field: "password", reason: "must not contain the user's email name" },
    ]);
  }
}
