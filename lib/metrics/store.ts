// Loading metric inputs and writing account_metrics with plain SQL, so the same
// code serves a Prisma transaction (live path) and the raw driver (bulk path).
import { vacuumMetricsTallies } from "./tallies";
import { centsFromDecimalString, decimalStringFromCents, moneyString } from "@/lib/money";
import type { CatalogProduct } from "@/lib/flags/types";
import type { ComputedMetrics, MetricsAccount } from "./compute";
import type { ReportingGap, ReportingValues } from "./reporting";

import { unnest, type Query } from "@/lib/db/sql";

const asDate = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));

/**
 * Accounts with their purchases (and lines) and last visit, keyed by account id. Without
 * lines (`{ lines: false }`: every purchase's `lines` is empty) for callers that only need
 * the LTV measures; the lines are most of the rows read.
 */
/** A loaded account, and (for a bulk pass) the version of its metrics row read before its orders. */
export type LoadedAccount = MetricsAccount & { ownerId: string; metricsVersion?: string | null };

export async function loadMetricsAccounts(
  query: Query,
  accountIds: readonly string[],
  opts: {
    lines?: boolean;
    /** One statement at a time (PGlite: a request waits behind one, not three). */ sequential?: boolean;
    /** Read each metrics row's version first (a bulk pass: see writeMetrics' keepNewer). */ versions?: boolean;
  } = {},
): Promise<Map<string, LoadedAccount>> {
  const result = new Map<string, LoadedAccount>();
  if (accountIds.length === 0) return result;
  const ids = [...accountIds];
  // The row versions strictly before the orders: a live write that commits after this read changes
  // the version, so the bulk pass's write (from orders read later, maybe without that write's order)
  // is skipped for that account instead of overwriting the fresher row.
  const versions = opts.versions
    ? new Map(
        (
          await query(`SELECT account_id::text AS id, xmin::text AS version FROM account_metrics WHERE account_id = ANY($1::uuid[])`, [ids])
        ).map((row) => [String(row.id), String(row.version)] as const),
      )
    : null;
  const withLines = opts.lines ?? true;
  const [loadAccounts, loadPurchases, loadLines] = [
    () =>
      query(
        `SELECT a.id, a.owner_id, a.segment, a.currency, a.acquired_at, a.acquisition_cost_override::text AS cac,
              (SELECT max(v.occurred_at) FROM visits v WHERE v.account_id = a.id) AS last_visit_at
         FROM accounts a WHERE a.id = ANY($1::uuid[])`,
        [ids],
      ),
    () =>
      query(
        `SELECT p.id, p.account_id, p.purchased_at, p.total::text AS total, p.gross_profit::text AS gross_profit,
                p.reporting_total::text AS reporting_total, p.reporting_gross_profit::text AS reporting_gross_profit
         FROM purchases p WHERE p.account_id = ANY($1::uuid[]) ORDER BY p.purchased_at, p.id`,
        [ids],
      ),
    () =>
      withLines
        ? query(
            `SELECT l.purchase_id, l.product_id, l.quantity, l.unit_price::text AS unit_price, c.name AS category, pr.tier_rank
         FROM purchase_lines l
         JOIN products pr ON pr.id = l.product_id
         JOIN categories c ON c.id = pr.category_id
        WHERE l.account_id = ANY($1::uuid[])`,
            [ids],
          )
        : Promise.resolve([]),
  ];
  const [accounts, purchases, lines] = opts.sequential
    ? [await loadAccounts(), await loadPurchases(), await loadLines()]
    : await Promise.all([loadAccounts(), loadPurchases(), loadLines()]);
  for (const row of accounts) {
    result.set(String(row.id), {
      accountId: String(row.id),
      ownerId: String(row.owner_id),
      segment: String(row.segment),
      currency: String(row.currency).trim(),
      acquiredAt: asDate(row.acquired_at)!,
      acquisitionCostOverride: row.cac === null ? null : centsFromDecimalString(String(row.cac)) / 100,
      purchases: [],
      lastVisitAt: asDate(row.last_visit_at),
      ...(versions ? { metricsVersion: versions.get(String(row.id)) ?? null } : {}),
    });
  }
  const linesByPurchase = new Map<string, MetricsAccount["purchases"][number]["lines"]>();
  for (const line of lines) {
    const key = String(line.purchase_id);
    let list = linesByPurchase.get(key);
    if (!list) linesByPurchase.set(key, (list = []));
    list.push({
      productId: String(line.product_id),
      category: String(line.category),
      tier: line.tier_rank === null ? null : Number(line.tier_rank),
      quantity: Number(line.quantity),
      unitPrice: centsFromDecimalString(String(line.unit_price)) / 100,
    });
  }
  for (const row of purchases) {
    result.get(String(row.account_id))?.purchases.push({
      purchasedAt: asDate(row.purchased_at)!,
      totalCents: centsFromDecimalString(String(row.total)),
      grossProfitCents: centsFromDecimalString(String(row.gross_profit)),
      lines: linesByPurchase.get(String(row.id)) ?? [],
      stored: {
        id: String(row.id),
        reportingTotalCents: row.reporting_total === null ? null : centsFromDecimalString(String(row.reporting_total)),
        reportingGrossProfitCents: row.reporting_gross_profit === null ? null : centsFromDecimalString(String(row.reporting_gross_profit)),
      },
    });
  }
  return result;
}

