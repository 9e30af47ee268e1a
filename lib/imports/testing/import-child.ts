// A separate process that runs one import, for the "kill the server mid-import"
// test (kill-import.db.test.ts). Usage:
//   tsx lib/imports/testing/import-child.ts <postgresql://… | pglite:/dir> <importId> <chunkRows> <delayMs>
// Prints "committed <rows>" after every chunk so the parent knows when to SIGKILL it.
import { openPglite, openPostgres, useDatabase } from "@/lib/db/client";
import { runImport } from "@/lib/imports/run-import";

const [target, importId, chunkRows, delayMs] = process.argv.slice(2);
if (!target || !importId) {
  console.error("usage: import-child.ts <database> <importId> <chunkRows> <delayMs>");
  process.exit(2);
}
const db = target.startsWith("pglite:") ? await openPglite(target.slice("pglite:".length)) : await openPostgres(target, { poolMax: 2 });
useDatabase(db);
const outcome = await runImport(db, importId, {
  chunkRows: Number(chunkRows ?? 50),
  refit: false,
  afterChunk: async ({ rowsCommitted }) => {
    process.stdout.write(`committed ${rowsCommitted}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(delayMs ?? 0)));
  },
});
process.stdout.write(`outcome ${outcome}\n`);
await db.close();
