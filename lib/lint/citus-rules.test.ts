// Issue 21 §3, ready for Citus: every table an account owns is distributed by account_id, the
// small shared ones are reference tables, and the migrations' keys obey Citus's rules
// (lib/lint/citus-schema.ts). A new table must be classified there; a key that leaves out
// account_id fails here, before anyone tries create_distributed_table.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CITUS_EXCEPTIONS,
  CITUS_TABLES,
  EXPECTED_TABLES,
  citusProblems,
  schemaFromMigrations,
  splitStatements,
  type TableClass,
} from "./citus-schema";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

function migrationScripts(): string[] {
  return fs
    .readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => fs.readFileSync(path.join(MIGRATIONS, name, "migration.sql"), "utf8"));
}

describe("the schema is ready for Citus", () => {
  const model = schemaFromMigrations(migrationScripts());

  it("classifies every table of the migrations, and only those (besides tables of branches in flight)", () => {
    const tables = [...model.tables.keys()].sort();
    expect(tables.filter((table) => !CITUS_TABLES[table])).toEqual([]);
    expect(Object.keys(CITUS_TABLES).filter((table) => !model.tables.has(table))).toEqual([]);
    // The accounts table and the per-account tables are what the schema is about: a sanity check
    // that the reader found them with their keys.
    expect(model.tables.get("purchases")?.size).toBeGreaterThan(2);
  });

  it("has no primary key, unique constraint or foreign key that breaks Citus's rules, except the listed ones", () => {
    const problems = citusProblems(model, CITUS_TABLES).filter((p) => !CITUS_EXCEPTIONS[`${p.table}: ${p.constraint}`]);
    expect(problems.map((p) => `${p.table}: ${p.constraint}: ${p.problem}`)).toEqual([]);
  });

  it("lists no exception that no longer applies", () => {
    const live = new Set(citusProblems(model, CITUS_TABLES).map((p) => `${p.table}: ${p.constraint}`));
    expect(Object.keys(CITUS_EXCEPTIONS).filter((key) => !live.has(key))).toEqual([]);
  });

  it("classifies the small shared tables as reference tables, the way the issue says", () => {
    const kinds = (classes: Record<string, TableClass>) => Object.fromEntries(Object.entries(classes).map(([t, c]) => [t, c.kind]));
    expect(kinds(EXPECTED_TABLES)).toEqual({});
    for (const table of [
      "users",
      "products",
      "categories",
      "cost_settings",
      "flag_settings",
      "stage_probabilities",
      "rep_goals",
      "fx_rates",
      "fx_settings",
    ]) {
      expect(CITUS_TABLES[table]?.kind, table).toBe("reference");
    }
  });
});

