import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { Invalid, TooManyRequests } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { hashPassword } from "./password";
import { changePassword, changePasswordInput, passwordChangeReason } from "./change-password";
import { MAX_FAILURES_PER_EMAIL, checkSignIn, resetSignInThrottle } from "./throttle";
import { checkCredentials } from "@/lib/auth/login";
import type { Actor } from "./permissions";

let db: Database;
let actor: Actor;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  const row = await db.prisma.user.create({
    data: {
      email: "casey@change.test",
      name: "Casey",
      role: "REP",
      passwordHash: await hashPassword("old password 1"),
      mustChangePassword: true,
    },
  });
  actor = { id: row.id, role: row.role, email: row.email, name: row.name };
});
beforeEach(async () => resetSignInThrottle());
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const fieldOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Invalid);
  return (error as Invalid).issues.map((issue) => issue.field);
};

describe("changePassword", () => {
  it("refuses a wrong current password on the currentPassword field and counts it as a failed sign-in", async () => {
    const before = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
    expect(await fieldOf(changePassword(actor, { currentPassword: "nope", newPassword: "a much longer secret" }))).toEqual([
      "currentPassword",
    ]);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
    expect(after.failedLogins).toBe(before.failedLogins + 1);
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.sessionVersion).toBe(before.sessionVersion);
    await db.prisma.user.update({ where: { id: actor.id }, data: { failedLogins: 0 } });
  });

  it("applies the new-password policy (length, common, email name, same as before)", async () => {
    expect(() => parseWith(changePasswordInput, { currentPassword: "old password 1", newPassword: "short" })).toThrow(/newPassword/);
    expect(() => parseWith(changePasswordInput, { currentPassword: "old password 1", newPassword: "password1234" })).toThrow(/common/);
    expect(() => parseWith(changePasswordInput, { currentPassword: "x", newPassword: "a much longer secret", extra: 1 })).toThrow(
      /extra: unknown field/,
    );
    expect(await fieldOf(changePassword(actor, { currentPassword: "old password 1", newPassword: "my name is casey ok" }))).toEqual([
      "newPassword",
    ]);
    expect(await fieldOf(changePassword(actor, { currentPassword: "old password 1", newPassword: "old password 1" }))).toEqual([
      "newPassword",
    ]);
  });

  it("tells a new user (never chose a password) from one after an admin's reset, for the password page's wording", async () => {
    expect(await passwordChangeReason({ id: actor.id, mustChangePassword: true })).toBe("new-user");
    const other = await db.prisma.user.create({
      data: {
        email: "reset@change.test",
        name: "Reset",
        role: "REP",
        passwordHash: "x",
        mustChangePassword: true,
        passwordChangedAt: new Date("2026-01-02T03:04:05Z"),
      },
    });
    expect(await passwordChangeReason({ id: other.id, mustChangePassword: true })).toBe("reset");
    expect(await passwordChangeReason({ id: other.id, mustChangePassword: false })).toBeNull();
  });

  it("changes the hash, clears mustChangePassword, bumps the session version and audits without the password", async () => {
    const before = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
    const { passwordChangedAt } = await changePassword(actor, { currentPassword: "old password 1", newPassword: "tulips in november" });
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(false);
    expect(after.passwordChangedAt?.getTime()).toBe(passwordChangedAt.getTime());
    expect(await checkCredentials("casey@change.test", "old password 1")).toBeNull();
    expect(await checkCredentials("casey@change.test", "tulips in november")).toMatchObject({
      id: actor.id,
      sessionVersion: after.sessionVersion,
    });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "user.password-change", entityId: actor.id } });
    const text = JSON.stringify(audit);
    for (const secret of ["tulips in november", "old password 1", after.passwordHash, before.passwordHash])
      expect(text).not.toContain(secret);
    expect(audit.after).toMatchObject({ sessionVersion: after.sessionVersion, mustChangePassword: false });
  });

  it("locks after repeated wrong current passwords like sign-in does, then answers 429", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      await changePassword(actor, { currentPassword: `guess ${i}`, newPassword: "another long secret" }).catch(() => {});
    }
    expect((await checkSignIn("casey@change.test", "10.9.9.9", { count: false })).allowed).toBe(false);
    await expect(
      changePassword(actor, { currentPassword: "tulips in november", newPassword: "another long secret" }),
    ).rejects.toBeInstanceOf(TooManyRequests);
    expect(await checkCredentials("casey@change.test", "tulips in november")).toBeNull();
  });
});
