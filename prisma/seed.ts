// `npm run seed -- [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--reset]`
// Fills the process database (embedded PGlite at PGLITE_DATA_DIR, or DATABASE_URL)
// with deterministic demo data: the same flags give the same rows on every machine.
import { parseArgs } from "node:util";
import { closeDatabase, database } from "@/lib/db/client";
import { DEFAULT_ACCOUNTS, DEFAULT_AS_OF, DEFAULT_SEED, DEMO_LOGINS, DEMO_PASSWORD } from "@/lib/seed/generate";
import { isSeeded, seedDatabase } from "@/lib/seed/load";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";

const USAGE = `Usage: npm run seed -- [--accounts N] [--seed S] [--as-of YYYY-MM-DD] [--reset]
  --accounts N   accounts to generate (default ${DEFAULT_ACCOUNTS}; 100000 for a load test)
  --seed S       random seed (default ${DEFAULT_SEED})
  --as-of DATE   "today" of the demo world (default: today; e.g. ${DEFAULT_AS_OF.toISOString().slice(0, 10)} to reproduce the tests' data)
  --reset        empty all app tables first (migrations stay)`;

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new Error(`--${name} must be an integer (got "${value}")\n${USAGE}`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" },
      seed: { type: "string" },
      "as-of": { type: "string" },
      reset: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const accounts = integer(values.accounts, "accounts", DEFAULT_ACCOUNTS);
  const seed = integer(values.seed, "seed", DEFAULT_SEED);
  // The demo world ends today (UTC midnight), so its recency and churn flags read as they
  // would in real use; --as-of pins it (the tests use the fixed DEFAULT_AS_OF).
  const asOf = new Date(`${values["as-of"] ?? new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be a date like 2026-11-01\n${USAGE}`);

  const db = await database();
  try {
    if (!values.reset && (await isSeeded(db))) {
      console.log("Database already seeded; use --reset to rebuild it.");
      return;
    }
    const log = (line: string) => console.log(line);
    console.log(
      `Seeding ${accounts.toLocaleString("en-US")} accounts (seed ${seed}, as of ${asOf.toISOString().slice(0, 10)}) into ${db.kind === "postgres" ? "PostgreSQL" : "embedded PGlite"}${values.reset ? " after a reset" : ""}`,
    );
    const summary = await seedDatabase(db, {
      accounts,
      seed,
      asOf,
      reset: values.reset,
      log,
      afterLoad: async (loaded) => {
        const started = performance.now();
        await recomputeAllMetrics(loaded, { log });
        console.log(`Metrics recomputed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    });
    const n = (x: number) => x.toLocaleString("en-US");
    console.log(
      [
        "",
        "Seeded:",
        `  users          ${n(summary.users)}`,
        `  categories     ${n(summary.categories)}`,
        `  products       ${n(summary.products)}`,
        `  accounts       ${n(summary.accounts)}`,
        `  contacts       ${n(summary.contacts)}`,
        `  purchases      ${n(summary.purchases)}`,
        `  purchase lines ${n(summary.purchaseLines)}`,
        `  visits         ${n(summary.visits)}`,
        `  deals          ${n(summary.deals)}`,
        `  rep goals      ${n(summary.repGoals)}`,
        `  ${n(summary.rows)} rows loaded in ${(summary.loadMs / 1000).toFixed(1)} s (${n(Math.round(summary.rows / Math.max(0.001, summary.loadMs / 1000)))} rows/s); ${(summary.ms / 1000).toFixed(1)} s in all`,
        "",
        `Demo logins (password ${DEMO_PASSWORD}):`,
        ...DEMO_LOGINS.map((email) => `  ${email}`),
      ].join("\n"),
    );
  } finally {
    await closeDatabase();
  }
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // 42P01 undefined_table: a server database that was never migrated.
  if ((error as { code?: string }).code === "42P01") console.error("The schema is missing: run `npm run db:migrate` first.");
  await closeDatabase().catch(() => {});
  process.exit(1);
});
