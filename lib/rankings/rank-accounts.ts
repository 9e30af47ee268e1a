// LTV ranking of accounts: GET /api/rankings and its CSV export.
//
// Reads only account_metrics (kept live per account by lib/metrics), never
// aggregates purchases (docs/reference/field-notes.md "Live rollups at scale"). Ordered by the
// measure descending, ties by account id descending, and paged by keyset:
//   WHERE (m.<measure>, m.account_id) < ($v, $id) ORDER BY m.<measure> DESC, m.account_id DESC
// which walks the (measure DESC, account_id DESC) index, or the owner-prefixed
// one for a single rep, so page 500 costs what page 1 costs. `rank` is carried
// in the cursor (rows before the next page) instead of counting rows ahead.
// A heavy read: on the read replica when one is configured (lib/db/read-database.ts).
import { readDatabase } from "@/lib/db/read-database";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { keptUntilMetricsChange } from "@/lib/metrics/generation";
import { missingByCurrencySql } from "@/lib/metrics/tallies";
import { readFxSettings } from "@/lib/metrics/fx-context";
import { runnerQuery } from "@/lib/db/sql";
import { Forbidden, Invalid } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { centsFromDecimalString } from "@/lib/money";
import {
  cohortBounds,
  MEASURE_COLUMN,
  MEASURE_SQL_TYPE,
  rankingCursor,
  type RankingCursor,
  type RankingsFilter,
  type RankingsQuery,
} from "./schema";
import { masksWithFlag, type RankingCount, type RankingItem, type RankingMissing, type RankingPage, type RankingSummary } from "./measures";

type Row = Record<string, unknown>;

/** The owner filter that applies: a rep always sees only their own book, whatever ownerId they ask for. */
export function effectiveOwnerId(actor: Actor, requested: string | undefined): string | undefined {
  if (!can(actor, "read", "account")) throw new Forbidden("Your role may not read accounts.");
  return accountOwnerFilter(actor) ?? requested;
}

/** `%` and `_` in a search term are literal characters, not wildcards. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Statement {
  sql: string;
  params: unknown[];
  /** It joins accounts (the region filter): its answer also depends on rows other than account_metrics. */
  readsAccounts?: boolean;
  /** It sums metrics_tallies' cells (a few thousand rows): cheaper than keeping its answer. */
  fromTallies?: boolean;
}

interface Conditions {
  where: string[];
  params: unknown[];
  bind: (value: unknown) => string;
  /** The region lives on accounts only: the filter needs the join. */
  needsAccount: boolean;
}

/** The filter's WHERE conditions on account_metrics m (and accounts a), shared by the page and its count. */
function rankingConditions(filter: RankingsFilter, ownerId: string | undefined): Conditions {
  return filterConditions(filter, ownerId, "rows")!;
}

/**
 * The filter's conditions on account_metrics rows, or on metrics_tallies cells (decision 0019):
 * owner, segment, flag and "has a reporting-currency figure" are columns of both; every other
 * condition is about single rows, and then the tallies cannot answer (null). A new filter is
 * decided here for both.
 */
function filterConditions(filter: RankingsFilter, ownerId: string | undefined, on: "rows" | "tallies"): Conditions | null {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (ownerId) where.push(`m.owner_id = ${bind(ownerId)}::uuid`);
  // m.segment (a trigger-kept copy) lets the planner walk the (segment, measure, id) index.
  if (filter.segment) where.push(`m.segment = ${bind(filter.segment)}::text`);
  // The mask (a trigger keeps it from `flags`): the count reads the (flag_mask, owner, measures) index alone.
  if (filter.flag) where.push(`m.flag_mask = ANY(${bind(masksWithFlag(filter.flag))}::smallint[])`);
  // A money ranking holds the accounts with a reporting-currency figure (the rest are counted apart;
  // all reporting columns are null together).
  if (filter.measure !== "palive") where.push(on === "tallies" ? `m.converted` : `m.${MEASURE_COLUMN[filter.measure]} IS NOT NULL`);
  const rowsOnly =
    filter.region ||
    filter.q ||
    filter.min !== undefined ||
    filter.max !== undefined ||
    filter.revenueMin !== undefined ||
    filter.cohort !== undefined;
  if (on === "tallies") return rowsOnly ? null : { where, params, bind, needsAccount: false };
  if (filter.region) where.push(`a.region = ${bind(filter.region)}::text`);
  // search_name is lower(accounts.name) (trigger-kept), and lower() + LIKE is what ILIKE does in
  // UTF-8. On account_metrics itself the search is either a walk of the ranking index that
  // carries search_name (index-only, stops at the page: common terms) or its trigram index
  // (rare terms); the planner picks by the term's selectivity.
  if (filter.q) where.push(`m.search_name LIKE lower(${bind(`%${escapeLike(filter.q)}%`)}::text)`);
  // A band of the ranked measure (a range of the index the page walks anyway) and a revenue floor (reporting currency).
  const column = `m.${MEASURE_COLUMN[filter.measure]}`;
  const type = MEASURE_SQL_TYPE[filter.measure];
  if (filter.min !== undefined) where.push(`${column} >= ${bind(String(filter.min))}::${type}`);
  if (filter.max !== undefined) where.push(`${column} < ${bind(String(filter.max))}::${type}`);
  if (filter.revenueMin !== undefined) where.push(`m.reporting_revenue >= ${bind(String(filter.revenueMin))}::numeric`);
  if (filter.cohort !== undefined) {
    const { from, to } = cohortBounds(filter.cohort);
    where.push(`m.first_purchase_at >= ${bind(from)}::timestamptz AND m.first_purchase_at < ${bind(to)}::timestamptz`);
  }
  return { where, params, bind, needsAccount: Boolean(filter.region) };
}

