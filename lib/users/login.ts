// Credential check behind next-auth's Credentials provider.
import { getPrisma } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/generated/prisma/client";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Returns the user for a correct email and password, else null; unknown and wrong look the same. */
export async function checkCredentials(email: string, password: string): Promise<SignedInUser | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || !user.active) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
