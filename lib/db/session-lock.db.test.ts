// Database.lockSession: the lock a pass over every account's metrics holds for minutes across many
// statements (lib/metrics/shadow-pass.ts). A second holder waits; shutdown ends a wait; on a
// server another instance waits too, and a holder that dies frees it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "./testing";
import { openPostgres, type Database } from "./client";

const KEY = 990_001;
let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe("a session lock", () => {
  it("makes a second holder wait until the first releases", async () => {
    const release = await db.lockSession(KEY);
    let second: (() => Promise<void>) | undefined;
    const waiting = db.lockSession(KEY).then((got) => (second = got));
    await settle();
    expect(second).toBeUndefined();
    await release();
    await waiting;
    expect(second).toBeDefined();
    await second!();
    // Free again: taken at once.
    await (
      await db.lockSession(KEY)
    )();
  });

  it("ends a wait when its signal aborts, and the holder keeps the lock", async () => {
    const release = await db.lockSession(KEY);
    const controller = new AbortController();
    const waiting = db.lockSession(KEY, { signal: controller.signal });
    await settle();
    controller.abort(new Error("shutting down"));
    await expect(waiting).rejects.toThrow("shutting down");
    let third = false;
    const next = db.lockSession(KEY).then((got) => {
      third = true;
      return got;
    });
    await settle();
    expect(third).toBe(false);
    await release();
    await (
      await next
    )();
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))("a session lock on a server", () => {
  it("makes another instance wait, and is freed when its holder's connection dies", async () => {
    if (db.queue.kind !== "postgres") throw new Error("needs a server");
    const other = await openPostgres(db.queue.url, { poolMax: 2 });
    try {
      const dead = await db.lockSession(KEY);
      let got = false;
      const waiting = other.lockSession(KEY).then((release) => {
        got = true;
        return release;
      });
      await settle();
      expect(got).toBe(false);
      // The holder's process dies: its connection ends, and the server frees its locks.
      const [holder] = await other.runner.query<{ pid: number }>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`,
        [KEY],
      );
      expect(holder).toBeDefined();
      await other.runner.query(`SELECT pg_terminate_backend($1)`, [holder!.pid]);
      const release = await waiting;
      expect(got).toBe(true);
      await release();
      // The dead holder's release finds its connection gone and hands it back broken.
      await dead();
    } finally {
      await other.close();
    }
  });
});
