// A shadow copy of account_metrics that a cost-settings job fills and then swaps in
// (decision 0004). Rewriting 100 000 live rows in place maintains 15 indexes per row and
// held the live-write lock ~19 s; filling a fresh table and building its indexes in bulk
// happens before the lock, and the swap itself is a rename.
//
// The shadow copies the live table's shape from the catalog (columns, defaults, checks,
// indexes, triggers, storage options, foreign keys), so a later migration of
// account_metrics needs no change here. After the swap the indexes and constraints carry
// the names the migrations gave them.
//
// Locks: the swap renames (ACCESS EXCLUSIVE on account_metrics only). Creating or dropping a
// table with a foreign key to accounts also locks accounts, so that happens outside the swap:
// the shadow gets its foreign keys when it is created, and the replaced table is dropped
// after the swap commits (dropReplacedTable).

export const LIVE_TABLE = "account_metrics";
export const SHADOW_TABLE = "account_metrics_next";
/** The table the swap replaced, until dropReplacedTable removes it. */
export const REPLACED_TABLE = "account_metrics_old";

interface ShadowIndex {
  /** The live index's name, which the shadow's index takes at the swap. */
  name: string;
  /** The shadow's index name until the swap. */
  temporary: string;
  /** CREATE INDEX statement for the shadow. */
  create: string;
  primary: boolean;
}

export interface ShadowPlan {
  indexes: ShadowIndex[];
  foreignKeys: Array<{ name: string; definition: string }>;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** `CREATE [UNIQUE] INDEX name ON schema.account_metrics USING …` rewritten for the shadow table. */
function shadowIndexStatement(definition: string, temporary: string): string {
  const match = /^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)(\S+?)account_metrics( USING .*)$/s.exec(definition);
  if (!match) throw new Error(`unexpected index definition on ${LIVE_TABLE}: ${definition}`);
  return `${match[1]}${quote(temporary)}${match[3]}${match[4]}${SHADOW_TABLE}${match[5]}`;
}

/** Reads the live table's indexes and foreign keys. */
async function planShadow(query: Query): Promise<ShadowPlan> {
  const indexes = await query(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition, i.indisprimary AS is_primary
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = '${LIVE_TABLE}'::regclass
      ORDER BY c.relname`,
    [],
  );
  const foreignKeys = await query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = '${LIVE_TABLE}'::regclass AND contype = 'f' ORDER BY conname`,
    [],
  );
  return {
    indexes: indexes.map((row, i) => {
      const primary = row.is_primary === true;
      const temporary = primary ? `${SHADOW_TABLE}_pkey` : `${SHADOW_TABLE}_${i}`;
      return { name: String(row.name), temporary, create: shadowIndexStatement(String(row.definition), temporary), primary };
    }),
    foreignKeys: foreignKeys.map((row) => ({ name: String(row.name), definition: String(row.definition) })),
  };
}

/**
 * A new, empty shadow table with the live table's columns, checks, storage options, triggers
 * (a row inserted into it takes its account's segment and name like a live row) and primary
 * key; the other indexes come after the load (buildShadowIndexes). Replaces a leftover shadow.
 */
