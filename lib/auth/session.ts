// The signed-in actor for route handlers, server components and server actions.
// The JWT says who; the database says whether they still may (active, role).
import { getServerSession } from "next-auth";
import { authOptions } from "./options";
import { getPrisma } from "@/lib/db/client";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { can, type Actor, type Entity, type Verb } from "./permissions";

export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id },
    select: { id: true, role: true, email: true, name: true, active: true },
  });
  if (!user || !user.active) return null;
  return { id: user.id, role: user.role, email: user.email, name: user.name };
}

/** The actor, or Unauthorized (401 on the API, a redirect to /login on pages). */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new Unauthorized("Sign in to continue.");
  return actor;
}

/** The actor if allowed `verb` on `entity` as a whole (e.g. list products), else Forbidden. */
export async function requirePermission(verb: Verb, entity: Entity): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, verb, entity)) throw new Forbidden(`Your role may not ${verb} ${entity}.`);
  return actor;
}
