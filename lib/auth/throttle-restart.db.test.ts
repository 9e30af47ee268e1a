// A sign-in lock outlives the process that set it, and (on a server) is seen by another
// app instance: the old in-memory counters forgot an unknown email's lock on restart,
// which told known emails (stored lock) from unknown ones.
import { afterAll, describe, expect, it, vi } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openTestDatabase } from "@/lib/db/testing";
import { openPglite, openPostgres, type Database } from "@/lib/db/client";
import { hashPassword } from "./password";

const onServer = Boolean(process.env.DATABASE_URL);
const opened: Database[] = [];
let pgliteDir: string | undefined;
afterAll(async () => {
  for (const db of opened.reverse()) await db.close().catch(() => {});
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

/** One "app process": fresh module state (throttle, env, login) on its own connection to the same data. */
async function startInstance(open: () => Promise<Database>) {
  vi.resetModules();
  delete (globalThis as { __ltvSignInThrottle?: unknown }).__ltvSignInThrottle;
  const db = await open();
  opened.push(db);
  const client = await import("@/lib/db/client");
  client.useDatabase(db);
  return { db, throttle: await import("./throttle"), login: await import("@/lib/auth/login") };
}

describe("sign-in locks are stored", () => {
  it("survive a restart, for a known and an unknown email and for a client address, and are seen by a second instance", async () => {
    vi.stubEnv("SIGNIN_MAX_ATTEMPTS_PER_IP", "8");
    let open: () => Promise<Database>;
    if (onServer) {
      const scratch = await openTestDatabase();
      opened.push(scratch);
      const name = String((await scratch.runner.query<{ name: string }>(`SELECT current_database() AS name`))[0]!.name);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      open = () => openPostgres(url.toString(), { poolMax: 2 });
    } else {
      pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-throttle-"));
      const dir = path.join(pgliteDir, "db");
      open = () => openPglite(dir);
    }

    const first = await startInstance(open);
    await first.db.prisma.user.create({
      data: { email: "known@restart.test", name: "Known", role: "REP", passwordHash: await hashPassword("right password") },
    });
    for (const email of ["known@restart.test", "unknown@restart.test"]) {
      for (let i = 0; i < first.throttle.MAX_FAILURES_PER_EMAIL; i++)
        expect(await first.login.checkCredentials(email, "wrong", `10.1.0.${i}`)).toBeNull();
    }
    for (let i = 0; i < 9; i++) await first.throttle.checkSignIn(`spray${i}@restart.test`, "10.2.0.1");
    expect((await first.throttle.checkSignIn("x@restart.test", "10.2.0.1", { count: false })).allowed).toBe(false);

    if (onServer) {
      // A second instance on the same server, while the first still runs.
      const second = await startInstance(open);
      expect((await second.throttle.checkSignIn("unknown@restart.test", "10.3.0.1", { count: false })).allowed).toBe(false);
      expect(await second.login.checkCredentials("known@restart.test", "right password", "10.3.0.2")).toBeNull();
    }

    await first.db.close();
    const restarted = await startInstance(open);
    for (const email of ["known@restart.test", "unknown@restart.test"]) {
      const verdict = await restarted.throttle.checkSignIn(email, "10.4.0.1", { count: false });
      expect(verdict.allowed, email).toBe(false);
      expect(verdict.retryAfterSeconds).toBeGreaterThan(13 * 60);
    }
    expect(await restarted.login.checkCredentials("known@restart.test", "right password", "10.4.0.2")).toBeNull();
    expect((await restarted.throttle.checkSignIn("y@restart.test", "10.2.0.1", { count: false })).allowed).toBe(false);
    expect((await restarted.throttle.checkSignIn("y@restart.test", "10.2.0.2", { count: false })).allowed).toBe(true);
  });
});
