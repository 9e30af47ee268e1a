// The read handle for heavy reads (rankings, dashboards, exports, backtests): a PostgreSQL
// streaming replica when DATABASE_READ_URL is set and it is at most DATABASE_READ_MAX_LAG_SECONDS
// behind, else the primary (database()). Writes, and what a user reads right after their own
// write (the account page after logging an order), always use database(). Without
// DATABASE_READ_URL (PGlite, a single server) readDatabase() is database().
//
// The replica's lag is measured at most once per LAG_CACHE_MS, not per request:
// - no walreceiver streaming, or WAL received but not yet replayed: now() − the commit time of
//   the last replayed transaction (pg_last_xact_replay_timestamp());
// - streaming and everything received replayed (pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()):
//   0, because an idle primary sends no WAL and the last replayed commit is then old without the
//   replica being behind.
// The first check after an idle spell that lands while a new write is in flight sees the old
// commit time; reads then use the primary for one cache period, which is only slower, never stale.
import { env } from "@/lib/env";
import { database, openPostgres, type Database } from "./client";

export type ReadSource = "primary" | "replica";

export interface ReplicaLag {
  /** Seconds behind the primary; Infinity when WAL is waiting and nothing was replayed yet. */
  lagSeconds: number;
  /** Commit time (primary's clock) of the last transaction the replica replayed, if any. */
  lastReplayAt: Date | null;
  /** Streaming and nothing received is left to replay. */
  caughtUp: boolean;
}

export interface ReadRouting {
  /** A replica is configured (DATABASE_READ_URL). */
  replicaConfigured: boolean;
  /** Where the heavy reads go now. */
  source: ReadSource;
  /** The replica's lag when it was measured; null without a replica or when it did not answer. */
  lagSeconds: number | null;
  maxLagSeconds: number;
  /** Why reads are on the primary although a replica is configured. */
  fallback: null | "lagging" | "unreachable" | "behind-write";
}

/** How long one lag measurement is used. */
export const LAG_CACHE_MS = 1_000;
/** A replica that did not answer is not asked again for this long (each ask could wait). */
const UNREACHABLE_CACHE_MS = 10_000;
const LAG_CHECK_TIMEOUT_MS = 2_000;

export const REPLICA_LAG_SQL = `
  SELECT pg_is_in_recovery() AS in_recovery,
         EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AS streaming,
         COALESCE(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn(), false) AS replayed_all,
         pg_last_xact_replay_timestamp() AS last_replay_at,
         EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS since_last_replay`;

/** The lag from one row of REPLICA_LAG_SQL (pure, so the rules are tested without a replica). */
export function replicaLagOf(row: {
  in_recovery: boolean;
  streaming: boolean;
  replayed_all: boolean;
  last_replay_at: Date | string | null;
  since_last_replay: number | string | null;
}): ReplicaLag {
  const lastReplayAt = row.last_replay_at === null ? null : new Date(row.last_replay_at);
  // Not in recovery: the "replica" is a primary (or was promoted), so it is current by definition.
  if (!row.in_recovery) return { lagSeconds: 0, lastReplayAt, caughtUp: true };
  if (row.streaming && row.replayed_all) return { lagSeconds: 0, lastReplayAt, caughtUp: true };
  const since = row.since_last_replay === null ? Infinity : Math.max(0, Number(row.since_last_replay));
  return { lagSeconds: since, lastReplayAt, caughtUp: false };
}

interface Measurement {
  at: number;
  ttl: number;
  lag: Promise<ReplicaLag | null>;
}

interface ReadReplicaState {
  replica: Promise<Database>;
  maxLagSeconds: number;
  cacheMs: number;
  measurement?: Measurement;
  /** Closes the replica's pool when this module opened it (not when a test handed one in). */
  owned: boolean;
}

const globalForRead = globalThis as unknown as { __ltvReadReplica?: ReadReplicaState | null };

