// The overview's values held in memory and brought up to date from the writers' change rows
// (overview-values.ts) must be, after any write, exactly what reading every account returns: the
// reference here is that full read by a new holder, and the values themselves are checked against
// account_metrics' rows sorted by the test.
import { beforeAll, describe, expect, it } from "vitest";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, createForeignAccount, logPaperOrder, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { foldPortfolioRollups } from "@/lib/metrics/revenue-months";
import { runnerQuery } from "@/lib/db/sql";
import { overviewValuesHolder, type OverviewValues } from "./overview-values";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  await recomputeAllMetrics(db, { refit: false });
});

const held = overviewValuesHolder();
const read = () => held(db, runnerQuery(db), null);
/** A new holder reads every account. */
const readAll = () => overviewValuesHolder()(db, runnerQuery(db), null);

/** The rows' values, filtered and ordered by the test (numeric → Number, as the chart reads them). */
async function fromRows(): Promise<{ revenues: number[]; ltvs: number[] }> {
  const rows = await db.runner.query<Record<string, unknown>>(
    `SELECT orders, reporting_revenue::text AS revenue, reporting_formula_ltv::text AS ltv
       FROM account_metrics WHERE reporting_revenue IS NOT NULL`,
  );
  return {
    revenues: rows
      .filter((row) => Number(row.orders) > 0)
      .map((row) => Math.max(0, Number(row.revenue)))
      .sort((a, b) => b - a),
    ltvs: rows
      .filter((row) => row.ltv !== null)
      .map((row) => Number(row.ltv))
      .sort((a, b) => a - b),
  };
}

async function expectCurrent(values: OverviewValues, how: OverviewValues["read"]): Promise<void> {
  expect(values.read).toBe(how);
  const all = await readAll();
  expect(all.read).toBe("all");
  expect([...values.revenues]).toEqual([...all.revenues]);
  expect([...values.ltvs]).toEqual([...all.ltvs]);
  const rows = await fromRows();
  expect([...values.revenues]).toEqual(rows.revenues);
  expect([...values.ltvs]).toEqual(rows.ltvs);
}

describe("the overview's held values", () => {
  it("are read in full first, then follow orders, a new account, a reassignment and a deleted account from the change rows", async () => {
    await expectCurrent(await read(), "all");
    const customer = fx.accounts.rep1[0]!;
    const before = (await fromRows()).revenues;

    // An order: one customer's revenue up by 100.00 (and its formula LTV moves).
    await logPaperOrder(fx, fx.rep1, customer, "overview-values-1");
    await expectCurrent(await read(), "changes");
    expect((await fromRows()).revenues.length).toBe(before.length);

    // Two orders between reads: the first's new value is the second's old one.
    await logPaperOrder(fx, fx.rep1, customer, "overview-values-2");
    await logPaperOrder(fx, fx.rep2, fx.accounts.rep2[0]!, "overview-values-3");
    await expectCurrent(await read(), "changes");

    // A new account in another currency, then its first order: a new customer.
    const foreign = await createForeignAccount(db.prisma, fx.rep1.id, "EUR");
    await expectCurrent(await read(), "changes");
    await logPaperOrder(fx, fx.rep1, foreign, "overview-values-4");
    await expectCurrent(await read(), "changes");
    expect((await read()).revenues.length).toBe(before.length + 1);

    // A reassignment (no value moves) and a deleted account (its values go).
    await db.runner.query(`UPDATE account_metrics SET owner_id = $2::uuid WHERE account_id = $1::uuid`, [customer, fx.rep2.id]);
    await expectCurrent(await read(), "changes");
    await db.prisma.account.delete({ where: { id: foreign } });
    await expectCurrent(await read(), "changes");
    expect((await read()).revenues.length).toBe(before.length);
  });

  it("leave out a rolled-back write", async () => {
    await read();
    await db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `UPDATE account_metrics SET reporting_revenue = reporting_revenue + 5000 WHERE account_id = $1::uuid`,
          fx.accounts.rep2[1],
        );
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await expectCurrent(await read(), "changes");
  });

  it("are read in full again after a statement that wrote more than 100 rows, and after the daily fold", async () => {
    await read();
    // Six rows in one statement: their values travel with the change row.
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = ANY($1::uuid[])`, [
      [...fx.accounts.rep1, ...fx.accounts.rep2],
    ]);
    await expectCurrent(await read(), "changes");
    // 101 rows in one statement (the bulk passes' size): the change row leaves the values out.
    await db.runner.query(
      `INSERT INTO accounts (id, name, owner_id, segment, currency, acquired_at, updated_at)
       SELECT gen_random_uuid(), 'Bulk ' || g, $1::uuid, 'SMB', 'EUR', current_date, now() FROM generate_series(1, 101) g`,
      [fx.rep1.id],
    );
    await db.runner.query(
      `INSERT INTO account_metrics (account_id, owner_id, segment, orders, revenue, reporting_revenue, formula_ltv, reporting_formula_ltv)
       SELECT id, owner_id, segment, 1, 12.30, 12.30, 45.60, 45.60 FROM accounts WHERE name LIKE 'Bulk %'`,
    );
    await expectCurrent(await read(), "all");
    await logPaperOrder(fx, fx.rep1, fx.accounts.rep1[1]!, "overview-values-5");
    await expectCurrent(await read(), "changes");
    await foldPortfolioRollups(db);
    await expectCurrent(await read(), "all");
  });

  it("miss a write made with the triggers off until the next full read (the daily fold heals it)", async () => {
    await read();
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(
        `UPDATE account_metrics SET reporting_revenue = reporting_revenue + 100000 WHERE account_id = $1::uuid`,
        fx.accounts.rep1[2],
      );
    });
    // A change row with no value of that account: the held values still have the old revenue.
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts.rep2[0]]);
    const stale = await read();
    expect(stale.read).toBe("changes");
    expect([...stale.revenues]).not.toEqual((await fromRows()).revenues);
    // The write after it takes away the value the rows hold, which is not held: read in full.
    await logPaperOrder(fx, fx.rep1, fx.accounts.rep1[2]!, "overview-values-6");
    await expectCurrent(await read(), "all");
  });

  // A server only: PGlite's one connection cannot read while another transaction is open (npm test
  // runs the embedded suite with DATABASE_URL set to "").
  it.skipIf(!process.env.DATABASE_URL)(
    "apply a write that was in flight when the held values were read, once it commits (PostgreSQL: concurrent transactions)",
    async () => {
      await read();
      const account = fx.accounts.rep2[2]!;
      const during = await db.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `UPDATE account_metrics SET reporting_revenue = reporting_revenue + 777, orders = orders + 1 WHERE account_id = $1::uuid`,
          account,
        );
        // Another connection reads while this one has not committed: it does not see the write.
        const values = await read();
        expect([...values.revenues]).toEqual((await fromRows()).revenues);
        return values;
      });
      expect(during.read).toBe("changes");
      // Committed after the held snapshot was taken: the next read applies it.
      await expectCurrent(await read(), "changes");
      const [row] = await db.runner.query<Record<string, unknown>>(
        `SELECT reporting_revenue::text AS revenue FROM account_metrics WHERE account_id = $1::uuid`,
        [account],
      );
      expect([...(await read()).revenues]).toContain(Math.max(0, Number(row!.revenue)));
      expect([...during.revenues]).not.toContain(Math.max(0, Number(row!.revenue)));
    },
  );
});
