import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { openTestDatabase } from "./testing";
import { listMigrations, migrate } from "./migrate";
import type { Database } from "./client";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("migrations", () => {
  it("records every migration in Prisma's _prisma_migrations format with the file's sha256", async () => {
    const rows = await db.runner.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = listMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("is idempotent: a second run applies nothing", async () => {
    expect(await migrate(db.runner, { advisoryLock: db.kind === "postgres" })).toEqual([]);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const first = listMigrations()[0]!;
    await db.runner.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, ["0".repeat(64), first.name]);
    await expect(migrate(db.runner, { advisoryLock: false })).rejects.toThrow(/changed after it was applied/);
    await db.runner.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [first.checksum, first.name]);
  });

  it("creates the schema the Prisma client expects", async () => {
    const user = await db.prisma.user.create({ data: { email: "x@example.test", name: "X", passwordHash: "h" } });
    expect(user.role).toBe("REP");
    expect(await db.prisma.user.count()).toBe(1);
  });
});

describe("schema drift", () => {
  it("prisma/schema.prisma has no change that a migration does not hold", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const out = spawnSync(process.execPath, ["scripts/new-migration.mjs", "--check"], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(out.stderr + out.stdout).toContain("migrations match");
    expect(out.status).toBe(0);
  }, 130_000);
});
