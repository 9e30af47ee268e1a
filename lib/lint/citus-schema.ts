// Is the schema ready for Citus (distributed PostgreSQL, docs/performance.md "Past one machine")?
// Reads the migrations' SQL in order and checks Citus's rules for the classification below:
// - a distributed table's primary key and every unique constraint or unique index include its
//   distribution column (Citus enforces uniqueness per shard only);
// - a foreign key between distributed tables includes the distribution column on both sides, at
//   the same position (so both rows live on one shard);
// - a reference or local table has no foreign key to a distributed table, and a distributed
//   table none to a local one (Citus refuses both).
// Hand-written rather than a SQL parser library: it needs only the handful of statement shapes
// Prisma's migrate diff writes (CREATE TABLE, ALTER TABLE … ADD/DROP CONSTRAINT, CREATE UNIQUE
// INDEX, DROP INDEX, DROP TABLE), and a full parser (pgsql-ast-parser, libpg-query) would add a
// native or large dependency for a test.

export type TableClass =
  { kind: "distributed"; column: string; why: string } | { kind: "reference"; why: string } | { kind: "local"; why: string };

const ACCOUNT = "account_id";

/**
 * Every table of the schema and how Citus would hold it. Distributed tables are co-located by
 * the account id (accounts' own `id`), so everything about one account lives on one shard.
 */
export const CITUS_TABLES: Record<string, TableClass> = {
  accounts: { kind: "distributed", column: "id", why: "the account itself; its id is every co-located table's account_id" },
  contacts: { kind: "distributed", column: ACCOUNT, why: "an account's people" },
  deals: { kind: "distributed", column: ACCOUNT, why: "an account's pipeline" },
  purchases: { kind: "distributed", column: ACCOUNT, why: "an account's orders" },
  purchase_lines: { kind: "distributed", column: ACCOUNT, why: "an order's lines, with their purchase" },
  visits: { kind: "distributed", column: ACCOUNT, why: "an account's visits and calls" },
  account_metrics: { kind: "distributed", column: ACCOUNT, why: "one row per account" },
  account_flags: { kind: "distributed", column: ACCOUNT, why: "an account's flag records" },
  account_flag_events: { kind: "distributed", column: ACCOUNT, why: "a flag record's history" },
  follow_ups: { kind: "distributed", column: ACCOUNT, why: "an account's to-dos" },
  emails: { kind: "distributed", column: ACCOUNT, why: "reminder e-mails about an account" },
  account_move_items: { kind: "distributed", column: ACCOUNT, why: "one account's owner change within a recorded move" },
  account_revenue_months: { kind: "distributed", column: ACCOUNT, why: "an account's orders summed per month, rewritten with them" },

  users: { kind: "reference", why: "a few hundred people, joined to every account (owner)" },
  categories: { kind: "reference", why: "the catalog, joined to every order line" },
  products: { kind: "reference", why: "the catalog, joined to every order line" },
  cost_settings: { kind: "reference", why: "cost versions, read by every recompute" },
  stage_probabilities: { kind: "reference", why: "a setting per deal stage" },
  flag_settings: { kind: "reference", why: "one settings row" },
  email_templates: { kind: "reference", why: "a few templates" },
  model_fits: { kind: "reference", why: "the fitted model, read by every recompute; one row per refit" },
  rep_goals: { kind: "reference", why: "a revenue goal per rep and month" },
  account_moves: { kind: "reference", why: "one row per reassignment (who, when, undone); its items are per account" },
  fx_rates: { kind: "reference", why: "exchange rates by day, read with every order in another currency (decision 0015)" },
  fx_settings: { kind: "reference", why: "one settings row: the reporting currency and the rate gap" },

  jobs: { kind: "local", why: "background-job bookkeeping, written by the coordinator's job queue" },
  imports: { kind: "local", why: "CSV uploads and their checkpoints, coordinator work" },
  audit_log: { kind: "local", why: "append-only trail, read by admins page by page" },
  sign_in_throttle: { kind: "local", why: "sign-in counters, coordinator-only" },
  portfolio_revenue_months: {
    kind: "local",
    why: "the portfolio's monthly sums (a log of signed changes, a few hundred rows once folded), read by the dashboard on the coordinator",
  },
  portfolio_cohort_months: {
    kind: "local",
    why: "accounts per first-order month active per month (a log of signed changes like portfolio_revenue_months)",
  },
  metrics_changes: {
    kind: "local",
    why: "a row per committed write of account_metrics (lib/metrics/generation.ts), only counted, folded daily; on the coordinator",
  },
  metrics_generation: { kind: "local", why: "one row: the folded count of metrics_changes" },
  metrics_tallies: {
    kind: "local",
    why: "counts and sums per owner × segment × flag cell (a log of signed changes, a few thousand rows once compacted), read by the ranking's total on the coordinator",
  },
  backtest_accounts: {
    kind: "local",
    why: "rows of the newest backtest runs, keyed by job (a local table); the drill-down joins at most 500 of them to accounts",
  },
};

