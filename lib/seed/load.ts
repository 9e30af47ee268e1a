// Loads the generated demo data (generate.ts) into an empty database, fast
// enough for 100 000 accounts (~2 M purchases) on PostgreSQL and a few seconds
// for the default 500 on PGlite.
//
// How: accounts are streamed from the generator and buffered ~500 at a time,
// column by column; each batch goes in as ONE statement,
//   WITH a AS (INSERT INTO accounts … SELECT * FROM unnest($1::uuid[], …)), … INSERT INTO visits …
// One array parameter per column instead of one per value, so there is no
// bind-variable limit to chunk around (P2035, 32 767) and the server parses one
// small statement per batch. A single statement is atomic on its own (foreign
// keys are checked at its end), which matters because on PostgreSQL `db.runner`
// is a connection pool: a BEGIN sent through it may land on another connection
// than the INSERTs that follow. It also lets two batches run at once on the pool
// while the next one is generated.
import type { Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { hashPassword } from "@/lib/auth/password";
import { appTimeZone } from "@/lib/app-day";
import { seedRepGoals } from "@/lib/team-goals/seed-goals";
import {
  DEMO_PASSWORD,
  generateAccounts,
  generateReference,
  resolveGenerateOptions,
  SEED_RATES_VERSION,
  type GenerateOptions,
  type SeedAccountBundle,
  type SeedReference,
} from "./generate";
import { seedRates, type SeedRate } from "./currencies";

export interface SeedProgress {
  accountsDone: number;
  accountsTotal: number;
  /** Rows inserted so far, all tables. */
  rows: number;
  ms: number;
}

export interface SeedDatabaseOptions extends Partial<GenerateOptions> {
  /** Empty every app table (TRUNCATE … CASCADE; migrations stay) before seeding. */
  reset?: boolean;
  /** Accounts per insert statement (default 500). */
  batchAccounts?: number;
  /** Batch statements in flight at once (default 2 on PostgreSQL, 1 on PGlite). */
  concurrency?: number;
  log?: (line: string) => void;
  onProgress?: (progress: SeedProgress) => void;
  /** Runs on the emptied database before the first row goes in (the benchmark drops secondary indexes here). */
  beforeLoad?: (db: Database) => unknown;
  /** Runs when every account's rows are in, before the rows derived from them (rep goals); timed as loading. */
  afterRows?: (db: Database) => unknown;
  /** Runs after the data is in, e.g. the metrics recomputation. */
  afterLoad?: (db: Database) => unknown;
  /** Precomputed hash of the demo password (argon2 is slow; tests may pass one). */
  passwordHash?: string;
}

export interface SeedSummary {
  users: number;
  categories: number;
  products: number;
  costSettings: number;
  /** Exchange rates per 1 EUR (lib/seed/currencies.ts). */
  fxRates: number;
  accounts: number;
  contacts: number;
  purchases: number;
  purchaseLines: number;
  visits: number;
  deals: number;
  /** Monthly revenue goals of the reps (lib/team-goals/seed-goals.ts). */
  repGoals: number;
  /** All rows inserted. */
  rows: number;
  /** Time spent inserting (generation included, afterLoad excluded). */
  loadMs: number;
  /** Total time of seedDatabase, afterLoad included. */
  ms: number;
}

export class AlreadySeededError extends Error {
  constructor() {
    super("The database already has users: it is seeded. Pass reset: true (--reset) to wipe it and seed again.");
    this.name = "AlreadySeededError";
  }
}

/** True when any user exists (the seed always creates some). */
export async function isSeeded(db: Database): Promise<boolean> {
  const rows = await db.runner.query<{ seeded: boolean }>(`SELECT EXISTS (SELECT 1 FROM "users") AS seeded`);
  return rows[0]?.seeded === true;
}

/** Empties every table of the app schema except Prisma's migration history. */
export async function resetDatabase(db: Database): Promise<string[]> {
  const rows = await db.runner.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`,
  );
  const tables = rows.map((r) => r.tablename);
  if (tables.length > 0) await db.runner.exec(`TRUNCATE TABLE ${tables.map(quoteIdent).join(", ")} CASCADE`);
  return tables;
}

export async function seedDatabase(db: Database, opts: SeedDatabaseOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const options = resolveGenerateOptions(opts);
  const log = opts.log ?? (() => {});
  const batchAccounts = Math.max(1, Math.floor(opts.batchAccounts ?? 500));
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? (db.kind === "postgres" ? 2 : 1)));

  if (opts.reset) {
    const tables = await resetDatabase(db);
    log(`reset: emptied ${tables.length} tables`);
  } else if (await isSeeded(db)) {
    throw new AlreadySeededError();
  }
  if (opts.beforeLoad) await opts.beforeLoad(db);

  const reference = generateReference(options);
  const passwordHash = opts.passwordHash ?? (await hashPassword(DEMO_PASSWORD));
  const counts = {
    users: reference.users.length,
    categories: reference.categories.length,
    products: reference.products.length,
    costSettings: reference.costSettings.length,
    fxRates: 0,
    accounts: 0,
    contacts: 0,
    purchases: 0,
    purchaseLines: 0,
    visits: 0,
    deals: 0,
    repGoals: 0,
  };
  const rates = seedRates(options.seed, options.asOf);
  counts.fxRates = rates.length;
  const referenceBatch = referenceStatement(reference, passwordHash, rates);
  await db.runner.query(referenceBatch.sql, referenceBatch.params);
  // EUR reporting, the default gap, and the version the seeded rates and conversions carry.
  await db.runner.query(
    `INSERT INTO fx_settings (id, reporting_currency, max_gap_days, rates_version, settings_version, updated_at)
     VALUES (1, 'EUR', 7, $1, 0, now())
     ON CONFLICT (id) DO UPDATE SET reporting_currency = 'EUR', max_gap_days = 7, rates_version = $1, settings_version = 0, updated_at = now()`,
    [SEED_RATES_VERSION],
  );
  let rowsDone = referenceBatch.rows;
  log(
    `reference data: ${counts.users} users, ${counts.categories} categories, ${counts.products} products, ${counts.costSettings} cost settings`,
  );

  // Stream the accounts: generate the next batch while earlier ones are being inserted.
  let accountsDone = 0;
  let lastStep = 0;
  let failure: unknown = null;
  const inFlight = new Set<Promise<void>>();
  const send = (batch: AccountBatch) => {
    const statement = batch.statement();
    const first = batch.firstIndex;
    const promise: Promise<void> = db.runner.query(statement.sql, statement.params).then(
      () => {
        accountsDone += batch.accounts;
        rowsDone += statement.rows;
        const ms = performance.now() - started;
        opts.onProgress?.({ accountsDone, accountsTotal: options.accounts, rows: rowsDone, ms });
        const step = Math.floor((accountsDone * 20) / options.accounts);
        if (step > lastStep) {
          lastStep = step;
          log(
            `${accountsDone.toLocaleString("en-US")} / ${options.accounts.toLocaleString("en-US")} accounts (${step * 5} %), ${rowsDone.toLocaleString("en-US")} rows, ${Math.round(rowsDone / (ms / 1000)).toLocaleString("en-US")} rows/s`,
          );
        }
      },
      (error: unknown) => {
        failure ??= new Error(
          `Seeding failed in the batch of accounts ${first + 1}–${first + batch.accounts}: ${(error as Error).message}. ` +
            "Earlier batches stay in the database; seed again with reset.",
          { cause: error },
        );
      },
    );
    const tracked = promise.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  let batch = new AccountBatch(0);
  let sinceYield = 0;
  for (const bundle of generateAccounts(options, reference)) {
    batch.add(bundle);
    counts.accounts++;
    counts.contacts += bundle.contacts.length;
    counts.purchases += bundle.purchases.length;
    for (const purchase of bundle.purchases) counts.purchaseLines += purchase.lines.length;
    counts.visits += bundle.visits.length;
    counts.deals += bundle.deals.length;
    if (batch.accounts >= batchAccounts) {
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) break;
      send(batch);
      batch = new AccountBatch(counts.accounts);
    }
    // Let the driver write the statements already sent while we keep generating.
    if (++sinceYield >= 25) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (failure) break;
    }
  }
  if (!failure && batch.accounts > 0) send(batch);
  await Promise.all(inFlight);
  if (failure) throw failure;
  if (opts.afterRows) await opts.afterRows(db);
  // Goals follow the loaded revenue, so they are made from it.
  counts.repGoals = await seedRepGoals(runnerQuery(db), options.asOf, appTimeZone());
  rowsDone += counts.repGoals;

  const loadMs = performance.now() - started;
  const summaryRows = rowsDone;
  log(
    `loaded ${summaryRows.toLocaleString("en-US")} rows in ${(loadMs / 1000).toFixed(1)} s (${Math.round(summaryRows / (loadMs / 1000)).toLocaleString("en-US")} rows/s)`,
  );
  // Fresh planner statistics before anything reads the new rows: without them the
  // metrics pass that follows plans its batch queries for empty tables.
  await db.runner.exec("ANALYZE");
  if (opts.afterLoad) await opts.afterLoad(db);
  return { ...counts, rows: summaryRows, loadMs: Math.round(loadMs), ms: Math.round(performance.now() - started) };
}

// ---------------------------------------------------------------------------
// Column buffers and the unnest INSERT builder
// ---------------------------------------------------------------------------

type ColumnType = "uuid" | "text" | "int4" | "numeric" | "timestamptz" | "date" | "jsonb" | { enum: string };

interface Statement {
  sql: string;
  params: unknown[];
  rows: number;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function arrayCast(type: ColumnType): string {
  // Arrays of enums (and jsonb) go over the wire as text[]: PGlite cannot serialise
  // a JS array for an enum array type it does not know, and text → enum casts work on both.
  if (typeof type === "object") return `::text[]::${quoteIdent(type.enum)}[]`;
  if (type === "jsonb") return "::text[]::jsonb[]";
  return `::${type}[]`;
}

/** One table's pending rows, stored column by column (the shape unnest wants). */
class TableBuffer {
  readonly values: unknown[][];
  rows = 0;

  constructor(
    readonly table: string,
    readonly columns: ReadonlyArray<readonly [name: string, type: ColumnType]>,
    /** Extra columns filled from another column's parameter, e.g. updated_at = created_at. */
    readonly copies: ReadonlyArray<readonly [name: string, from: string]> = [],
  ) {
    this.values = columns.map(() => []);
  }

  push(...row: unknown[]): void {
    if (row.length !== this.columns.length) throw new Error(`${this.table}: expected ${this.columns.length} values, got ${row.length}`);
    for (const [i, column] of this.values.entries()) column.push(row[i]);
    this.rows++;
  }

  /** `INSERT INTO t (…) SELECT * FROM unnest($n::type[], …)`, its parameters appended to `params`. */
  insertSql(params: unknown[]): string {
    const names = this.columns.map(([name]) => name);
    const slots = this.columns.map(([, type], i) => {
      params.push(this.values[i]);
      return `$${params.length}${arrayCast(type)}`;
    });
    for (const [name, from] of this.copies) {
      const slot = slots[names.indexOf(from)];
      if (slot === undefined) throw new Error(`${this.table}: no column ${from} to copy into ${name}`);
      names.push(name);
      slots.push(slot);
    }
    return `INSERT INTO ${quoteIdent(this.table)} (${names.map(quoteIdent).join(", ")}) SELECT * FROM unnest(${slots.join(", ")})`;
  }
}

/** Several tables in one atomic statement: `WITH t1 AS (INSERT …), … INSERT …`. */
function combinedStatement(buffers: TableBuffer[]): Statement {
  const parts = buffers.filter((b) => b.rows > 0);
  const params: unknown[] = [];
  if (parts.length === 0) return { sql: "SELECT 1", params, rows: 0 };
  const inserts = parts.map((b) => b.insertSql(params));
  const last = inserts.pop()!;
  const sql = inserts.length === 0 ? last : `WITH ${inserts.map((s, i) => `w${i} AS (${s})`).join(",\n")}\n${last}`;
  return { sql, params, rows: parts.reduce((sum, b) => sum + b.rows, 0) };
}

const iso = (d: Date) => d.toISOString();
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function referenceStatement(reference: SeedReference, passwordHash: string, rates: readonly SeedRate[]): Statement {
  const users = new TableBuffer(
    "users",
    [
      ["id", "uuid"],
      ["email", "text"],
      ["name", "text"],
      ["role", { enum: "Role" }],
      ["password_hash", "text"],
      ["created_at", "timestamptz"],
    ],
    [["updated_at", "created_at"]],
  );
  for (const u of reference.users) users.push(u.id, u.email, u.name, u.role, passwordHash, iso(u.createdAt));

  const categories = new TableBuffer("categories", [
    ["id", "uuid"],
    ["name", "text"],
  ]);
  for (const c of reference.categories) categories.push(c.id, c.name);

  const products = new TableBuffer(
    "products",
    [
      ["id", "uuid"],
      ["sku", "text"],
      ["name", "text"],
      ["category_id", "uuid"],
      ["tier_rank", "int4"],
      ["tier_name", "text"],
      ["list_price", "numeric"],
      ["unit_cost", "numeric"],
      ["replenishment_days", "int4"],
      ["created_at", "timestamptz"],
    ],
    [["updated_at", "created_at"]],
  );
  for (const p of reference.products) {
    products.push(
      p.id,
      p.sku,
      p.name,
      p.categoryId,
      p.tierRank,
      p.tierName,
      p.listPrice,
      p.unitCost,
      p.replenishmentDays,
      iso(p.createdAt),
    );
  }

  const costSettings = new TableBuffer("cost_settings", [
    ["id", "uuid"],
    ["segment", "text"],
    ["effective_from", "timestamptz"],
    ["acquisition_cost", "numeric"],
    ["retention_cost_per_year", "numeric"],
    ["gross_margin", "numeric"],
    ["discount_rate_yearly", "numeric"],
    ["horizon_months", "int4"],
    ["lifespan_cap_years", "numeric"],
    ["default_lifespan_years", "numeric"],
    ["flag_thresholds", "jsonb"],
    ["created_by_id", "uuid"],
    ["created_at", "timestamptz"],
    ["applied_at", "timestamptz"],
  ]);
  for (const s of reference.costSettings) {
    costSettings.push(
      s.id,
      s.segment,
      iso(s.effectiveFrom),
      s.acquisitionCost,
      s.retentionCostPerYear,
      s.grossMargin,
      s.discountRateYearly,
      s.horizonMonths,
      s.lifespanCapYears,
      s.defaultLifespanYears,
      JSON.stringify(s.flagThresholds),
      s.createdById,
      iso(s.createdAt),
      iso(s.createdAt),
    );
  }
  // Exchange rates per 1 EUR (lib/seed/currencies.ts), as an ECB import would store them.
  const fxRates = new TableBuffer("fx_rates", [
    ["currency", "text"],
    ["day", "date"],
    ["per_eur", "numeric"],
    ["source", "text"],
    ["version", "int4"],
    ["updated_at", "timestamptz"],
  ]);
  for (const r of rates) fxRates.push(r.currency, r.day, r.perEur, "seed", SEED_RATES_VERSION, `${r.day}T16:00:00.000Z`);
  return combinedStatement([users, categories, products, costSettings, fxRates]);
}

/** The rows of a run of consecutive accounts, ready to go in as one statement. */
class AccountBatch {
  accounts = 0;
  private readonly accountRows = new TableBuffer(
    "accounts",
    [
      ["id", "uuid"],
      ["external_id", "text"],
      ["name", "text"],
      ["owner_id", "uuid"],
      ["segment", "text"],
      ["industry", "text"],
      ["region", "text"],
      ["currency", "text"],
      ["acquired_at", "date"],
      ["acquisition_channel", "text"],
      ["acquisition_cost_override", "numeric"],
      ["status", { enum: "AccountStatus" }],
      ["created_at", "timestamptz"],
    ],
    [["updated_at", "created_at"]],
  );
  private readonly contacts = new TableBuffer(
    "contacts",
    [
      ["id", "uuid"],
      ["account_id", "uuid"],
      ["external_id", "text"],
      ["name", "text"],
      ["title", "text"],
      ["email", "text"],
      ["phone", "text"],
      ["decision_role", { enum: "DecisionRole" }],
      ["created_at", "timestamptz"],
    ],
    [["updated_at", "created_at"]],
  );
  // Deals before purchases: a won deal's purchase points at it (the order is cosmetic
  // inside one statement, where foreign keys are checked at the end).
  private readonly deals = new TableBuffer("deals", [
    ["id", "uuid"],
    ["account_id", "uuid"],
    ["owner_id", "uuid"],
    ["title", "text"],
    ["stage", { enum: "DealStage" }],
    ["type", { enum: "DealType" }],
    ["amount", "numeric"],
    ["probability", "int4"],
    ["expected_close_at", "date"],
    ["closed_at", "timestamptz"],
    ["product_id", "uuid"],
    ["created_at", "timestamptz"],
    ["updated_at", "timestamptz"],
  ]);
  private readonly purchases = new TableBuffer(
    "purchases",
    [
      ["id", "uuid"],
      ["account_id", "uuid"],
      ["external_id", "text"],
      ["purchased_at", "timestamptz"],
      ["total", "numeric"],
      ["gross_profit", "numeric"],
      ["logged_by_id", "uuid"],
      ["deal_id", "uuid"],
      ["reporting_total", "numeric"],
      ["reporting_gross_profit", "numeric"],
    ],
    [
      ["created_at", "purchased_at"],
      ["updated_at", "purchased_at"],
    ],
  );
  private readonly lines = new TableBuffer("purchase_lines", [
    ["id", "uuid"],
    ["account_id", "uuid"],
    ["purchase_id", "uuid"],
    ["product_id", "uuid"],
    ["quantity", "int4"],
    ["unit_price", "numeric"],
    ["unit_cost", "numeric"],
    ["line_total", "numeric"],
  ]);
  private readonly visits = new TableBuffer(
    "visits",
    [
      ["id", "uuid"],
      ["account_id", "uuid"],
      ["contact_id", "uuid"],
      ["rep_id", "uuid"],
      ["type", { enum: "VisitType" }],
      ["occurred_at", "timestamptz"],
      ["outcome", "text"],
      ["notes", "text"],
      ["next_step", "text"],
    ],
    [["created_at", "occurred_at"]],
  );

  constructor(readonly firstIndex: number) {}

  add(bundle: SeedAccountBundle): void {
    const a = bundle.account;
    this.accountRows.push(
      a.id,
      a.externalId,
      a.name,
      a.ownerId,
      a.segment,
      a.industry,
      a.region,
      a.currency,
      isoDate(a.acquiredAt),
      a.acquisitionChannel,
      a.acquisitionCostOverride,
      a.status,
      iso(a.createdAt),
    );
    for (const c of bundle.contacts)
      this.contacts.push(c.id, c.accountId, c.externalId, c.name, c.title, c.email, c.phone, c.decisionRole, iso(c.createdAt));
    for (const d of bundle.deals) {
      this.deals.push(
        d.id,
        d.accountId,
        d.ownerId,
        d.title,
        d.stage,
        d.type,
        d.amount,
        d.probability,
        d.expectedCloseAt ? isoDate(d.expectedCloseAt) : null,
        d.closedAt ? iso(d.closedAt) : null,
        d.productId,
        iso(d.createdAt),
        iso(d.updatedAt),
      );
    }
    for (const p of bundle.purchases) {
      this.purchases.push(
        p.id,
        p.accountId,
        p.externalId,
        iso(p.purchasedAt),
        p.total,
        p.grossProfit,
        p.loggedById,
        p.dealId,
        p.reportingTotal ?? null,
        p.reportingGrossProfit ?? null,
      );
      for (const l of p.lines)
        this.lines.push(l.id, p.accountId, l.purchaseId, l.productId, l.quantity, l.unitPrice, l.unitCost, l.lineTotal);
    }
    for (const v of bundle.visits) {
      this.visits.push(v.id, v.accountId, v.contactId, v.repId, v.type, iso(v.occurredAt), v.outcome, v.notes, v.nextStep);
    }
    this.accounts++;
  }

  statement(): Statement {
    return combinedStatement([this.accountRows, this.contacts, this.deals, this.purchases, this.lines, this.visits]);
  }
}