export async function createShadowTable(query: Query): Promise<ShadowPlan> {
  const plan = await planShadow(query);
  for (const leftover of [SHADOW_TABLE, REPLACED_TABLE]) {
    if (!(await dropTable(query, leftover)))
      throw new Error(`${leftover} is still there (its drop waited too long for a lock on accounts); try again`);
  }
  await query(`CREATE TABLE ${SHADOW_TABLE} (LIKE ${LIVE_TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`, []);
  const [options] = await query(
    `SELECT array_to_string(reloptions, ', ') AS options FROM pg_class WHERE oid = '${LIVE_TABLE}'::regclass`,
    [],
  );
  if (options?.options) await query(`ALTER TABLE ${SHADOW_TABLE} SET (${String(options.options)})`, []);
  const triggers = await query(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = '${LIVE_TABLE}'::regclass AND NOT tgisinternal`,
    [],
  );
  for (const trigger of triggers) {
    await query(String(trigger.definition).replace(/ ON (\S+?)account_metrics /, ` ON $1${SHADOW_TABLE} `), []);
  }
  const primary = plan.indexes.find((index) => index.primary);
  if (!primary) throw new Error(`${LIVE_TABLE} has no primary key`);
  await query(primary.create, []);
  await query(
    `ALTER TABLE ${SHADOW_TABLE} ADD CONSTRAINT ${quote(primary.temporary)} PRIMARY KEY USING INDEX ${quote(primary.temporary)}`,
    [],
  );
  // Constraint names are per table: the shadow's keys carry the live names from the start. NOT
  // VALID: the table is empty; a deleted account's rows cascade away from here on.
  for (const key of plan.foreignKeys) {
    await query(`ALTER TABLE ${SHADOW_TABLE} ADD CONSTRAINT ${quote(key.name)} ${key.definition} NOT VALID`, []);
  }
  return plan;
}

/** Builds the shadow's other indexes in bulk (far cheaper than maintaining them row by row), then statistics and the visibility map. */
export async function buildShadowIndexes(query: Query, plan: ShadowPlan, pace?: () => Promise<void>): Promise<void> {
  for (const index of plan.indexes) {
    if (index.primary) continue;
    await query(index.create, []);
    // One index at a time, with live requests in between (PGlite has one connection).
    await pace?.();
  }
  await query(`VACUUM (ANALYZE) ${SHADOW_TABLE}`, []);
}

/**
 * Inside the caller's transaction: the shadow becomes account_metrics, under the names the
 * migrations gave, and the live table becomes account_metrics_old. Waits for readers of the
 * live table to finish (ACCESS EXCLUSIVE on it, nothing else), so readers see the old table or
 * the new one, never both. Index names are unique per schema: the old ones step aside first.
 * Returns how long the rename and the tallies' rebuild took (the swap reports its steps).
 */
export async function swapInShadow(query: Query, plan: ShadowPlan): Promise<{ renameMs: number; talliesMs: number }> {
  const started = performance.now();
  await query(`LOCK TABLE ${LIVE_TABLE} IN ACCESS EXCLUSIVE MODE`, []);
  await query(`ALTER TABLE ${LIVE_TABLE} RENAME TO ${REPLACED_TABLE}`, []);
  for (const [i, index] of plan.indexes.entries()) {
    if (index.primary) await query(`ALTER TABLE ${REPLACED_TABLE} RENAME CONSTRAINT ${quote(index.name)} TO ${REPLACED_TABLE}_pkey`, []);
    else await query(`ALTER INDEX ${quote(index.name)} RENAME TO ${REPLACED_TABLE}_${i}`, []);
  }
  await query(`ALTER TABLE ${SHADOW_TABLE} RENAME TO ${LIVE_TABLE}`, []);
  for (const index of plan.indexes) {
    if (index.primary) await query(`ALTER TABLE ${LIVE_TABLE} RENAME CONSTRAINT ${quote(index.temporary)} TO ${quote(index.name)}`, []);
    else await query(`ALTER INDEX ${quote(index.temporary)} RENAME TO ${quote(index.name)}`, []);
  }
  const renamed = performance.now();
  // A rename writes no row: the readers' key of the table's state must still move (generation.ts),
  // and the tallies are those of the new rows (the shadow's own writes were not tallied).
  await markMetricsChanged(query);
  await rebuildMetricsTallies(query);
  return { renameMs: Math.round(renamed - started), talliesMs: Math.round(performance.now() - renamed) };
}

/**
 * After the swap committed: the rows are checked against the foreign keys (readers and writers
 * go on meanwhile), and the replaced table is dropped. Dropping it locks accounts; a drop waiting
 * for that lock makes new readers of accounts queue behind it, so each attempt waits at most
 * 1 s, and after a few the drop is left to the next job.
 */
export async function finishSwap(query: Query, plan: ShadowPlan): Promise<void> {
  for (const key of plan.foreignKeys) await query(`ALTER TABLE ${LIVE_TABLE} VALIDATE CONSTRAINT ${quote(key.name)}`, []);
  await dropTable(query, REPLACED_TABLE);
}

/**
 * Drops a leftover shadow (a failed or cut-off job), like finishSwap drops the replaced table.
 * `attempts: 1` where a request waits for it; what is left is dropped by the next job.
 */
export async function dropShadowTable(query: Query, attempts = 5): Promise<void> {
  await dropTable(query, SHADOW_TABLE, attempts);
}

/** DROP TABLE waiting at most 1 s per attempt for its locks (readers of accounts queue behind a waiting drop). */
async function dropTable(query: Query, table: string, attempts = 5): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    await query(
      `DO $$ BEGIN SET LOCAL lock_timeout = '1s'; DROP TABLE IF EXISTS ${table}; EXCEPTION WHEN lock_not_available THEN NULL; END $$`,
      [],
    );
    const [state] = await query(`SELECT to_regclass('${table}') IS NULL AS dropped`, []);
    if (state?.dropped === true) return true;
    if (attempt >= attempts) return false;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
import { type Query } from "@/lib/db/sql";
import { markMetricsChanged } from "./generation";
import { rebuildMetricsTallies } from "./tallies";