/**
 * Tables that branches in flight add (issue 21 and neighbours), classified ahead so the merge
 * only has to move them into CITUS_TABLES; a name here that is not in the migrations is fine.
 */
export const EXPECTED_TABLES: Record<string, TableClass> = {};

/**
 * Known rule breaks that are not fixed yet, each with why and what fixing it takes. Key:
 * "<table>: <constraint name>". Every primary key and foreign key is fixed (migration
 * 20261205014117_citus_keys_with_account_id); only the global external ids remain.
 */
export const CITUS_EXCEPTIONS: Record<string, string> = {
  // External ids are the business's own keys (CSV import and export match rows by them), unique
  // across all accounts; Citus can only enforce uniqueness within a shard. Before distributing:
  // make each (account_id, external_id) for contacts and purchases, keep the import's check that
  // looks every key up first (lib/imports/apply-*.ts already does), and move the account's
  // external id into a lookup table external_ids(entity, external_id, account_id) distributed by
  // external_id, whose unique key holds the global rule (docs/performance.md).
  "accounts: accounts_external_id_key":
    "accounts are distributed by their own id, so a unique external_id needs a lookup table distributed by external_id",
  "contacts: contacts_external_id_key":
    "global business key; becomes (account_id, external_id) with the import's lookup as the global check",
  "purchases: purchases_external_id_key":
    "global business key; becomes (account_id, external_id) with the import's lookup as the global check",
};

export interface Constraint {
  name: string;
  type: "primary" | "unique" | "foreign";
  columns: string[];
  refTable?: string;
  refColumns?: string[];
}

export interface SchemaModel {
  /** table → constraint name → constraint (unique indexes count as unique constraints). */
  tables: Map<string, Map<string, Constraint>>;
}

const ident = String.raw`"?([A-Za-z_][\w$]*)"?`;
const columnList = String.raw`\(([^)]*)\)`;