/**
 * How many accounts the filtered ranking holds: the same conditions as the page, so the
 * planner uses the same indexes (owner-, segment-prefixed or trigram); asked once, with the
 * first page, not per "Load more". With `summary`, the same pass also sums what the
 * dashboard's KPI strip shows for the filtered accounts (money summed exactly as numeric, in the
 * reporting currency: an account without a rate adds none, decision 0015). With `cap`, it reads
 * at most cap + 1 matches (decision 0021): a total above `cap` means "more than cap".
 */
export function rankingCountStatement(filter: RankingsFilter, ownerId: string | undefined, summary = false, cap?: number): Statement {
  const { where, params, needsAccount } = rankingConditions(filter, ownerId);
  const sums = summary
    ? `, count(*) FILTER (WHERE m.orders > 0)::int AS customers,
         coalesce(sum(m.reporting_revenue), 0)::text AS revenue,
         coalesce(sum(m.reporting_formula_ltv), 0)::text AS formula_ltv,
         count(*) FILTER (WHERE m.churn_risk)::int AS churn_risk_accounts,
         coalesce(sum(m.reporting_predicted_clv) FILTER (WHERE m.churn_risk), 0)::text AS revenue_at_risk`
    : "";
  const matches = `account_metrics m
      ${needsAccount ? "JOIN accounts a ON a.id = m.account_id" : ""}
     ${where.length > 0 ? `WHERE ${where.join("\n       AND ")}` : ""}`;
  const columns = summary ? "m.orders, m.reporting_revenue, m.reporting_formula_ltv, m.churn_risk, m.reporting_predicted_clv" : "1";
  const from = cap === undefined ? matches : `(SELECT ${columns} FROM ${matches} LIMIT ${Math.floor(cap) + 1}) m`;
  const sql = `
    SELECT count(*)::int AS total${sums}
      FROM ${from}`;
  return { sql, params, readsAccounts: needsAccount };
}

/**
 * rankingCountStatement's answer (the same columns) summed from the tallies' cells, when the
 * filter is made of cells only (owner, segment, flag): a few thousand rows at any book size.
 * Null for a filter on single rows (a name, a region, a band, a revenue floor, a cohort).
 */
export function tallyCountStatement(filter: RankingsFilter, ownerId: string | undefined): Statement | null {
  const conditions = filterConditions(filter, ownerId, "tallies");
  if (!conditions) return null;
  const { where, params } = conditions;
  const sql = `
    SELECT coalesce(sum(m.accounts), 0)::int AS total,
           coalesce(sum(m.customers), 0)::int AS customers,
           coalesce(sum(m.revenue), 0)::text AS revenue,
           coalesce(sum(m.formula_ltv), 0)::text AS formula_ltv,
           coalesce(sum(m.churn_risk_accounts), 0)::int AS churn_risk_accounts,
           coalesce(sum(m.revenue_at_risk), 0)::text AS revenue_at_risk
      FROM metrics_tallies m
     ${where.length > 0 ? `WHERE ${where.join("\n       AND ")}` : ""}`;
  return { sql, params, fromTallies: true };
}

/**
 * The accounts a money ranking leaves out for lack of a rate, by the currency without one: the
 * same filter with the measure null instead (all reporting columns are null together; a partial
 * index holds those few rows). From the tallies when the filter is made of cells.
 */
