import { describe, expect, it } from "vitest";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Conflict, Forbidden, Invalid, NotFound, Unprocessable } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { checkCredentials } from "@/lib/auth/login";
import { createUser, resetPassword, updateUser } from "./change-user";
import { listUsers } from "./list-users";
import { createUserInput, resetPasswordInput, updateUserInput } from "./schema";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready));

const INITIAL = "river-lantern-42x";
const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).issues.map((issue) => issue.field);
  }
};
const sessionVersion = async (id: string) => (await db.prisma.user.findUniqueOrThrow({ where: { id } })).sessionVersion;

describe("users", () => {
  it("an admin creates a user who must change the password and can sign in with it; no hash in the answer", async () => {
    const { user, temporaryPassword } = await createUser(
      fx.admin,
      createUserInput.parse({ email: "  New.Rep@Fixture.test ", name: "New Rep", role: "REP", password: INITIAL }),
    );
    expect(user).toMatchObject({ email: "new.rep@fixture.test", role: "REP", active: true, mustChangePassword: true, accounts: 0 });
    expect(temporaryPassword).toBeUndefined();
    expect(JSON.stringify(user)).not.toMatch(/passwordHash|argon/);
    expect(await checkCredentials("new.rep@fixture.test", INITIAL, "test-ip")).toMatchObject({ id: user.id });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: user.id, action: "user.create" } });
    expect(JSON.stringify(audit)).not.toContain(INITIAL);
    expect((await listUsers(fx.manager)).map((u) => u.email)).toContain("new.rep@fixture.test");
  });

  it("without a password the server generates one, returned once, that satisfies the policy", async () => {
    const { user, temporaryPassword } = await createUser(
      fx.admin,
      createUserInput.parse({ email: "generated@fixture.test", name: "Gen", role: "MANAGER" }),
    );
    expect(temporaryPassword).toHaveLength(16);
    expect(await checkCredentials(user.email, temporaryPassword!, "test-ip")).not.toBeNull();
  });

  it("a duplicate email, in any case, answers Conflict", async () => {
    const error = await createUser(
      fx.admin,
      createUserInput.parse({ email: "REP1@fixture.test", name: "Dup", role: "REP", password: INITIAL }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).details).toMatchObject({ id: fx.rep1.id });
    expect(await db.prisma.user.count({ where: { name: "Dup" } })).toBe(0);
  });

  it("validation names the field: short, common or email-like passwords, bad email, bad role, unknown field", async () => {
    const base = { email: "x@fixture.test", name: "X", role: "REP", password: INITIAL };
    expect(fieldsOf(() => parseWith(createUserInput, { ...base, password: "short" }))).toEqual(["password"]);
    expect(fieldsOf(() => parseWith(createUserInput, { ...base, password: "password1234" }))).toEqual(["password"]);
    expect(fieldsOf(() => parseWith(createUserInput, { ...base, email: "not-an-email" }))).toEqual(["email"]);
    expect(fieldsOf(() => parseWith(createUserInput, { ...base, role: "OWNER" }))).toEqual(["role"]);
    expect(fieldsOf(() => parseWith(createUserInput, { ...base, isAdmin: true }))).toEqual(["isAdmin"]);
    expect(fieldsOf(() => parseWith(updateUserInput, {}))).toEqual(["(body)"]);
    const mentions = await createUser(
      fx.admin,
      createUserInput.parse({ ...base, email: "jordan@fixture.test", password: "jordan-summer-2026" }),
    ).catch((e) => e);
    expect(mentions).toBeInstanceOf(Invalid);
    expect((mentions as Invalid).issues[0]?.field).toBe("password");
  });

  it("reps and managers may not create, change or reset users", async () => {
    for (const actor of [fx.rep1, fx.manager]) {
      await expect(
        createUser(actor, createUserInput.parse({ email: "sneaky@fixture.test", name: "S", role: "ADMIN", password: INITIAL })),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(updateUser(actor, fx.rep2.id, { role: "ADMIN" })).rejects.toBeInstanceOf(Forbidden);
      await expect(resetPassword(actor, fx.rep2.id, {})).rejects.toBeInstanceOf(Forbidden);
    }
    await expect(listUsers(fx.rep1)).rejects.toBeInstanceOf(Forbidden);
    expect(await db.prisma.user.count({ where: { email: "sneaky@fixture.test" } })).toBe(0);
  });

  it("a role change and a deactivation bump sessionVersion and are audited with before and after; a rename does not end sessions", async () => {
    const v0 = await sessionVersion(fx.rep2.id);
    await updateUser(fx.admin, fx.rep2.id, updateUserInput.parse({ name: "Rep Two" }));
    expect(await sessionVersion(fx.rep2.id)).toBe(v0);
    const promoted = await updateUser(fx.admin, fx.rep2.id, updateUserInput.parse({ role: "MANAGER" }));
    expect(promoted.role).toBe("MANAGER");
    expect(await sessionVersion(fx.rep2.id)).toBe(v0 + 1);
    const role = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: fx.rep2.id, action: "user.role" } });
    expect(role).toMatchObject({ actorId: fx.admin.id, before: { role: "REP" }, after: { role: "MANAGER" } });

    await updateUser(fx.admin, fx.rep2.id, updateUserInput.parse({ active: false }));
    expect(await sessionVersion(fx.rep2.id)).toBe(v0 + 2);
    expect(await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: fx.rep2.id, action: "user.deactivate" } })).toMatchObject({
      before: { active: true },
      after: { active: false },
    });
    await updateUser(fx.admin, fx.rep2.id, updateUserInput.parse({ active: true, role: "REP" }));
    expect(await db.prisma.auditLog.count({ where: { entityId: fx.rep2.id, action: "user.activate" } })).toBe(1);
    await expect(updateUser(fx.admin, "00000000-0000-4000-8000-000000000000", { name: "x" })).rejects.toBeInstanceOf(NotFound);
  });

  it("an admin can't deactivate or demote themself, and the last active admin can't be removed", async () => {
    await expect(updateUser(fx.admin, fx.admin.id, { active: false })).rejects.toBeInstanceOf(Unprocessable);
    await expect(updateUser(fx.admin, fx.admin.id, { role: "MANAGER" })).rejects.toBeInstanceOf(Unprocessable);
    const { user: second } = await createUser(
      fx.admin,
      createUserInput.parse({ email: "second.admin@fixture.test", name: "Second Admin", role: "ADMIN", password: INITIAL }),
    );
    const secondActor = { id: second.id, role: second.role, email: second.email, name: second.name };
    // With two admins, one may demote the other…
    await updateUser(secondActor, fx.admin.id, { role: "MANAGER" });
    // …but then the remaining one is the last: a request still carrying the demoted
    // admin's old role (a race, a stale session) can't remove it.
    const last = await updateUser(fx.admin, second.id, { active: false }).catch((e) => e);
    expect(last).toBeInstanceOf(Unprocessable);
    expect((last as Unprocessable).message).toMatch(/Second Admin is the last active admin/);
    await expect(updateUser(fx.admin, second.id, { role: "REP" })).rejects.toBeInstanceOf(Unprocessable);
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ role: "ADMIN", active: true });
    // Restore: fx.admin is an admin again, and now second may go.
    await updateUser(secondActor, fx.admin.id, { role: "ADMIN" });
    await updateUser(fx.admin, second.id, { active: false });
    expect(await db.prisma.user.count({ where: { role: "ADMIN", active: true } })).toBe(1);
  });

  it("two admins demoting each other at the same moment leave exactly one admin", async () => {
    const { user: other } = await createUser(
      fx.admin,
      createUserInput.parse({ email: "race.admin@fixture.test", name: "Race Admin", role: "ADMIN", password: INITIAL }),
    );
    const otherActor = { id: other.id, role: other.role, email: other.email, name: other.name };
    const results = await Promise.allSettled([
      updateUser(fx.admin, other.id, { role: "REP" }),
      updateUser(otherActor, fx.admin.id, { role: "REP" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(Unprocessable);
    expect(await db.prisma.user.count({ where: { role: "ADMIN", active: true } })).toBe(1);
    // Put fx.admin back in charge for the tests that follow.
    const survivor = (await db.prisma.user.findFirstOrThrow({ where: { role: "ADMIN", active: true } })).id;
    if (survivor !== fx.admin.id) await updateUser(otherActor, fx.admin.id, { role: "ADMIN" });
  });

  it("a reset sets a temporary password, clears the lockout, ends sessions, and never writes a password to the audit log", async () => {
    await db.prisma.user.update({ where: { id: fx.rep1.id }, data: { failedLogins: 5, lockedUntil: new Date(Date.now() + 600_000) } });
    const v0 = await sessionVersion(fx.rep1.id);
    const generated = await resetPassword(fx.admin, fx.rep1.id, resetPasswordInput.parse({}));
    expect(generated.temporaryPassword).toHaveLength(16);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: fx.rep1.id } });
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null, mustChangePassword: true, sessionVersion: v0 + 1 });
    expect(await checkCredentials(fx.rep1.email, generated.temporaryPassword!, "test-ip")).toMatchObject({ id: fx.rep1.id });

    const chosen = await resetPassword(fx.admin, fx.rep1.id, resetPasswordInput.parse({ password: "harbour-violet-77" }));
    expect(chosen.temporaryPassword).toBeUndefined();
    expect(await checkCredentials(fx.rep1.email, "harbour-violet-77", "test-ip")).not.toBeNull();
    expect(await checkCredentials(fx.rep1.email, generated.temporaryPassword!, "test-ip")).toBeNull();
    const audits = await db.prisma.auditLog.findMany({ where: { entityId: fx.rep1.id, action: "user.reset-password" } });
    expect(audits).toHaveLength(2);
    expect(audits.find((a) => (a.before as { failedLogins: number }).failedLogins === 5)).toBeDefined();
    const text = JSON.stringify(audits);
    expect(text).not.toContain(generated.temporaryPassword!);
    expect(text).not.toContain("harbour-violet-77");
    expect(text).not.toMatch(/argon2/);
    expect(fieldsOf(() => parseWith(resetPasswordInput, { password: "short" }))).toEqual(["password"]);
    await expect(resetPassword(fx.admin, "00000000-0000-4000-8000-000000000000", {})).rejects.toBeInstanceOf(NotFound);
  });
});
