// User administration inputs. The password rule itself lives in
// lib/auth/password-policy.ts (one rule for creation, reset and change).
import { z } from "zod";
import { newPassword } from "@/lib/auth/password-policy";

const role = z.enum(["REP", "MANAGER", "ADMIN"], { error: "must be REP, MANAGER or ADMIN" });
const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export const createUserInput = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: "must be an email address" }).max(254)),
    name,
    role,
    // Omitted: the server generates one and returns it once.
    password: newPassword.optional(),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .object({ name: name.optional(), role: role.optional(), active: z.boolean().optional() })
  .strict()
  .refine((input) => Object.keys(input).length > 0, { error: "send at least one of name, role, active", path: ["(body)"] });
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const resetPasswordInput = z
  .object({
    // Omitted: the server generates a random 16-character password and returns it once.
    password: newPassword.optional(),
  })
  .strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
