// npm run db:backup [-- --out FILE]      backup of the embedded database (stop the app first)
// npm run db:restore -- FILE [--force]   restore one; the current data dir is kept as <dir>.before-restore-<time>
// With DATABASE_URL set both print pg_dump/pg_restore guidance instead.
import { env } from "@/lib/env";
import { BackupError, backupDataDir, defaultBackupFile, restoreDataDir, serverBackupGuidance } from "./backup";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const flag = (name: string) => rest.includes(name);
  const option = (name: string) => {
    const at = rest.indexOf(name);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  if (DATABASE_URL) {
    console.error(serverBackupGuidance());
    return 2;
  }
  if (command === "backup") {
    const { file, bytes } = await backupDataDir(PGLITE_DATA_DIR, option("--out") ?? defaultBackupFile());
    console.log(`Backed up ${PGLITE_DATA_DIR} to ${file} (${(bytes / 1_048_576).toFixed(1)} MiB).`);
    return 0;
  }
  if (command === "restore") {
    const file = rest.find((arg) => !arg.startsWith("--"));
    if (!file) {
      console.error("Usage: npm run db:restore -- FILE [--force]");
      return 2;
    }
    const { dataDir, previous } = await restoreDataDir(file, PGLITE_DATA_DIR, { force: flag("--force") });
    console.log(`Restored ${file} into ${dataDir}.${previous ? ` The previous database is kept in ${previous}.` : ""}`);
    return 0;
  }
  console.error("Usage: backup-cli.ts backup [--out FILE] | restore FILE [--force]");
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof BackupError ? error.message : error);
    process.exit(1);
  },
);
