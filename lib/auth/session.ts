// The signed-in actor for route handlers, server components and server actions.
// The JWT says who; the database says whether they still may (active, role,
// session version, age: lib/auth/session-check.ts).
import "server-only";
import { claimsOf } from "./session-check";
import { requestSessionClaims } from "./session-token";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { can, type Actor, type Entity, type Verb } from "./permissions";
import { sessionUser } from "./session-user";

export interface SignedInActor extends Actor {
  /** Set by an admin's password reset: until changed, only the password page and POST /api/me/password answer. */
  mustChangePassword: boolean;
}

export const CHANGE_PASSWORD_FIRST = "Change your password first.";

/**
 * The actor of this request, or null when signed out, deactivated, revoked (older session version) or expired.
 * The user row is read on every call, so a revocation takes effect on the next request.
 */
export async function currentActor(): Promise<SignedInActor | null> {
  const claims = await requestSessionClaims();
  if (!claims) return null;
  const user = await sessionUser(typeof claims.uid === "string" ? claims.uid : undefined, claimsOf(claims));
  if (!user) return null;
  return { id: user.id, role: user.role, email: user.email, name: user.name, mustChangePassword: user.mustChangePassword };
}

/**
 * The actor, or Unauthorized (401 on the API, a redirect to /login on pages).
 * A user who must change their password is refused (403) everywhere but the
 * password change itself (requireActorForPasswordChange).
 */
export async function requireActor(): Promise<SignedInActor> {
  const actor = await requireActorForPasswordChange();
  if (actor.mustChangePassword) throw new Forbidden(CHANGE_PASSWORD_FIRST);
  return actor;
}

/** Only for POST /api/me/password and its page: signed in, even with a password to change. */
export async function requireActorForPasswordChange(): Promise<SignedInActor> {
  const actor = await currentActor();
  if (!actor) throw new Unauthorized("Sign in to continue.");
  return actor;
}

/** The actor if allowed `verb` on `entity` as a whole (e.g. list products), else Forbidden. */
export async function requirePermission(verb: Verb, entity: Entity): Promise<SignedInActor> {
  const actor = await requireActor();
  if (!can(actor, verb, entity)) throw new Forbidden(`Your role may not ${verb} ${entity}.`);
  return actor;
}