export async function loadCatalog(query: Query): Promise<CatalogProduct[]> {
  const rows = await query(
    `SELECT p.id, p.name, c.name AS category, p.tier_rank, p.tier_name, p.list_price::text AS list_price,
            p.replenishment_days, p.archived
       FROM products p JOIN categories c ON c.id = p.category_id ORDER BY p.id`,
    [],
  );
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    category: String(row.category),
    tierRank: row.tier_rank === null ? null : Number(row.tier_rank),
    tierName: row.tier_name === null ? null : String(row.tier_name),
    listPrice: centsFromDecimalString(String(row.list_price)) / 100,
    replenishmentDays: row.replenishment_days === null ? null : Number(row.replenishment_days),
    archived: Boolean(row.archived),
  }));
}

export const COLUMNS = [
  "account_id",
  "owner_id",
  "revenue",
  "gross_profit",
  "orders",
  "first_purchase_at",
  "last_purchase_at",
  "last_visit_at",
  "average_order_value",
  "purchases_per_year",
  "lifespan_years",
  "historical_ltv",
  "revenue_ltv",
  "formula_ltv",
  "predicted_clv",
  "p_alive",
  "expected_purchases",
  "p_no_order_90",
  "expected_orders_90",
  "next_order_days",
  "flags",
  "attention_score",
  "churn_risk",
  "model_fit_id",
  "computed_at",
  "purchase_days",
  "repeat_revenue",
  "usual_gap_days",
  "category_spend",
  "reporting_currency",
  "reporting_revenue",
  "reporting_historical_ltv",
  "reporting_formula_ltv",
  "reporting_predicted_clv",
  "reporting_gap",
  "reporting_rates_version",
] as const;
export const CASTS = [
  "uuid",
  "uuid",
  "numeric",
  "numeric",
  "int",
  "timestamptz",
  "timestamptz",
  "timestamptz",
  "numeric",
  "float8",
  "float8",
  "numeric",
  "numeric",
  "numeric",
  "numeric",
  "float8",
  "float8",
  "float8",
  "float8",
  "int",
  "jsonb",
  "float8",
  "boolean",
  "uuid",
  "timestamptz",
  "int",
  "numeric",
  "float8",
  "jsonb",
  "bpchar",
  "numeric",
  "numeric",
  "numeric",
  "numeric",
  "jsonb",
  "int",
];

export interface MetricsRow {
  accountId: string;
  ownerId: string;
  /** The metrics row's version when the account was read (a bulk pass); its write is skipped if the row changed since. */
  readVersion?: string | null;
  metrics: ComputedMetrics;
  modelFitId: string | null;
  computedAt: Date;
  /** The reporting-currency figures and the purchases whose stored conversion changed (decision 0015). */
  reporting: RowReporting;
}

export interface RowReporting {
  currency: string;
  values: ReportingValues | null;
  gap: ReportingGap | null;
  ratesVersion: number;
  /** Purchases whose reporting amounts differ from the stored ones: the inputs converted, for the guard. */
  purchaseUpdates: PurchaseReportingUpdate[];
}

export interface PurchaseReportingUpdate {
  id: string;
  purchasedAt: Date;
  totalCents: number;
  currency: string;
  reportingTotalCents: number | null;
  reportingGrossProfitCents: number | null;
}

