// The portfolio overview's values in order: every customer's revenue (for the Pareto curve) and
// every converted account's formula LTV (for the histogram), as of one snapshot. Reading them all
// is a walk of every account (80 ms at 100 000), so they are held per database handle and brought
// up to date from the change rows the writers' trigger leaves in metrics_changes (migration
// 20261206073022): each row carries the values its statement took away and put in, and the
// writing transaction's id. The rows a new snapshot sees and the held one did not
// (pg_visible_in_snapshot) are exactly the writes the held values miss, so the values after
// applying them are those a full read would return, bit for bit (tested against it).
// A full read again when the rows cannot tell: a bulk statement (values left out), the cost job's
// swap, a truncate, or the daily fold (it deletes the rows, and moves metrics_generation.folded).
import "server-only";
import type { Query } from "@/lib/db/sql";
import { decimalsOf, patchSorted } from "./chart-math";

export interface OverviewValues {
  /** Customers' revenues in the reporting currency, negatives as 0, largest first. */
  revenues: Float64Array;
  /** Converted accounts' formula LTVs, smallest first. */
  ltvs: Float64Array;
  /** How these were obtained: every account read, or the held values plus the changes since. */
  read: "all" | "changes";
}

interface Held {
  revenues: Float64Array;
  ltvs: Float64Array;
  /** The snapshot the values are as of (pg_snapshot text), and what would make its rows unreadable. */
  snapshot: string;
  folded: string;
  filenode: string;
}

const STATE = `pg_current_snapshot()::text AS snapshot,
       coalesce((SELECT folded FROM metrics_generation WHERE id = 1), 0)::text AS folded,
       pg_relation_filenode('metrics_changes')::text AS filenode`;

/** The full read: one index-only walk of account_metrics_dashboard_idx, both columns as text. */
function allValuesSql(owned: string): string {
  return `SELECT string_agg(greatest(m.reporting_revenue, 0)::text, ',') FILTER (WHERE m.orders > 0) AS revenues,
                 string_agg(m.reporting_formula_ltv::text, ',') AS ltvs, ${STATE}
            FROM account_metrics m WHERE m.reporting_revenue IS NOT NULL ${owned}`;
}

/** The change rows a snapshot after $1 sees and $1 did not, with the state they are read in (one row with nulls when none). */
const CHANGES_SQL = `
  SELECT s.*, c.id::text AS change, c.revenues_removed IS NULL AS unknown,
         array_to_string(c.revenues_removed, ',') AS revenues_removed, array_to_string(c.revenues_added, ',') AS revenues_added,
         array_to_string(c.ltvs_removed, ',') AS ltvs_removed, array_to_string(c.ltvs_added, ',') AS ltvs_added
    FROM (SELECT ${STATE}) s
    LEFT JOIN metrics_changes c
      ON c.xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(c.xid, $1::pg_snapshot)`;

type Row = Record<string, unknown>;

function heldFrom(row: Row, revenues: Float64Array, ltvs: Float64Array): Held {
  return { revenues, ltvs, snapshot: String(row.snapshot), folded: String(row.folded), filenode: String(row.filenode) };
}

async function readAll(query: Query, ownerId: string | null): Promise<Held> {
  const [row] = await query(allValuesSql(ownerId ? "AND m.owner_id = $1::uuid" : ""), ownerId ? [ownerId] : []);
  const revenues = decimalsOf(String(row?.revenues ?? ""))
    .sort()
    .reverse();
  const ltvs = decimalsOf(String(row?.ltvs ?? "")).sort();
  return heldFrom(row!, revenues, ltvs);
}

/** The held values brought to a new snapshot, or null when the change rows cannot tell (a full read then). */
async function readChanges(query: Query, held: Held): Promise<Held | null> {
  const rows = await query(CHANGES_SQL, [held.snapshot]);
  const state = rows[0]!;
  if (String(state.folded) !== held.folded || String(state.filenode) !== held.filenode) return null;
  const changes = rows.filter((row) => row.change !== null);
  if (changes.some((row) => row.unknown === true)) return null;
  const values = (column: string) =>
    decimalsOf(
      changes
        .map((row) => String(row[column] ?? ""))
        .filter((text) => text !== "")
        .join(","),
    );
  const revenues = patchSorted(held.revenues, values("revenues_removed"), values("revenues_added"), "descending");
  const ltvs = patchSorted(held.ltvs, values("ltvs_removed"), values("ltvs_added"), "ascending");
  // A value to take away that is not held: something wrote without the trigger; read it all.
  if (!revenues || !ltvs) return null;
  return heldFrom(state, revenues, ltvs);
}

interface Holder {
  held: Held | null;
  /** Reads of one handle run one at a time: each starts from the values the last one left. */
  queue: Promise<unknown>;
}

/**
 * Keeps the portfolio's values per database handle (the primary and a replica each hold their
 * own). A scope narrower than the portfolio (never used by the roles that may read the
 * dashboard) reads them all each time.
 */
export function overviewValuesHolder() {
  const holders = new WeakMap<object, Holder>();
  return async function values(db: object, query: Query, ownerId: string | null): Promise<OverviewValues> {
    if (ownerId) return { ...(await readAll(query, ownerId)), read: "all" };
    let holder = holders.get(db);
    if (!holder) holders.set(db, (holder = { held: null, queue: Promise.resolve() }));
    const mine = holder;
    const next = mine.queue.then(async (): Promise<OverviewValues> => {
      const patched = mine.held ? await readChanges(query, mine.held) : null;
      mine.held = patched ?? (await readAll(query, null));
      return { revenues: mine.held.revenues, ltvs: mine.held.ltvs, read: patched ? "changes" : "all" };
    });
    // A failed read leaves the held values as they were; the next caller starts again from them.
    mine.queue = next.catch(() => undefined);
    return next;
  };
}
