// The one database module: a Prisma client over embedded PGlite (no DATABASE_URL)
// or a PostgreSQL server (DATABASE_URL). Opened once per process and kept on
// globalThis so dev hot reloads and route modules share it; PGlite must never be
// opened twice on the same data directory.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { migrate, type SqlRunner } from "./migrate";

export type DbKind = "pglite" | "postgres";

/** How the job queue (lib/jobs/queue.ts) reaches the same database: PGlite's one connection, or its own pool. */
export type QueueConnection = { kind: "pglite"; client: PGlite } | { kind: "postgres"; url: string };

export interface Database {
  prisma: PrismaClient;
  kind: DbKind;
  /** Raw driver access for migrations and bulk loads. */
  runner: SqlRunner;
  queue: QueueConnection;
  /**
   * Holds a session-level advisory lock until the returned release is called, for work that spans
   * many statements and transactions (withMetricsPassLock, lib/metrics/shadow-pass.ts). On a server it is held on a
   * connection of its own, so a process that dies frees it with the connection; waiting polls, so
   * `signal` (shutdown) can end the wait. On PGlite the one session is the whole process's, where
   * an advisory lock is re-entrant for every caller: callers queue in the process instead.
   */
  lockSession(key: number, opts?: { signal?: AbortSignal }): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PGlite's session locks: one process owns the data directory, so a queue per key in memory is the lock. */
function inProcessLocks(): Database["lockSession"] {
  const held = new Map<number, Promise<void>>();
  return async (key, opts) => {
    for (let current = held.get(key); current; current = held.get(key)) {
      opts?.signal?.throwIfAborted();
      await (opts?.signal ? Promise.race([current, aborted(opts.signal)]) : current);
    }
    opts?.signal?.throwIfAborted();
    // No await between the check above and this set: the first waiter to wake takes it.
    let release!: () => void;
    held.set(key, new Promise<void>((resolve) => (release = resolve)));
    return once(async () => {
      held.delete(key);
      release();
    });
  };
}

/** Resolves when the signal aborts (the waiter above then throws its reason). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

const SESSION_LOCK_POLL_MS = 250;

function serverLocks(pool: pg.Pool): Database["lockSession"] {
  return async (key, opts) => {
    const client = await pool.connect();
    // Held for minutes: a connection the server ends meanwhile (a restart) must not crash the
    // process with an unhandled error; the lock went with it, and the release hands it back broken.
    const lost = (error: Error) => console.warn(`session lock ${key}: connection lost: ${error.message}`);
    client.on("error", lost);
    try {
      while (!(await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [key])).rows[0]?.locked) {
        opts?.signal?.throwIfAborted();
        await new Promise((resolve) => setTimeout(resolve, SESSION_LOCK_POLL_MS));
      }
    } catch (error) {
      client.off("error", lost);
      client.release();
      throw error;
    }
    return once(async () => {
      try {
        await client.query(`SELECT pg_advisory_unlock($1)`, [key]);
        client.off("error", lost);
        client.release();
      } catch (error) {
        client.off("error", lost);
        // The connection is gone (and the lock with it): the pool must not hand it out again.
        client.release(error as Error);
      }
    });
  };
}

export function pgliteRunner(client: PGlite): SqlRunner {
  return {
    async exec(script) {
      await client.exec(script);
    },
    async query(sql, params) {
      return (await client.query(sql, params)).rows as never[];
    },
  };
}

export function poolRunner(pool: pg.Pool | pg.Client): SqlRunner {
  return {
    async exec(script) {
      await pool.query(script);
    },
    async query(sql, params, opts) {
      return (await pool.query(opts?.prepare ? { name: opts.prepare, text: sql, values: params } : { text: sql, values: params })).rows;
    },
  };
}

/** A close() that may be called more than once (tests and shutdown both close). */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

/** `<dataDir>.lock` holds the pid of the process that has the data dir open. */
export const dataDirLockFile = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

function writeDataDirLock(dataDir: string): { release(): void } {
  const file = dataDirLockFile(dataDir);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, openedAt: new Date().toISOString() }));
  return {
    release() {
      try {
        if (JSON.parse(fs.readFileSync(file, "utf8")).pid === process.pid) fs.rmSync(file, { force: true });
      } catch {
        // Already gone.
      }
    },
  };
}

/**
 * Opens embedded PostgreSQL; `dataDir` undefined means in memory (tests). `loadDataDir` starts an
 * in-memory one from a dump (migratedPgliteDump); the migrations then find nothing to apply.
 */