export function values(row: MetricsRow): unknown[] {
  const m = row.metrics;
  return [
    row.accountId,
    row.ownerId,
    decimalStringFromCents(m.revenueCents),
    decimalStringFromCents(m.grossProfitCents),
    m.orders,
    m.firstPurchaseAt?.toISOString() ?? null,
    m.lastPurchaseAt?.toISOString() ?? null,
    m.lastVisitAt?.toISOString() ?? null,
    moneyString(m.averageOrderValue),
    m.purchasesPerYear,
    m.lifespanYears,
    moneyString(m.historicalLtv),
    moneyString(m.revenueLtv),
    moneyString(m.formulaLtv),
    moneyString(m.predictedClv),
    m.pAlive,
    m.expectedPurchases,
    m.pNoOrder90,
    m.expectedOrders90,
    m.nextOrderDays,
    JSON.stringify(m.flags),
    m.attentionScore,
    m.churnRisk,
    row.modelFitId,
    row.computedAt.toISOString(),
    m.refitSummary.purchaseDays,
    decimalStringFromCents(m.refitSummary.repeatRevenueCents),
    m.refitSummary.usualGapDays,
    JSON.stringify(m.refitSummary.categorySpend),
    row.reporting.currency,
    row.reporting.values ? decimalStringFromCents(row.reporting.values.revenueCents) : null,
    row.reporting.values ? moneyString(row.reporting.values.historicalLtv) : null,
    row.reporting.values ? moneyString(row.reporting.values.formulaLtv) : null,
    row.reporting.values ? moneyString(row.reporting.values.predictedClv) : null,
    row.reporting.gap ? JSON.stringify(row.reporting.gap) : null,
    row.reporting.ratesVersion,
  ];
}

/** Upserts metrics rows; batches stay well under the 32,767 bind-parameter limit. */
export async function writeMetrics(
  query: Query,
  rows: readonly MetricsRow[],
  // Bulk recomputes pass true: a live write that landed after the bulk pass started
  // (a newer computed_at) is fresher than what the bulk pass read, so it is kept.
  // `table`: the cost-settings job writes its shadow copy (lib/metrics/shadow-table.ts).
  opts: { keepNewer?: boolean; table?: string } = {},
): Promise<void> {
  const table = opts.table ?? "account_metrics";
  const perStatement = Math.floor(30_000 / COLUMNS.length);
  for (let start = 0; start < rows.length; start += perStatement) {
    const batch = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = batch.map((row) => {
      const base = params.length;
      params.push(...values(row));
      return `(${COLUMNS.map((_, i) => `$${base + i + 1}::${CASTS[i]}`).join(", ")})`;
    });
    // A bulk pass also skips a row written since it read the account (its version moved on): a live
    // write computed just before the pass began but committed after the pass read the orders would
    // otherwise be overwritten by a row missing that write's order.
    const read = batch.filter((row) => typeof row.readVersion === "string");
    let unchanged = "";
    if (opts.keepNewer && read.length > 0) {
      // The versions as one jsonb object looked up by id (a binary search of its keys): a
      // subquery over unnest(ids, versions) per conflicting row read both arrays again for
      // each, ~90 ms per 789 rows (quadratic), a fifth of a bulk batch's time.
      params.push(JSON.stringify(Object.fromEntries(read.map((row) => [row.accountId, row.readVersion]))));
      unchanged = ` AND ${table}.xmin::text = coalesce($${params.length}::jsonb ->> EXCLUDED.account_id::text, ${table}.xmin::text)`;
    }
    await query(
      `INSERT INTO ${table} (${COLUMNS.join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (account_id) DO UPDATE SET ${COLUMNS.slice(1)
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(", ")}
       ${opts.keepNewer ? `WHERE ${table}.computed_at <= EXCLUDED.computed_at${unchanged}` : ""}`,
      params,
    );
  }
  await writePurchaseReporting(
    query,
    rows.flatMap((row) => row.reporting.purchaseUpdates),
  );
}

/**
 * The purchases' reporting-currency amounts that changed (decision 0015): derived columns that only
 * lib/metrics writes, with the account's figures. A row is written only while it still has the
 * amount, day and account currency that were converted: a bulk pass that read it before a live
 * edit never overwrites the live write's conversion.
 */
