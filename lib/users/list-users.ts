import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { userSelect, userView, type UserView } from "./user-view";

export async function listUsers(actor: Actor): Promise<UserView[]> {
  if (!can(actor, "read", "user")) throw new Forbidden("Your role may not list users.");
  const prisma = await getPrisma();
  const users = await prisma.user.findMany({ orderBy: [{ role: "asc" }, { email: "asc" }], select: userSelect });
  return users.map(userView);
}
