// Applies prisma/migrations/*/migration.sql in order and records each one in
// Prisma's own `_prisma_migrations` table, so `prisma migrate status` and this
// runner agree. Why not `prisma migrate deploy`: on a server it fails through
// @prisma/adapter-pg (prisma/orm#27403) and the native engine cannot be
// downloaded here; on PGlite the CLI can hang after finishing. One small runner
// serves both backends (docs/decisions/0002-prisma-6-19-and-our-migration-runner.md).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { MIGRATION_LOCK_ID } from "./advisory-locks";

export interface QueryOptions {
  prepare?: string;
}

/** The little a migration needs from a driver: run a script, run a parameterised query. */
export interface SqlRunner {
  exec(script: string): Promise<void>;
  /**
   * `prepare` names the statement so a server connection parses and plans it once and reuses the
   * plan (PGlite ignores it): for hot reads of fixed text whose best plan does not depend on the
   * values, such as a lookup by key. The name must be unique to the text.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<T[]>;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
}

// Relative to the project root: npm scripts, tests and the server all run there
// (and a bundler cannot resolve import.meta.dirname for a traced file).
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

// MIGRATION_LOCK_ID (lib/db/advisory-locks.ts) is the id Prisma's migrate uses, so the two never run at once.

export function listMigrations(dir = MIGRATIONS_DIR): Array<{ name: string; sql: string; checksum: string }> {
  return (
    fs
      // turbopackIgnore: the migrations folder is read at run time, not traced into the bundle.
      .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
      .map((d) => d.name)
      .sort()
      .map((name) => {
        const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
        return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
      })
  );
}

export async function migrate(
  db: SqlRunner,
  opts: { dir?: string; log?: (line: string) => void; advisoryLock?: boolean } = {},
): Promise<AppliedMigration[]> {
  const log = opts.log ?? (() => {});
  const useLock = opts.advisoryLock ?? true;
  await db.exec(`
    CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    );`);
  if (useLock) await db.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK_ID]);
  try {
    const done = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const byName = new Map(done.map((row) => [row.migration_name, row]));
    const applied: AppliedMigration[] = [];
    for (const migration of listMigrations(opts.dir)) {
      const previous = byName.get(migration.name);
      if (previous) {
        if (!previous.finished_at) {
          throw new Error(`Migration ${migration.name} started earlier but never finished; inspect the database before going on.`);
        }
        if (previous.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied (checksum differs). Add a new migration instead.`);
        }
        continue;
      }
      log(`applying ${migration.name}`);
      // PostgreSQL DDL is transactional: a failing migration leaves nothing behind.
      await db.exec("BEGIN");
      try {
        await db.exec(migration.sql);
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await db.exec("COMMIT");
      } catch (error) {
        await db.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push({ name: migration.name, checksum: migration.checksum });
    }
    return applied;
  } finally {
    if (useLock) await db.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK_ID]);
  }
}
