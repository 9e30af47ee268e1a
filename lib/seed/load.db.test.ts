import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import type { Database } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { at } from "@/lib/ltv/arrays";
import { DEFAULT_AS_OF, DEMO_LOGINS, DEMO_PASSWORD } from "./generate";
import { AlreadySeededError, isSeeded, seedDatabase, type SeedProgress, type SeedSummary } from "./load";

const ACCOUNTS = 60;
const SEED = 7;

let db: Database;
let summary: SeedSummary;
const progress: SeedProgress[] = [];
let afterLoadCalls = 0;

const TABLES = {
  users: "users",
  categories: "categories",
  products: "products",
  costSettings: "cost_settings",
  fxRates: "fx_rates",
  accounts: "accounts",
  contacts: "contacts",
  purchases: "purchases",
  purchaseLines: "purchase_lines",
  visits: "visits",
  deals: "deals",
} as const;

async function count(table: string): Promise<number> {
  const rows = await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return at(rows, 0, "rows").n;
}

/** md5 over every table's ids plus the money and dates of purchases: equal fingerprints = identical data. */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of Object.values(TABLES)) {
    // fx_rates is keyed by (currency, day) and has no id column.
    const key = table === "fx_rates" ? "currency || day::text || per_eur::text" : "id::text";
    const rows = await db.runner.query<{ h: string }>(
      `SELECT md5(coalesce(string_agg(${key}, ',' ORDER BY ${key}), '')) AS h FROM "${table}"`,
    );
    out[table] = at(rows, 0, "rows").h;
  }
  const purchases = await db.runner.query<{ h: string }>(
    `SELECT md5(string_agg(id::text || total::text || gross_profit::text || purchased_at::text, ',' ORDER BY id)) AS h FROM purchases`,
  );
  out.purchaseValues = at(purchases, 0, "rows").h;
  return out;
}

beforeAll(async () => {
  db = await openTestDatabase();
  expect(await isSeeded(db)).toBe(false);
  summary = await seedDatabase(db, {
    accounts: ACCOUNTS,
    seed: SEED,
    batchAccounts: 25, // several batches, so the streaming path (and on PostgreSQL, two in flight) is exercised
    onProgress: (p) => progress.push(p),
    afterLoad: async (loaded) => {
      afterLoadCalls++;
      expect(loaded).toBe(db);
    },
  });
});

afterAll(async () => {
  await db?.close();
});

