// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the
// embedded database when it is unset.
import { closeDatabase, openPglite, openPostgres } from "./client";
import { env } from "@/lib/env";

async function main() {
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  const target = DATABASE_URL ? DATABASE_URL.replace(/\/\/[^@]*@/, "//***@") : `embedded database at ${PGLITE_DATA_DIR}`;
  console.log(`Migrating ${target}`);
  const db = DATABASE_URL ? await openPostgres(DATABASE_URL, { migrate: true, poolMax: 1 }) : await openPglite(PGLITE_DATA_DIR);
  const rows = await db.runner.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
  );
  console.log(`${rows.length} migration(s) applied: ${rows.map((r) => r.migration_name).join(", ")}`);
  await db.close();
  await closeDatabase();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
