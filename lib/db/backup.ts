// Backup and restore of the embedded database (PGlite): a backup is PGlite's own
// dumpDataDir() (a gzip tarball of the data directory); a restore loads it into a
// fresh directory, checks it opens and holds this app's tables, and only then
// swaps it in, keeping the previous directory as `<dir>.before-restore-<stamp>`.
// Neither runs while a process has the data dir open (its `<dir>.lock`, written
// by lib/db/client.ts): copying a live PGlite directory could capture a torn state.
// For a PostgreSQL server use pg_dump/pg_restore (serverBackupGuidance).
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
// The app's schema uses pg_trgm (accounts_name_trgm_idx): every PGlite over its data dir loads it.
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { dataDirLockFile } from "./client";

export class BackupError extends Error {}

const stamp = (now: Date) => now.toISOString().replace(/[:.]/g, "-");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Throws when a live process holds the data dir open; removes a stale lock left by a crash. */
export function assertDataDirClosed(dataDir: string): void {
  const file = dataDirLockFile(dataDir);
  if (!fs.existsSync(file)) return;
  let pid = 0;
  try {
    pid = Number(JSON.parse(fs.readFileSync(file, "utf8")).pid);
  } catch {
    // Unreadable lock: treat as stale.
  }
  if (pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new BackupError(
      `The database in ${dataDir} is open in process ${pid} (the app or a script). Stop it first (Ctrl-C), then run this again.`,
    );
  }
  fs.rmSync(file, { force: true });
}

export async function backupDataDir(dataDir: string, outFile: string): Promise<{ file: string; bytes: number }> {
  const dir = path.resolve(dataDir);
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) throw new BackupError(`No embedded database in ${dir}.`);
  assertDataDirClosed(dir);
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  let bytes: Buffer;
  try {
    await client.waitReady;
    bytes = Buffer.from(await (await client.dumpDataDir("gzip")).arrayBuffer());
  } finally {
    await client.close();
  }
  const file = path.resolve(outFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a half-written backup never carries the final name.
  fs.writeFileSync(`${file}.partial`, bytes, { mode: 0o600 });
  fs.renameSync(`${file}.partial`, file);
  return { file, bytes: bytes.length };
}

export function defaultBackupFile(now = new Date()): string {
  return path.join("backups", `ltv-${stamp(now)}.tar.gz`);
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Restores `file` into `dataDir`. Refuses a file that is not a backup of this app
 * (leaving everything untouched), and an existing data dir unless `force`.
 */
export async function restoreDataDir(
  file: string,
  dataDir: string,
  opts: { force?: boolean; now?: Date } = {},
): Promise<{ dataDir: string; previous: string | null }> {
  const dir = path.resolve(dataDir);
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new BackupError(`No such file: ${source}`);
  const bytes = fs.readFileSync(source);
  if (bytes.length < 2 || bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new BackupError(`${source} is not a backup made by npm run db:backup (not a gzip tarball). Nothing was changed.`);
  }
  // Unpack once here: PGlite's own loader fails on a truncated file with an error it cannot catch.
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch {
    throw new BackupError(`${source} is not a readable backup of this app's database (damaged or truncated). Nothing was changed.`);
  }
  if (tar.indexOf("PG_VERSION") < 0) {
    throw new BackupError(
      `${source} is not a readable backup of this app's database (no PostgreSQL data directory inside). Nothing was changed.`,
    );
  }
  const exists = fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
  if (exists && !opts.force) {
    throw new BackupError(
      `${dir} already holds a database. Pass --force to replace it (it is kept as ${path.basename(dir)}.before-restore-<time>). Nothing was changed.`,
    );
  }
  if (exists) assertDataDirClosed(dir);

  const now = opts.now ?? new Date();
  const staging = `${dir}.restoring-${stamp(now)}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    const client = new PGlite(staging, { loadDataDir: new Blob([bytes]), extensions: { pg_trgm } });
    try {
      await client.waitReady;
      // This app's database has its migrations table and users: anything else is not our backup.
      await client.query("SELECT count(*) FROM users");
    } finally {
      await client.close().catch(() => {});
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${source} is not a readable backup of this app's database (${(error as Error).message}). Nothing was changed.`);
  }
  let previous: string | null = null;
  if (exists) {
    previous = `${dir}.before-restore-${stamp(now)}`;
    fs.renameSync(dir, previous);
  } else {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.renameSync(staging, dir);
  return { dataDir: dir, previous };
}

/** What to do instead when DATABASE_URL names a server. */
export function serverBackupGuidance(): string {
  return [
    "DATABASE_URL is set: this is a PostgreSQL server, back it up with the server's own tools:",
    '  pg_dump -Fc --no-owner -d "$DATABASE_URL" -f ltv-$(date +%F).dump        # backup (custom format, compressed)',
    '  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" ltv-YYYY-MM-DD.dump   # restore (stop the app first)',
    "  pg_restore --list ltv-YYYY-MM-DD.dump                                        # check a dump is readable",
    'Use a pg_dump of the same or a newer major version than the server. See SECURITY.md, "Backups".',
  ].join("\n");
}