function columnsOf(list: string): string[] {
  return list
    .split(",")
    .map((part) => part.trim().split(/\s+/)[0]!.replace(/"/g, ""))
    .filter(Boolean);
}

/** The SQL without comments, split into statements (semicolons inside quotes and $$ bodies kept). */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = "";
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    if (rest.startsWith("--")) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    const dollar = /^\$[A-Za-z_]*\$/.exec(rest);
    if (dollar) {
      const end = sql.indexOf(dollar[0], i + dollar[0].length);
      const stop = end === -1 ? sql.length : end + dollar[0].length;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === ch && sql[j + 1] !== ch)) j += sql[j] === ch ? 2 : 1;
      current += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ";") {
      if (current.trim()) statements.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

function tableEntry(model: SchemaModel, table: string): Map<string, Constraint> {
  let entry = model.tables.get(table);
  if (!entry) model.tables.set(table, (entry = new Map()));
  return entry;
}

/** Reads one constraint definition ("PRIMARY KEY (…)", "UNIQUE (…)", "FOREIGN KEY (…) REFERENCES t(…)…"). */
function constraintOf(name: string, definition: string): Constraint | null {
  const primary = new RegExp(String.raw`^PRIMARY\s+KEY\s*${columnList}`, "i").exec(definition);
  if (primary) return { name, type: "primary", columns: columnsOf(primary[1]!) };
  const unique = new RegExp(String.raw`^UNIQUE\s*(?:NULLS\s+(?:NOT\s+)?DISTINCT\s*)?${columnList}`, "i").exec(definition);
  if (unique) return { name, type: "unique", columns: columnsOf(unique[1]!) };
  const foreign = new RegExp(String.raw`^FOREIGN\s+KEY\s*${columnList}\s*REFERENCES\s+${ident}\s*${columnList}`, "i").exec(definition);
  if (foreign) return { name, type: "foreign", columns: columnsOf(foreign[1]!), refTable: foreign[2]!, refColumns: columnsOf(foreign[3]!) };
  return null;
}

/** Splits a CREATE TABLE body on top-level commas. */
function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of body) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Applies the migrations' statements in order; returns the constraints every table ends with. */
export function schemaFromMigrations(scripts: string[]): SchemaModel {
  const model: SchemaModel = { tables: new Map() };
  const indexTable = new Map<string, string>();
  for (const script of scripts) {
    for (const statement of splitStatements(script)) {
      const sql = statement.replace(/\s+/g, " ");
      let m: RegExpExecArray | null;
      if ((m = new RegExp(String.raw`^CREATE TABLE (?:IF NOT EXISTS )?${ident} \((.*)\)$`, "i").exec(sql))) {
        const table = m[1]!;
        const entry = tableEntry(model, table);
        for (const part of topLevelParts(m[2]!)) {
          const named = new RegExp(String.raw`^CONSTRAINT ${ident} (.*)$`, "i").exec(part);
          const constraint = named ? constraintOf(named[1]!, named[2]!) : constraintOf(`${table}_${entry.size}`, part);
          if (constraint) entry.set(constraint.name, constraint);
          // A column's own PRIMARY KEY / UNIQUE ("id" UUID PRIMARY KEY).
          const column = new RegExp(String.raw`^${ident} .*\b(PRIMARY KEY|UNIQUE)\b`, "i").exec(part);
          if (!named && !constraint && column) {
            const type = column[2]!.toUpperCase() === "UNIQUE" ? "unique" : "primary";
            entry.set(`${table}_${column[1]}_${type}`, { name: `${table}_${column[1]}_${type}`, type, columns: [column[1]!] });
          }
        }
        continue;
      }
      if ((m = new RegExp(String.raw`^DROP TABLE (?:IF EXISTS )?${ident}`, "i").exec(sql))) {
        model.tables.delete(m[1]!);
        continue;
      }
      if ((m = new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} (.*)$`, "i").exec(sql))) {
        const table = m[1]!;
        for (const action of topLevelParts(m[2]!)) {
          const add = new RegExp(String.raw`^ADD CONSTRAINT ${ident} (.*)$`, "i").exec(action);
          if (add) {
            const constraint = constraintOf(add[1]!, add[2]!);
            if (constraint) tableEntry(model, table).set(constraint.name, constraint);
            continue;
          }
          const drop = new RegExp(String.raw`^DROP CONSTRAINT (?:IF EXISTS )?${ident}`, "i").exec(action);
          if (drop) model.tables.get(table)?.delete(drop[1]!);
          const rename = new RegExp(String.raw`^RENAME CONSTRAINT ${ident} TO ${ident}`, "i").exec(action);
          const entry = model.tables.get(table);
          const old = rename && entry?.get(rename[1]!);
          if (rename && entry && old) {
            entry.delete(rename[1]!);
            entry.set(rename[2]!, { ...old, name: rename[2]! });
          }
        }
        continue;
      }
      if (
        (m = new RegExp(
          String.raw`^CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${ident} ON (?:ONLY )?${ident}(?: USING \w+)? ?${columnList}`,
          "i",
        ).exec(sql))
      ) {
        tableEntry(model, m[2]!).set(m[1]!, { name: m[1]!, type: "unique", columns: columnsOf(m[3]!) });
        indexTable.set(m[1]!, m[2]!);
        continue;
      }
      if ((m = new RegExp(String.raw`^DROP INDEX (?:CONCURRENTLY )?(?:IF EXISTS )?${ident}`, "i").exec(sql))) {
        const table = indexTable.get(m[1]!);
        if (table) model.tables.get(table)?.delete(m[1]!);
      }
    }
  }
  return model;
}

export interface CitusProblem {
  table: string;
  constraint: string;
  problem: string;
}

/** Every break of Citus's rules in `model` under `classes`; unclassified tables are problems too. */
export function citusProblems(model: SchemaModel, classes: Record<string, TableClass>): CitusProblem[] {
  const problems: CitusProblem[] = [];
  for (const [table, constraints] of model.tables) {
    const own = classes[table];
    if (!own) {
      problems.push({ table, constraint: "-", problem: "is not classified as distributed, reference or local (lib/lint/citus-schema.ts)" });
      continue;
    }
    for (const constraint of constraints.values()) {
      const say = (problem: string) => problems.push({ table, constraint: constraint.name, problem });
      if (own.kind === "distributed" && (constraint.type === "primary" || constraint.type === "unique")) {
        if (!constraint.columns.includes(own.column)) {
          say(`${constraint.type === "primary" ? "primary key" : "unique"} (${constraint.columns.join(", ")}) leaves out ${own.column}`);
        }
      }
      if (constraint.type !== "foreign") continue;
      const target = classes[constraint.refTable!];
      if (!target) continue; // reported as unclassified on its own
      if (own.kind !== "distributed" && target.kind === "distributed") {
        say(`a ${own.kind} table cannot reference the distributed table ${constraint.refTable}`);
      } else if (own.kind === "distributed" && target.kind === "local") {
        say(`a distributed table cannot reference the local table ${constraint.refTable}`);
      } else if (own.kind === "distributed" && target.kind === "distributed") {
        const at = constraint.columns.indexOf(own.column);
        if (at === -1 || constraint.refColumns![at] !== target.column) {
          say(
            `foreign key (${constraint.columns.join(", ")}) → ${constraint.refTable}(${constraint.refColumns!.join(", ")}) ` +
              `does not pair ${own.column} with ${constraint.refTable}.${target.column}`,
          );
        }
      }
    }
  }
  return problems;
}