describe("the Citus checker catches a bad schema", () => {
  const classes: Record<string, TableClass> = {
    accounts: { kind: "distributed", column: "id", why: "" },
    orders: { kind: "distributed", column: "account_id", why: "" },
    order_lines: { kind: "distributed", column: "account_id", why: "" },
    users: { kind: "reference", why: "" },
    jobs: { kind: "local", why: "" },
  };
  const problemsOf = (...scripts: string[]) =>
    citusProblems(schemaFromMigrations(scripts), classes).map((p) => `${p.table}: ${p.constraint}: ${p.problem}`);

  it("a distributed table keyed by id alone, a unique without account_id, a foreign key without it", () => {
    const bad = `
      CREATE TABLE "accounts" ("id" UUID NOT NULL, "name" TEXT, CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"));
      CREATE TABLE "orders" (
        "id" UUID NOT NULL, "account_id" UUID NOT NULL, "external_id" TEXT, -- a comment; with a semicolon
        CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
      );
      CREATE UNIQUE INDEX "orders_external_id_key" ON "orders"("external_id");
      CREATE TABLE "order_lines" ("id" UUID NOT NULL, "account_id" UUID NOT NULL, "order_id" UUID NOT NULL,
        CONSTRAINT "order_lines_pkey" PRIMARY KEY ("account_id", "id"));
      ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE;
      ALTER TABLE "orders" ADD CONSTRAINT "orders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id");`;
    expect(problemsOf(bad)).toEqual([
      "orders: orders_pkey: primary key (id) leaves out account_id",
      "orders: orders_external_id_key: unique (external_id) leaves out account_id",
      "order_lines: order_lines_order_id_fkey: foreign key (order_id) → orders(id) does not pair account_id with orders.account_id",
    ]);
  });

  it("a later migration that fixes the keys clears the problems (applied in order)", () => {
    const first = `
      CREATE TABLE "accounts" ("id" UUID NOT NULL, CONSTRAINT "accounts_pkey" PRIMARY KEY ("id"));
      CREATE TABLE "orders" ("id" UUID NOT NULL, "account_id" UUID NOT NULL, "external_id" TEXT, CONSTRAINT "orders_pkey" PRIMARY KEY ("id"));
      CREATE UNIQUE INDEX "orders_external_id_key" ON "orders"("external_id");
      CREATE TABLE "order_lines" ("id" UUID NOT NULL, "account_id" UUID NOT NULL, "order_id" UUID NOT NULL, PRIMARY KEY ("account_id", "id"));
      ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id");`;
    const fix = `
      ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_order_id_fkey";
      ALTER TABLE "orders" DROP CONSTRAINT "orders_pkey",
      ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("account_id", "id");
      DROP INDEX "orders_external_id_key";
      CREATE UNIQUE INDEX "orders_account_id_external_id_key" ON "orders"("account_id", "external_id");
      ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_fkey" FOREIGN KEY ("account_id", "order_id") REFERENCES "orders"("account_id", "id") ON DELETE SET NULL ("order_id");`;
    expect(problemsOf(first)).toHaveLength(3);
    expect(problemsOf(first, fix)).toEqual([]);
  });

  it("a foreign key that names account_id but pairs it with the wrong column", () => {
    const sql = `
      CREATE TABLE "orders" ("id" UUID, "account_id" UUID, CONSTRAINT "orders_pkey" PRIMARY KEY ("account_id", "id"));
      CREATE TABLE "order_lines" ("id" UUID, "account_id" UUID, "order_id" UUID, CONSTRAINT "order_lines_pkey" PRIMARY KEY ("account_id", "id"));
      ALTER TABLE "order_lines" ADD CONSTRAINT "swapped" FOREIGN KEY ("account_id", "order_id") REFERENCES "orders"("id", "account_id");`;
    expect(problemsOf(sql)).toEqual([
      "order_lines: swapped: foreign key (account_id, order_id) → orders(id, account_id) does not pair account_id with orders.account_id",
    ]);
  });

  it("a reference table pointing at a distributed one, a distributed one at a local one, and an unclassified table", () => {
    const sql = `
      CREATE TABLE "accounts" ("id" UUID PRIMARY KEY);
      CREATE TABLE "users" ("id" UUID PRIMARY KEY, "favourite_account_id" UUID);
      ALTER TABLE "users" ADD CONSTRAINT "users_fav_fkey" FOREIGN KEY ("favourite_account_id") REFERENCES "accounts"("id");
      CREATE TABLE "jobs" ("id" UUID PRIMARY KEY);
      CREATE TABLE "orders" ("id" UUID, "account_id" UUID, "job_id" UUID, PRIMARY KEY ("account_id", "id"),
        CONSTRAINT "orders_job_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id"));
      CREATE TABLE "mystery" ("id" INT);`;
    expect(problemsOf(sql)).toEqual([
      "users: users_fav_fkey: a reference table cannot reference the distributed table accounts",
      "orders: orders_job_fkey: a distributed table cannot reference the local table jobs",
      "mystery: -: is not classified as distributed, reference or local (lib/lint/citus-schema.ts)",
    ]);
  });

  it("splits statements without breaking function bodies, quoted text or comments", () => {
    const sql = `CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.a := 'x;y'; RETURN NEW; END $$ LANGUAGE plpgsql; -- done; really
      /* block; comment */ SELECT 'it''s; fine';`;
    expect(splitStatements(sql)).toEqual([
      "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.a := 'x;y'; RETURN NEW; END $$ LANGUAGE plpgsql",
      "SELECT 'it''s; fine'",
    ]);
  });
});
