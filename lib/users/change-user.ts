// User administration (admins only): create, rename, change role, deactivate,
// reset password. A role change, a deactivation and a reset bump sessionVersion so
// the user's existing sessions end; every change is audited, never with a password.
import { getPrisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { can, type Actor } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { clearEmailLock } from "@/lib/auth/throttle";
import { Conflict, Forbidden, NotFound, Unprocessable } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { userSelect, userView, type UserView } from "./user-view";
import { assertPasswordForUser } from "./password-rules";
import { temporaryPassword } from "./temporary-password";
import type { CreateUserInput, ResetPasswordInput, UpdateUserInput } from "./schema";

function assertAdmin(actor: Actor) {
  if (!can(actor, "write", "user")) throw new Forbidden("Only admins manage users.");
}

export interface UserWithPassword {
  user: UserView;
  /** Only when the server generated the password: shown to the admin once, stored nowhere in clear. */
  temporaryPassword?: string;
}

export async function createUser(actor: Actor, input: CreateUserInput): Promise<UserWithPassword> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const duplicate = async () => {
    const holder = await prisma.user.findFirst({ where: { email: { equals: input.email, mode: "insensitive" } }, select: userSelect });
    return holder ? new Conflict(`A user with the email ${holder.email} already exists.`, userView(holder), "email") : null;
  };
  const taken = await duplicate();
  if (taken) throw taken;
  const password = input.password ?? temporaryPassword(input.email);
  assertPasswordForUser(password, input.email);
  const passwordHash = await hashPassword(password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: true },
        select: userSelect,
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "user.create",
        entityType: "user",
        entityId: created.id,
        after: { email: created.email, name: created.name, role: created.role, active: created.active },
      });
      return userView(created);
    });
    return { user, ...(input.password === undefined ? { temporaryPassword: password } : {}) };
  } catch (error) {
    if (isUniqueViolation(error))
      throw (await duplicate()) ?? new Conflict(`A user with the email ${input.email} already exists.`, undefined, "email");
    throw error;
  }
}

export async function updateUser(actor: Actor, userId: string, input: UpdateUserInput): Promise<UserView> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    // Every change that can remove an admin locks the active admins first, so two
    // admins demoting each other at once cannot leave nobody in charge.
    await tx.$queryRawUnsafe(`SELECT id FROM users WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`);
    const locked = await tx.$queryRawUnsafe<unknown[]>(`SELECT id FROM users WHERE id = $1::uuid FOR UPDATE`, userId);
    if (locked.length === 0) throw new NotFound("No such user.");
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: userSelect });
    const roleChange = input.role !== undefined && input.role !== current.role;
    const activeChange = input.active !== undefined && input.active !== current.active;
    const rename = input.name !== undefined && input.name !== current.name;
    const deactivating = activeChange && input.active === false;

    if (userId === actor.id && deactivating) throw new Unprocessable("You can't deactivate your own user; ask another admin.");
    if (userId === actor.id && roleChange) throw new Unprocessable("You can't change your own role; ask another admin.");
    const removesAdmin = current.role === "ADMIN" && current.active && (roleChange || deactivating);
    if (removesAdmin) {
      const otherAdmins = await tx.user.count({ where: { role: "ADMIN", active: true, id: { not: userId } } });
      if (otherAdmins === 0) throw new Unprocessable(`${current.name} is the last active admin; make another user an admin first.`);
    }
    if (!roleChange && !activeChange && !rename) return userView(current);

    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        ...(rename ? { name: input.name } : {}),
        ...(roleChange ? { role: input.role } : {}),
        ...(activeChange ? { active: input.active } : {}),
        // Ends the user's sessions (session.ts compares the version in the token).
        ...(roleChange || deactivating ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: userSelect,
    });
    const audit = (action: string, before: object, after: object) =>
      recordAudit(tx, { actorId: actor.id, action, entityType: "user", entityId: userId, before, after });
    if (rename) await audit("user.update", { name: current.name }, { name: updated.name });
    if (roleChange) await audit("user.role", { role: current.role }, { role: updated.role });
    if (activeChange)
      await audit(updated.active ? "user.activate" : "user.deactivate", { active: current.active }, { active: updated.active });
    return userView(updated);
  });
}

export async function resetPassword(actor: Actor, userId: string, input: ResetPasswordInput): Promise<UserWithPassword> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const target = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!target) throw new NotFound("No such user.");
  const password = input.password ?? temporaryPassword(target.email);
  assertPasswordForUser(password, target.email);
  const passwordHash = await hashPassword(password);
  const user = await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({
      where: { id: userId },
      select: { mustChangePassword: true, failedLogins: true, lockedUntil: true },
    });
    if (!before) throw new NotFound("No such user.");
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: new Date(),
        failedLogins: 0,
        lockedUntil: null,
        sessionVersion: { increment: 1 },
      },
      select: { ...userSelect, failedLogins: true },
    });
    await clearEmailLock(tx, target.email);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "user.reset-password",
      entityType: "user",
      entityId: userId,
      before,
      after: {
        mustChangePassword: updated.mustChangePassword,
        failedLogins: updated.failedLogins,
        lockedUntil: updated.lockedUntil,
        generated: input.password === undefined,
      },
    });
    const { failedLogins: _failedLogins, ...view } = updated;
    return userView(view);
  });
  return { user, ...(input.password === undefined ? { temporaryPassword: password } : {}) };
}