export async function openPglite(dataDir: string | undefined, opts: { migrate?: boolean; loadDataDir?: Blob } = {}): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  // pg_trgm: trigram (GIN) indexes for the account-name search (docs/performance.md);
  // a server has it from postgresql-contrib, PGlite only when loaded here.
  const client = new PGlite({
    dataDir: dataDir ? path.resolve(dataDir) : undefined,
    loadDataDir: opts.loadDataDir,
    extensions: { pg_trgm },
  });
  await client.waitReady;
  const runner = pgliteRunner(client);
  // PGlite is a single connection: an advisory lock is meaningless there.
  if (opts.migrate ?? true) await migrate(runner, { advisoryLock: false });
  // The adapter is typed against an older @prisma/driver-adapter-utils; the runtime
  // contract is the same (covered by every *.db.test.ts on PGlite).
  const adapter = new PrismaPGlite(client) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  // Tells `npm run db:backup`/`db:restore` that a live process has this data dir open (lib/db/backup.ts).
  const lock = dataDir ? writeDataDirLock(path.resolve(dataDir)) : undefined;
  return {
    prisma,
    kind: "pglite",
    runner,
    queue: { kind: "pglite", client },
    lockSession: inProcessLocks(),
    close: once(async () => {
      await prisma.$disconnect();
      await client.close();
      lock?.release();
    }),
  };
}

/** An in-memory PGlite with every migration applied, as an uncompressed tar of its data dir (the test suite's template). */
export async function migratedPgliteDump(): Promise<Buffer> {
  const client = new PGlite({ extensions: { pg_trgm } });
  try {
    await client.waitReady;
    await migrate(pgliteRunner(client), { advisoryLock: false });
    return Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
  } finally {
    await client.close();
  }
}

/** Connects to a PostgreSQL server. Migrations there are an explicit step (`npm run db:migrate`). */
export async function openPostgres(
  url: string,
  opts: { poolMax?: number; migrate?: boolean; applicationName?: string; connectionTimeoutMillis?: number } = {},
): Promise<Database> {
  if (opts.migrate) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migrate(poolRunner(client));
    } finally {
      await client.end();
    }
  }
  // pg waits forever for a free connection by default (connectionTimeoutMillis 0): bound it.
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000,
    // Names the connections in pg_stat_activity (which reads run on the replica: lib/db/read-database.ts).
    application_name: opts.applicationName ?? "ltv-crm",
    idleTimeoutMillis: 30_000,
    // JIT compiles a plan when its estimated cost is high; for this app's short queries the
    // compile (~1 s for the cohort chart at 10 000 accounts) costs far more than it saves.
    // random_page_cost 1.1 (the usual value for SSDs and a cached working set, against the
    // default 4 tuned for spinning disks): at 4 the planner preferred a sequential scan of
    // 100 000 account names over the trigram index for a name search (60 ms against 21 ms).
    options: "-c jit=off -c random_page_cost=1.1",
  });
  // An idle client can be cut off by the server (restart, DROP DATABASE … FORCE):
  // pg emits that on the pool, and unhandled it would crash the process.
  pool.on("error", (error) => console.warn(`database connection lost: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: "postgres",
    runner: poolRunner(pool),
    queue: { kind: "postgres", url },
    lockSession: serverLocks(pool),
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    }),
  };
}

const globalForDb = globalThis as unknown as { __ltvDatabase?: Promise<Database> };

/** The process-wide database, opened (and for PGlite migrated) on first use. */
export function database(): Promise<Database> {
  if (!globalForDb.__ltvDatabase) {
    const { DATABASE_URL, PGLITE_DATA_DIR, DATABASE_POOL_MAX } = env();
    globalForDb.__ltvDatabase = (
      DATABASE_URL ? openPostgres(DATABASE_URL, { poolMax: DATABASE_POOL_MAX }) : openPglite(PGLITE_DATA_DIR)
    ).catch((error) => {
      globalForDb.__ltvDatabase = undefined;
      throw error;
    });
  }
  return globalForDb.__ltvDatabase;
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await database()).prisma;
}

/** Makes `db` the process-wide database (integration tests call services against a test database). */
export function useDatabase(db: Database): void {
  globalForDb.__ltvDatabase = Promise.resolve(db);
}

/** Closes the process-wide database (scripts; SIGTERM so PGlite flushes to disk). */
export async function closeDatabase(): Promise<void> {
  const open = globalForDb.__ltvDatabase;
  globalForDb.__ltvDatabase = undefined;
  if (open) await (await open).close();
}