export async function writePurchaseReporting(query: Query, updates: readonly PurchaseReportingUpdate[]): Promise<void> {
  for (let start = 0; start < updates.length; start += 5000) {
    const batch = updates.slice(start, start + 5000);
    const params: unknown[] = [];
    const source = unnest(params, [
      ["id", "uuid", batch.map((u) => u.id)],
      ["purchased_at", "timestamptz", batch.map((u) => u.purchasedAt.toISOString())],
      ["total", "numeric", batch.map((u) => decimalStringFromCents(u.totalCents))],
      ["currency", "text", batch.map((u) => u.currency)],
      [
        "reporting_total",
        "numeric",
        batch.map((u) => (u.reportingTotalCents === null ? null : decimalStringFromCents(u.reportingTotalCents))),
      ],
      [
        "reporting_gross_profit",
        "numeric",
        batch.map((u) => (u.reportingGrossProfitCents === null ? null : decimalStringFromCents(u.reportingGrossProfitCents))),
      ],
    ]);
    await query(
      `UPDATE purchases p SET reporting_total = u.reporting_total, reporting_gross_profit = u.reporting_gross_profit
         FROM ${source}
        WHERE p.id = u.id AND p.total = u.total AND p.purchased_at = u.purchased_at
          AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = p.account_id AND trim(a.currency) = u.currency)`,
      params,
    );
  }
}

/**
 * writeMetrics for bulk writers that read their accounts earlier, outside the write's transaction
 * (a full recompute, the cost job): an account deleted since has no segment or name for the row's
 * trigger to copy (NOT NULL) and fails the foreign key, so the batch is written again without it.
 */
export async function writeMetricsOfExistingAccounts(
  query: Query,
  rows: readonly MetricsRow[],
  opts: { keepNewer?: boolean; table?: string } = {},
): Promise<void> {
  try {
    await writeMetrics(query, rows, opts);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "23502" && code !== "23503") throw error;
    const existing = await query(`SELECT id::text AS id FROM accounts WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.accountId)]);
    const kept = new Set(existing.map((row) => String(row.id)));
    if (kept.size === rows.length) throw error;
    await writeMetrics(
      query,
      rows.filter((row) => kept.has(row.accountId)),
      opts,
    );
  }
}

/** How many accounts there are: the total a batch job reports its progress against. */
export async function countAccounts(query: Query): Promise<number> {
  return Number((await query(`SELECT count(*)::int AS n FROM accounts`, []))[0]?.n ?? 0);
}

/** Streams account ids in primary-key order, a batch at a time. */
export async function* accountIdBatches(query: Query, batchSize: number): AsyncGenerator<string[]> {
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await query(`SELECT id FROM accounts WHERE id > $1::uuid ORDER BY id LIMIT $2`, [after, batchSize]);
    const ids = rows.map((row) => String(row.id));
    const lastId = ids.at(-1);
    if (lastId === undefined) return;
    yield ids;
    after = lastId;
  }
}

export interface LoadedBatch {
  ids: string[];
  accounts: Map<string, LoadedAccount>;
}

/**
 * Each batch's accounts, loaded while the caller still works on the previous batch: the
 * database reads on one core while Node computes on the other (a full recompute of 100 000
 * accounts spends about as long loading as computing and writing). At most one load is ahead.
 */
export async function* prefetchedAccounts(
  query: Query,
  batches: AsyncIterable<string[]> | Iterable<string[]>,
  opts: {
    lines?: boolean;
    /** Load ahead (default true); off on PGlite's one connection, where a load ahead only delays requests. */ ahead?: boolean;
    /** Each metrics row's version, read before the orders (loadMetricsAccounts). */ versions?: boolean;
  } = {},
): AsyncGenerator<LoadedBatch> {
  const iterator = (async function* () {
    yield* batches;
  })();
  const loadNext = async (): Promise<LoadedBatch | null> => {
    const next = await iterator.next();
    return next.done
      ? null
      : { ids: next.value, accounts: await loadMetricsAccounts(query, next.value, { ...opts, sequential: opts.ahead === false }) };
  };
  const ahead = opts.ahead ?? true;
  let pending = loadNext();
  try {
    for (;;) {
      const current = await pending;
      if (!current) return;
      if (ahead) pending = loadNext();
      yield current;
      if (!ahead) pending = loadNext();
    }
  } finally {
    // The caller stopped early (or threw): the load already under way must not become an unhandled rejection.
    pending.catch(() => {});
    await iterator.return(undefined);
  }
}

/**
 * After every metrics row was rewritten by the full recompute: reclaims the old
 * row versions and marks the pages all-visible at once instead of when autovacuum comes by, so
 * the table does not double in size and a name search's index-only walk of the ranking index
 * need not visit the rows (at 100 000 accounts: 3 ms with the visits, 0.4 ms without). Outside
 * any transaction; 2.6 s at 100 000 accounts, and writers are not blocked meanwhile.
 */
export async function vacuumMetrics(query: Query): Promise<void> {
  await query(`VACUUM (ANALYZE) account_metrics`, []);
  await vacuumMetricsTallies(query);
}
