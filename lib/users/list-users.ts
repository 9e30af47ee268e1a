import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";

export async function listUsers(actor: Actor) {
  if (!can(actor, "read", "user")) throw new Forbidden("Your role may not list users.");
  const prisma = await getPrisma();
  const users = await prisma.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, active: true, _count: { select: { accounts: true } } },
  });
  return users.map(({ _count, ...user }) => ({ ...user, accounts: _count.accounts }));
}
