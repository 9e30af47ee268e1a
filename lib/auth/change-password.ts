// A signed-in user changes their own password (ASVS 5.0 V6.2.2/6.2.3): the
// current password is required, and a wrong one counts as a failed sign-in for
// the email lockout (so this form is no side door for guessing). A change ends
// every session of the user, this one included (sessionVersion + 1).
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { Invalid, TooManyRequests, Unauthorized } from "@/lib/errors";
import type { Actor } from "./permissions";
import { hashPassword, verifyPassword } from "./password";
import { newPassword, passwordMentionsEmail } from "./password-policy";
import { checkSignIn, recordSignInResult } from "./throttle";

export const changePasswordInput = z
  .object({
    currentPassword: z.string({ error: "must be your current password" }).min(1, "must be your current password").max(1024),
    newPassword,
  })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

const invalid = (field: string, reason: string) => new Invalid(`Invalid body: ${field}: ${reason}`, [{ field, reason }]);

export async function changePassword(actor: Actor, input: ChangePasswordInput, ip = "local"): Promise<{ passwordChangedAt: Date }> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { email: true, passwordHash: true, active: true } });
  if (!user || !user.active) throw new Unauthorized("Sign in to continue.");
  const verdict = await checkSignIn(user.email, ip, { count: false });
  if (!verdict.allowed) {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    throw new TooManyRequests(
      `Too many wrong passwords. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      verdict.retryAfterSeconds,
    );
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordSignInResult(user.email, false);
    throw invalid("currentPassword", "is not your current password");
  }
  if (passwordMentionsEmail(input.newPassword, user.email)) throw invalid("newPassword", "must not contain your email name");
  if (input.newPassword === input.currentPassword) throw invalid("newPassword", "must differ from your current password");
  const passwordHash = await hashPassword(input.newPassword);
  const passwordChangedAt = new Date();
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: actor.id },
      select: { sessionVersion: true, passwordChangedAt: true, mustChangePassword: true },
    });
    const after = await tx.user.update({
      where: { id: actor.id },
      data: {
        passwordHash,
        passwordChangedAt,
        mustChangePassword: false,
        sessionVersion: { increment: 1 },
        failedLogins: 0,
        lockedUntil: null,
      },
      select: { sessionVersion: true, passwordChangedAt: true, mustChangePassword: true },
    });
    // Never the password or its hash: only what changed around it.
    await recordAudit(tx, { actorId: actor.id, action: "user.password-change", entityType: "user", entityId: actor.id, before, after });
  });
  await recordSignInResult(user.email, true);
  return { passwordChangedAt };
}

/**
 * Why the password form is shown first: a new user has never set their own password
 * (no passwordChangedAt: an admin created the account), an admin's reset sets one.
 */
export async function passwordChangeReason(actor: { id: string; mustChangePassword: boolean }): Promise<"new-user" | "reset" | null> {
  if (!actor.mustChangePassword) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { id: actor.id }, select: { passwordChangedAt: true } });
  return user?.passwordChangedAt ? "reset" : "new-user";
}