describe("seedDatabase", () => {
  it("inserts exactly what the summary reports", async () => {
    expect(summary.accounts).toBe(ACCOUNTS);
    expect(summary.users).toBe(5);
    for (const [key, table] of Object.entries(TABLES)) {
      expect({ table, n: await count(table) }).toEqual({ table, n: summary[key as keyof typeof TABLES] });
    }
    // Five users, three of them reps: each gets a goal for 6 months back, this month and the next (8 months).
    expect(summary.repGoals).toBe(3 * 8);
    expect(await count("rep_goals")).toBe(summary.repGoals);
    const total = Object.keys(TABLES).reduce((s, key) => s + summary[key as keyof typeof TABLES], summary.repGoals);
    expect(summary.rows).toBe(total);
    expect(summary.purchases).toBeGreaterThan(ACCOUNTS * 5);
    expect(await isSeeded(db)).toBe(true);
  });

  it("reports progress per batch and calls afterLoad once", () => {
    expect(afterLoadCalls).toBe(1);
    expect(progress.length).toBe(Math.ceil(ACCOUNTS / 25));
    // The reps' goals are made from the loaded revenue, after the last batch's progress.
    expect(progress[progress.length - 1]).toMatchObject({
      accountsDone: ACCOUNTS,
      accountsTotal: ACCOUNTS,
      rows: summary.rows - summary.repGoals,
    });
  });

  it("stores purchase totals equal to the sum of their lines", async () => {
    const [mismatch] = await db.runner.query<{ n: number }>(`
      SELECT count(*)::int AS n
      FROM purchases p
      LEFT JOIN (
        SELECT purchase_id, sum(line_total) AS total, sum(quantity * (unit_price - unit_cost)) AS profit,
               bool_and(line_total = quantity * unit_price) AS lines_ok
        FROM purchase_lines GROUP BY purchase_id
      ) l ON l.purchase_id = p.id
      WHERE l.total IS DISTINCT FROM p.total OR l.profit IS DISTINCT FROM p.gross_profit OR NOT l.lines_ok`);
    expect(mismatch?.n).toBe(0);
  });

  it("keeps purchases between acquisition and asOf", async () => {
    const [row] = await db.runner.query<{ late: number; early: number }>(
      `
      SELECT count(*) FILTER (WHERE p.purchased_at > $1::timestamptz)::int AS late,
             count(*) FILTER (WHERE p.purchased_at < a.acquired_at::timestamptz)::int AS early
      FROM purchases p JOIN accounts a ON a.id = p.account_id`,
      [DEFAULT_AS_OF.toISOString()],
    );
    expect(row).toEqual({ late: 0, early: 0 });
  });

  it("creates the demo logins with their roles and the demo password", async () => {
    const expected: Record<string, string> = { "admin@demo.test": "ADMIN", "manager@demo.test": "MANAGER" };
    for (const email of DEMO_LOGINS) {
      const user = await db.prisma.user.findUnique({ where: { email } });
      expect(user, email).not.toBeNull();
      expect(user!.role).toBe(expected[email] ?? "REP");
      expect(user!.active).toBe(true);
    }
    const rep = await db.prisma.user.findUniqueOrThrow({ where: { email: "rep1@demo.test" } });
    expect(await verifyPassword(rep.passwordHash, DEMO_PASSWORD)).toBe(true);
  });

  it("reads back through Prisma with decimals, enums and relations intact", async () => {
    const account = await db.prisma.account.findUniqueOrThrow({
      where: { externalId: "ACC-000001" },
      include: { contacts: true, purchases: { include: { lines: true } }, owner: true },
    });
    expect(account.contacts.length).toBeGreaterThanOrEqual(1);
    expect(account.owner.role).toBe("REP");
    const purchase = at(account.purchases, 0, "purchases");
    const lines = purchase.lines.reduce((sum, l) => sum.plus(l.lineTotal), purchase.total.minus(purchase.total));
    expect(lines.equals(purchase.total)).toBe(true);
    const settings = await db.prisma.costSettings.findMany({ orderBy: { segment: "asc" } });
    expect(settings.map((s) => [s.segment, s.acquisitionCost.toFixed(2)])).toEqual([
      ["Enterprise", "5000.00"],
      [null, "900.00"],
    ]);
    expect(settings[1]?.flagThresholds).toEqual({});
    const stages = await db.prisma.deal.groupBy({ by: ["stage"], _count: true });
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const won = await db.prisma.deal.findFirst({ where: { stage: "WON" }, include: { purchases: true } });
    if (won) expect(won.purchases[0]?.total.equals(won.amount)).toBe(true);
  });

  it("refuses to seed a seeded database without reset", async () => {
    await expect(seedDatabase(db, { accounts: 5, seed: SEED })).rejects.toBeInstanceOf(AlreadySeededError);
    expect(await count("accounts")).toBe(ACCOUNTS);
  });

  it("reseeds to identical data after a reset, and to other data with another seed", async () => {
    const before = await fingerprint();
    const again = await seedDatabase(db, { accounts: ACCOUNTS, seed: SEED, reset: true, batchAccounts: 40 });
    expect({ ...again, rows: again.rows, ms: 0, loadMs: 0 }).toEqual({ ...summary, ms: 0, loadMs: 0 });
    expect(await fingerprint()).toEqual(before);

    await seedDatabase(db, { accounts: ACCOUNTS, seed: SEED + 1, reset: true });
    const other = await fingerprint();
    expect(other.accounts).not.toBe(before.accounts);
    expect(await count("accounts")).toBe(ACCOUNTS);
  });

  it("rolls back a failing batch as a whole and says so", async () => {
    // Every visit breaks a constraint: the batch's accounts, purchases, … must not stay behind.
    await db.runner.exec(`ALTER TABLE visits ADD CONSTRAINT seed_test_no_visits CHECK (false) NOT VALID`);
    try {
      await expect(seedDatabase(db, { accounts: 10, seed: SEED, reset: true, batchAccounts: 10 })).rejects.toThrow(
        /batch of accounts 1–10.*seed_test_no_visits/s,
      );
    } finally {
      await db.runner.exec(`ALTER TABLE visits DROP CONSTRAINT seed_test_no_visits`);
    }
    expect(await count("users")).toBe(5);
    for (const table of ["accounts", "contacts", "purchases", "purchase_lines", "visits", "deals"])
      expect({ table, n: await count(table) }).toEqual({ table, n: 0 });
  });
});