export function rankingMissingStatement(filter: RankingsFilter, ownerId: string | undefined): Statement {
  const cells = filterConditions({ ...filter, measure: "palive" }, ownerId, "tallies");
  if (cells) {
    return { sql: missingByCurrencySql(cells.where), params: cells.params, fromTallies: true };
  }
  const { where, params, needsAccount } = rankingConditions({ ...filter, measure: "palive" }, ownerId);
  where.push(`m.reporting_historical_ltv IS NULL`);
  const sql = `
    SELECT coalesce(m.reporting_gap->>'currency', '') AS currency, count(*)::int AS accounts,
           coalesce(sum((m.reporting_gap->>'orders')::int), 0)::int AS orders
      FROM account_metrics m
      ${needsAccount ? "JOIN accounts a ON a.id = m.account_id" : ""}
     WHERE ${where.join("\n       AND ")}
     GROUP BY 1 ORDER BY 2 DESC, 1`;
  return { sql, params, readsAccounts: needsAccount };
}

/** Whether the query narrows the ranking (anything but the measure): then the first page carries a summary. */
export function isFiltered(filter: RankingsFilter): boolean {
  return [
    filter.ownerId,
    filter.segment,
    filter.region,
    filter.flag,
    filter.q,
    filter.min,
    filter.max,
    filter.revenueMin,
    filter.cohort,
  ].some((value) => value !== undefined);
}

/** Builds the ranking SELECT. Column names come only from MEASURE_COLUMN; every value is a bound parameter. */
export function rankingStatement(
  filter: RankingsFilter,
  ownerId: string | undefined,
  after: Pick<RankingCursor, "v" | "id"> | null,
  limit: number,
): Statement {
  const column = `m.${MEASURE_COLUMN[filter.measure]}`;
  const type = MEASURE_SQL_TYPE[filter.measure];
  const { where, params, bind, needsAccount } = rankingConditions(filter, ownerId);
  if (after) where.push(`(${column}, m.account_id) < (${bind(after.v)}::${type}, ${bind(after.id)}::uuid)`);
  // Late row lookup: the inner query finds the page's account ids (an index walk, or for a
  // rare search term a trigram bitmap scan over every match), the outer one reads the page's rows
  // and computes their columns for those ids only. In one query the columns (flag types
  // among them) were computed for every match before the sort: a search matching 1 900 of
  // 100 000 accounts took 50 ms, now 13 ms.
  const sql = `
    SELECT m.account_id::text AS account_id, a.name, m.owner_id::text AS owner_id, u.name AS owner_name,
           a.segment, a.region, a.currency, ${column}::text AS sort_key,
           m.revenue::text AS revenue, m.historical_ltv::text AS historical_ltv, m.formula_ltv::text AS formula_ltv,
           m.predicted_clv::text AS predicted_clv, m.p_alive::text AS p_alive, m.churn_risk,
           trim(m.reporting_currency) AS reporting_currency, m.reporting_revenue::text AS reporting_revenue,
           m.reporting_historical_ltv::text AS reporting_historical_ltv, m.reporting_formula_ltv::text AS reporting_formula_ltv,
           m.reporting_predicted_clv::text AS reporting_predicted_clv, m.reporting_gap,
           jsonb_path_query_array(m.flags, '$[*].type') AS flag_types
      FROM (SELECT m.account_id
              FROM account_metrics m
              ${needsAccount ? "JOIN accounts a ON a.id = m.account_id" : ""}
             ${where.length > 0 ? `WHERE ${where.join("\n               AND ")}` : ""}
             ORDER BY ${column} DESC, m.account_id DESC
             LIMIT ${bind(limit)}::int) page
      JOIN account_metrics m ON m.account_id = page.account_id
      JOIN accounts a ON a.id = m.account_id
      JOIN users u ON u.id = m.owner_id
     ORDER BY ${column} DESC, m.account_id DESC`;
  return { sql, params };
}

const orNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function toItem(row: Row, rank: number, reportingCurrency: string): RankingItem {
  const flagTypes = Array.isArray(row.flag_types) ? (row.flag_types as unknown[]).map(String) : [];
  const gap = (typeof row.reporting_gap === "string" ? JSON.parse(row.reporting_gap) : row.reporting_gap) as RankingItem["fxGap"] | null;
  const pAlive = Number(row.p_alive);
  return {
    accountId: String(row.account_id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    ownerName: String(row.owner_name),
    segment: String(row.segment),
    region: row.region === null ? null : String(row.region),
    value: Number(row.sort_key),
    rank,
    currency: row.reporting_currency ? String(row.reporting_currency) : reportingCurrency,
    revenue: orNull(row.reporting_revenue),
    measures: {
      historical: orNull(row.reporting_historical_ltv),
      formula: orNull(row.reporting_formula_ltv),
      predicted: orNull(row.reporting_predicted_clv),
      palive: pAlive,
    },
    account: {
      currency: String(row.currency).trim(),
      revenue: Number(row.revenue),
      measures: {
        historical: Number(row.historical_ltv),
        formula: Number(row.formula_ltv),
        predicted: Number(row.predicted_clv),
        palive: pAlive,
      },
    },
    fxGap:
      gap && row.reporting_historical_ltv === null
        ? { currency: String(gap.currency), orders: Number(gap.orders), asOf: gap.asOf === true }
        : null,
    flags: [...new Set(flagTypes)],
    churnRisk: row.churn_risk === true,
  };
}

async function fetchRows(filter: RankingsFilter, ownerId: string | undefined, after: RankingCursor | null, limit: number): Promise<Row[]> {
  const db = await readDatabase();
  const statement = rankingStatement(filter, ownerId, after, limit);
  return db.runner.query<Row>(statement.sql, statement.params);
}

/** One page of the ranking, scoped by the actor. */
export async function rankAccounts(
  actor: Actor,
  query: RankingsQuery,
  { countCap = FIRST_PAGE_COUNT_CAP }: { countCap?: number } = {},
): Promise<RankingPage> {
  const ownerId = effectiveOwnerId(actor, query.ownerId);
  let after: RankingCursor | null = null;
  if (query.cursor) {
    after = decodeCursor(query.cursor, rankingCursor);
    if (after.m !== query.measure) {
      throw new Invalid("Invalid cursor", [{ field: "cursor", reason: `belongs to the ${after.m} ranking, not ${query.measure}` }]);
    }
  }
  const offset = after?.r ?? 0;
  // The real total for "N accounts ranked", with the first page only (later pages keep it); on
  // PostgreSQL the statements run side by side on the pool. Cells (owner, segment, flag) sum the
  // tallies; single rows (a name, a region, a band) are counted up to FIRST_PAGE_COUNT_CAP, past
  // which the page says "more than" and the client asks GET /api/rankings/count (decision 0021).
  const [rows, counted, missing, reportingCurrency] = await Promise.all([
    fetchRows(query, ownerId, after, query.limit + 1),
    after ? { total: null, totalAbove: null, summary: null } : countRanking(query, ownerId, query.summary === true, countCap),
    after || query.measure === "palive" ? null : missingFromRanking(query, ownerId),
    currentReportingCurrency(),
  ]);
  const page = rows.slice(0, query.limit);
  const items = page.map((row, index) => toItem(row, offset + index + 1, reportingCurrency));
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ m: query.measure, v: String(last.sort_key), id: String(last.account_id), r: offset + page.length })
      : null;
  return {
    items,
    nextCursor,
    total: counted.total,
    totalAbove: counted.totalAbove,
    missing,
    reportingCurrency,
    ...(query.summary ? { summary: counted.summary } : {}),
  };
}

/**
 * A count (and summary) or missing-rate tally of single rows (a name, a band, a cohort) visits
 * every matching row, so its rows are kept per statement until account_metrics changes
 * (lib/metrics/generation.ts): the same filters again (back, reload, another manager) answer from
 * memory. Not with a region filter: the region lives on accounts, whose changes do not move the
 * key. The sums of cells (owner, segment, flag) are read each time from the tallies.
 */
const keptCounts = keptUntilMetricsChange<Row[]>(500);

function keptRows(db: Awaited<ReturnType<typeof readDatabase>>, statement: Statement): Promise<Row[]> {
  const read = () => db.runner.query<Row>(statement.sql, statement.params);
  if (statement.readsAccounts || statement.fromTallies) return read();
  return keptCounts(db, runnerQuery(db), JSON.stringify([statement.sql, statement.params]), read);
}

async function missingFromRanking(filter: RankingsFilter, ownerId: string | undefined): Promise<RankingMissing> {
  const db = await readDatabase();
  const statement = rankingMissingStatement(filter, ownerId);
  const rows = await keptRows(db, statement);
  const currencies = rows.map((row) => ({ currency: String(row.currency), accounts: Number(row.accounts), orders: Number(row.orders) }));
  return { accounts: currencies.reduce((sum, c) => sum + c.accounts, 0), currencies };
}

/** The reporting currency in force (fx_settings; EUR without a row). */
export async function currentReportingCurrency(): Promise<string> {
  return (await readFxSettings(runnerQuery(await readDatabase()))).reportingCurrency;
}

/**
 * Above this many matching accounts a first page filtered on single rows stops counting (a name
 * search matching 33 000 of 1 000 000 accounts re-reads each of their rows: 150 ms); the exact
 * count and sums come by their own request (decision 0021).
 */
