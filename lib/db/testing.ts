// A fresh, migrated database per test file: in-memory PGlite by default, or a
// new throw-away database on the server named by DATABASE_URL (the CI's second
// pass), so the same *.db.test.ts files run on both.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { openPglite, openPostgres, type Database } from "./client";

let template: Blob | undefined;

/** The migrated data dir the global setup dumped (lib/db/pglite-template.global-setup.ts), read once per test file. */
function pgliteTemplate(): Blob | undefined {
  const file = inject("pgliteTemplate");
  if (!file) return undefined;
  template ??= new Blob([fs.readFileSync(file)]);
  return template;
}

export async function openTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return openPglite(undefined, { loadDataDir: pgliteTemplate() });

  const name = `ltv_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), { migrate: true, poolMax: 25 });
  let closing: Promise<void> | undefined;
  return {
    ...db,
    close() {
      closing ??= (async () => {
        await db.close();
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      })();
      return closing;
    },
  };
}
