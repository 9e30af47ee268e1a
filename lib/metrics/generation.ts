// Which state of account_metrics a reader saw, as a key that changes with every committed write
// and never with an uncommitted one, so a figure computed from the table can be kept until the
// table changes (the portfolio overview, the ranking's total: keptUntilMetricsChange below).
//
// A statement trigger (migration 20261206004016) adds a row to metrics_changes in the writing
// transaction; the key counts the rows a snapshot sees. A sequence or a counter row would not do:
// a sequence moves before its transaction commits (a reader could file old figures under the new
// number), and one counter row updated by every writer would serialize them. The daily fold
// moves the rows into metrics_generation's running count in one statement, so the sum is the
// same before and after it. The table's file node is part of the key: a TRUNCATE (the seed's
// reset) starts the count again from 0, under a new file node.
import "server-only";
import type { Query } from "@/lib/db/sql";

export const METRICS_GENERATION_SQL = `
  SELECT pg_relation_filenode('metrics_changes')::text || ':' ||
         (coalesce((SELECT folded FROM metrics_generation WHERE id = 1), 0) + (SELECT count(*) FROM metrics_changes))::text AS generation`;

/** The key of the account_metrics state this statement's snapshot sees. */
export async function metricsGeneration(query: Query): Promise<string> {
  const [row] = await query(METRICS_GENERATION_SQL, []);
  return String(row!.generation);
}

/** For a change no row write shows (the cost job's table swap): call it in the changing transaction. */
export async function markMetricsChanged(query: Query): Promise<void> {
  await query(`INSERT INTO metrics_changes DEFAULT VALUES`, []);
}

/** Moves the change rows this snapshot sees into the running count (the daily fold). */
export async function foldMetricsChanges(query: Query): Promise<void> {
  await query(
    `WITH gone AS (DELETE FROM metrics_changes RETURNING 1)
     INSERT INTO metrics_generation (id, folded) SELECT 1, count(*) FROM gone
     ON CONFLICT (id) DO UPDATE SET folded = metrics_generation.folded + EXCLUDED.folded`,
    [],
  );
}

interface Kept<T> {
  generation: string;
  value: Promise<T>;
}

/**
 * A store of figures computed from account_metrics alone, each kept until the table changes: get
 * reads the key of the table's state first, so a kept value is never older than its key; requests
 * arriving while a value is computed share it; a value that a change overlapped (the key read
 * again after differs) serves only those requests. Per database handle (the primary and a replica
 * each have their own), at most `size` keys each, the least recently computed dropped first.
 * Only for figures that read nothing but account_metrics (and users' names): a change elsewhere
 * does not move the key.
 */
export function keptUntilMetricsChange<T>(size: number) {
  const stores = new WeakMap<object, Map<string, Kept<T>>>();
  return async function get(db: object, query: Query, key: string, compute: () => Promise<T>): Promise<T> {
    let store = stores.get(db);
    if (!store) stores.set(db, (store = new Map()));
    const generation = await metricsGeneration(query);
    const kept = store.get(key);
    if (kept?.generation === generation) return kept.value;
    const mine: Kept<T> = { generation, value: compute() };
    store.delete(key);
    store.set(key, mine);
    if (store.size > size) store.delete(store.keys().next().value!);
    const forget = () => {
      if (store.get(key) === mine) store.delete(key);
    };
    void mine.value.then(async () => {
      if ((await metricsGeneration(query).catch(() => null)) !== generation) forget();
    }, forget);
    return mine.value;
  };
}