export const FIRST_PAGE_COUNT_CAP = 1000;

/** GET /api/rankings/count: the exact total of the filtered ranking and, when filtered, its KPI sums. */
export async function countRankedAccounts(actor: Actor, filter: RankingsFilter): Promise<RankingCount> {
  const { total, summary } = await countRanking(filter, effectiveOwnerId(actor, filter.ownerId), true);
  return { total, summary };
}

/** The filtered ranking's size, exact; with its KPI sums when `wanted` and filtered. */
type ExactCount = { total: number; totalAbove: null; summary: RankingSummary | null };
/** Single rows counted past the cap: "more than cap", no sums. */
type CappedCount = { total: null; totalAbove: number; summary: null };

async function countRanking(filter: RankingsFilter, ownerId: string | undefined, wanted: boolean): Promise<ExactCount>;
async function countRanking(
  filter: RankingsFilter,
  ownerId: string | undefined,
  wanted: boolean,
  cap: number | undefined,
): Promise<ExactCount | CappedCount>;
async function countRanking(
  filter: RankingsFilter,
  ownerId: string | undefined,
  wanted: boolean,
  cap?: number,
): Promise<ExactCount | CappedCount> {
  const db = await readDatabase();
  const summary = wanted && isFiltered(filter);
  // Cells sum the tallies, exact at any size; single rows are counted up to the cap.
  const cells = tallyCountStatement(filter, ownerId);
  const [row] = await keptRows(db, cells ?? rankingCountStatement(filter, ownerId, summary, cap));
  const total = Number(row?.total ?? 0);
  if (!cells && cap !== undefined && total > cap) return { total: null, totalAbove: cap, summary: null };
  if (!summary || !row) return { total, totalAbove: null, summary: null };
  const money = (value: unknown) => centsFromDecimalString(String(value)) / 100;
  const formulaCents = centsFromDecimalString(String(row.formula_ltv));
  return {
    total,
    totalAbove: null,
    summary: {
      accounts: total,
      customers: Number(row.customers),
      revenue: money(row.revenue),
      averageFormulaLtv: total > 0 ? formulaCents / total / 100 : 0,
      churnRiskAccounts: Number(row.churn_risk_accounts),
      revenueAtRisk: money(row.revenue_at_risk),
    },
  };
}

/** Every row of the filtered ranking, in order, fetched in keyset batches (the CSV export). */
export async function* iterateRanking(actor: Actor, filter: RankingsFilter, batchSize = 1000): AsyncGenerator<RankingItem> {
  const ownerId = effectiveOwnerId(actor, filter.ownerId);
  let after: RankingCursor | null = null;
  let rank = 0;
  const reportingCurrency = await currentReportingCurrency();
  for (;;) {
    const rows = await fetchRows(filter, ownerId, after, batchSize);
    for (const row of rows) yield toItem(row, ++rank, reportingCurrency);
    const last = rows.at(-1);
    if (rows.length < batchSize || !last) return;
    after = { m: filter.measure, v: String(last.sort_key), id: String(last.account_id), r: rank };
  }
}

export interface RankingFilterOptions {
  reps: Array<{ id: string; name: string }>;
  segments: string[];
  regions: string[];
}

/** Choices for the ranking's filter controls, within the actor's scope. */
export async function rankingFilterOptions(actor: Actor): Promise<RankingFilterOptions> {
  const ownerId = effectiveOwnerId(actor, undefined);
  const db = await readDatabase();
  const scope = ownerId ? `WHERE a.owner_id = $1::uuid` : "";
  const params = ownerId ? [ownerId] : [];
  const [reps, segments, regions] = await Promise.all([
    db.runner.query<Row>(
      ownerId
        ? `SELECT id::text AS id, name FROM users WHERE id = $1::uuid`
        : `SELECT u.id::text AS id, u.name FROM users u
            WHERE u.role = 'REP' OR EXISTS (SELECT 1 FROM accounts a WHERE a.owner_id = u.id)
            ORDER BY u.name, u.id`,
      params,
    ),
    db.runner.query<Row>(`SELECT DISTINCT a.segment FROM accounts a ${scope} ORDER BY 1`, params),
    db.runner.query<Row>(
      `SELECT DISTINCT a.region FROM accounts a ${scope ? `${scope} AND` : "WHERE"} a.region IS NOT NULL ORDER BY 1`,
      params,
    ),
  ]);
  return {
    reps: reps.map((row) => ({ id: String(row.id), name: String(row.name) })),
    segments: segments.map((row) => String(row.segment)),
    regions: regions.map((row) => String(row.region)),
  };
}