function state(): ReadReplicaState | null {
  if (globalForRead.__ltvReadReplica === undefined) {
    const { DATABASE_READ_URL, DATABASE_READ_MAX_LAG_SECONDS, DATABASE_POOL_MAX } = env();
    globalForRead.__ltvReadReplica = DATABASE_READ_URL
      ? {
          replica: openPostgres(DATABASE_READ_URL, {
            poolMax: DATABASE_POOL_MAX,
            applicationName: "ltv-crm-read",
            connectionTimeoutMillis: LAG_CHECK_TIMEOUT_MS,
          }),
          maxLagSeconds: DATABASE_READ_MAX_LAG_SECONDS,
          cacheMs: LAG_CACHE_MS,
          owned: true,
        }
      : null;
  }
  return globalForRead.__ltvReadReplica;
}

async function measure(replica: Promise<Database>): Promise<ReplicaLag | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LAG_CHECK_TIMEOUT_MS);
  });
  const check = (async () => {
    const [row] = await (await replica).runner.query(REPLICA_LAG_SQL, []);
    return replicaLagOf(row as Parameters<typeof replicaLagOf>[0]);
  })().catch((error: unknown) => {
    console.warn(`read replica unreachable, reading from the primary: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The replica's lag, measured at most once per cache period (concurrent callers share one check). */
async function currentLag(s: ReadReplicaState): Promise<ReplicaLag | null> {
  const now = Date.now();
  if (!s.measurement || now - s.measurement.at >= s.measurement.ttl) {
    const measurement: Measurement = { at: now, ttl: s.cacheMs, lag: measure(s.replica) };
    s.measurement = measurement;
    void measurement.lag.then((lag) => {
      if (lag === null) measurement.ttl = Math.max(s.cacheMs, UNREACHABLE_CACHE_MS);
    });
  }
  return s.measurement.lag;
}

/**
 * Where heavy reads go now, with the lag behind that choice (the manager dashboard shows it).
 * `after`: the reader must see every write committed up to this time (e.g. a finished job's
 * rows); a lagging replica that has not replayed that far sends the read to the primary.
 */
export async function readRouting(opts: { after?: Date } = {}): Promise<ReadRouting> {
  const s = state();
  if (!s) return { replicaConfigured: false, source: "primary", lagSeconds: null, maxLagSeconds: 0, fallback: null };
  const lag = await currentLag(s);
  const base = { replicaConfigured: true, maxLagSeconds: s.maxLagSeconds };
  if (!lag) return { ...base, source: "primary", lagSeconds: null, fallback: "unreachable" };
  const lagSeconds = Number.isFinite(lag.lagSeconds) ? lag.lagSeconds : null;
  if (lag.lagSeconds > s.maxLagSeconds) return { ...base, source: "primary", lagSeconds, fallback: "lagging" };
  if (opts.after && !lag.caughtUp && (!lag.lastReplayAt || lag.lastReplayAt < opts.after)) {
    return { ...base, source: "primary", lagSeconds, fallback: "behind-write" };
  }
  return { ...base, source: "replica", lagSeconds, fallback: null };
}

/**
 * The database for a heavy read: the replica when it is current enough, else the primary —
 * `opts.primary` when the caller holds it (a job's own database), else the process's.
 */
export async function readDatabase(opts: { after?: Date; primary?: Database } = {}): Promise<Database> {
  const s = state();
  const primary = () => opts.primary ?? database();
  if (!s) return primary();
  return (await readRouting(opts)).source === "replica" ? s.replica : primary();
}

/**
 * Tests: route heavy reads to `replica` (null: no replica, every read on the primary), with a
 * lag limit and cache period of their own; undefined goes back to reading the environment.
 */
export function useReadReplica(replica: Database | null | undefined, opts: { maxLagSeconds?: number; cacheMs?: number } = {}): void {
  globalForRead.__ltvReadReplica =
    replica === undefined
      ? undefined
      : replica === null
        ? null
        : {
            replica: Promise.resolve(replica),
            maxLagSeconds: opts.maxLagSeconds ?? env().DATABASE_READ_MAX_LAG_SECONDS,
            cacheMs: opts.cacheMs ?? LAG_CACHE_MS,
            owned: false,
          };
}

/** Closes the replica's connections (shutdown, scripts). */
export async function closeReadReplica(): Promise<void> {
  const s = globalForRead.__ltvReadReplica;
  globalForRead.__ltvReadReplica = undefined;
  if (s?.owned) await (await s.replica.catch(() => null))?.close();
}
