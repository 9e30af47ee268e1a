// Credential check behind next-auth's Credentials provider.
import "server-only";
import { getPrisma } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/generated/prisma/client";
import { checkSignIn, recordSignInResult } from "@/lib/auth/throttle";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Carried in the session token; a later bump (password change, reset) ends the session. */
  sessionVersion: number;
}

/**
 * Returns the user for a correct email and password, else null; unknown and
 * wrong look the same. Throttled per email and per IP (lib/auth/throttle.ts):
 * while locked, even the right password is refused.
 */
export async function checkCredentials(email: string, password: string, ip = "local"): Promise<SignedInUser | null> {
  if (!(await checkSignIn(email, ip)).allowed) {
    await burnPasswordCheck(password);
    return null;
  }
  const user = await findUser(email, password);
  await recordSignInResult(email, user !== null);
  return user;
}

async function findUser(email: string, password: string): Promise<SignedInUser | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || !user.active) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
