// Round trip of the embedded database's backup and restore, on disk. PGlite only
// (a server is backed up with pg_dump), so it ignores DATABASE_URL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataDirLockFile, openPglite } from "./client";
import { BackupError, backupDataDir, restoreDataDir } from "./backup";

let root: string;
let dataDir: string;
let backupFile: string;

const names = async (dir: string) => {
  const db = await openPglite(dir, { migrate: false });
  try {
    return (await db.prisma.user.findMany({ orderBy: { email: "asc" }, select: { email: true, name: true } })).map(
      (u) => `${u.email}:${u.name}`,
    );
  } finally {
    await db.close();
  }
};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-backup-"));
  dataDir = path.join(root, "pglite");
  const db = await openPglite(dataDir);
  await db.prisma.user.createMany({
    data: [
      { email: "ada@backup.test", name: "Ada", role: "ADMIN", passwordHash: "x" },
      { email: "bo@backup.test", name: "Bo", role: "REP", passwordHash: "x" },
    ],
  });
  await db.close();
  backupFile = path.join(root, "out", "point.tar.gz");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("db:backup and db:restore (embedded database)", () => {
  it("refuses to back up while a process has the data dir open", async () => {
    const db = await openPglite(dataDir, { migrate: false });
    try {
      expect(fs.existsSync(dataDirLockFile(dataDir))).toBe(true);
      // Our own pid counts as "open" only for another process; fake a live foreign holder (pid 1 always exists).
      fs.writeFileSync(dataDirLockFile(dataDir), JSON.stringify({ pid: 1 }));
      await expect(backupDataDir(dataDir, backupFile)).rejects.toThrow(/is open in process 1/);
    } finally {
      fs.writeFileSync(dataDirLockFile(dataDir), JSON.stringify({ pid: process.pid }));
      await db.close();
    }
    expect(fs.existsSync(dataDirLockFile(dataDir))).toBe(false);
    expect(fs.existsSync(backupFile)).toBe(false);
  });

  it("restores the data to exactly the backup point and keeps the replaced directory", async () => {
    const atBackup = await names(dataDir);
    expect(atBackup).toEqual(["ada@backup.test:Ada", "bo@backup.test:Bo"]);
    const { bytes } = await backupDataDir(dataDir, backupFile);
    expect(bytes).toBeGreaterThan(1000);

    const db = await openPglite(dataDir, { migrate: false });
    await db.prisma.user.update({ where: { email: "bo@backup.test" }, data: { name: "Bo changed" } });
    await db.prisma.user.create({ data: { email: "cy@backup.test", name: "Cy", role: "REP", passwordHash: "x" } });
    await db.close();
    const changed = await names(dataDir);
    expect(changed).not.toEqual(atBackup);

    await expect(restoreDataDir(backupFile, dataDir)).rejects.toThrow(/--force/);
    expect(await names(dataDir)).toEqual(changed);

    const now = new Date("2026-11-23T12:00:00Z");
    const { previous } = await restoreDataDir(backupFile, dataDir, { force: true, now });
    expect(await names(dataDir)).toEqual(atBackup);
    expect(previous).toBe(`${dataDir}.before-restore-2026-11-23T12-00-00-000Z`);
    expect(await names(previous!)).toEqual(changed);
  });

  it("refuses a corrupt or foreign file with a clear message and leaves the data dir untouched", async () => {
    const before = await names(dataDir);
    const listing = fs.readdirSync(root).sort();
    const notGzip = path.join(root, "notes.txt");
    fs.writeFileSync(notGzip, "hello, not a backup");
    await expect(restoreDataDir(notGzip, dataDir, { force: true })).rejects.toThrow(/not a backup made by npm run db:backup/);
    // A gzip file whose content is not a PGlite data dir.
    const truncated = path.join(root, "truncated.tar.gz");
    fs.writeFileSync(truncated, fs.readFileSync(backupFile).subarray(0, 2048));
    const error = await restoreDataDir(truncated, dataDir, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(/not a readable backup .*Nothing was changed/);
    expect(await names(dataDir)).toEqual(before);
    // No staging or before-restore directory was left behind.
    expect(
      fs
        .readdirSync(root)
        .filter((entry) => !["notes.txt", "truncated.tar.gz"].includes(entry))
        .sort(),
    ).toEqual(listing);
  });
});
