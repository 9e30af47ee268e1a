// A flag-filtered ranking filters on account_metrics.flag_mask, which a trigger keeps from `flags`
// on every write (so the page's count reads one index instead of every row's JSON). Checked: the
// mask of hand-picked flag sets, a write that changes the flags, the cost job's shadow table (it
// copies the trigger), and the ranking against a JSON containment count of the same rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { createShadowTable, dropShadowTable, SHADOW_TABLE } from "@/lib/metrics/shadow-table";
import { RANKING_FLAGS } from "./measures";
import { rankingsQuery } from "./schema";
import { rankAccounts } from "./rank-accounts";

let db: Database;
let fx: SalesFixture;
let ids: string[];
const flag = (type: string) => ({ type, score: 0.5, reason: "r", action: "a", valueAtStake: 1 });

// Flag sets and their masks by hand: churn_risk 1, upsell 2, cross_sell 4, replenishment 8.
const SETS: Array<[string[], number]> = [
  [[], 0],
  [["churn_risk"], 1],
  [["upsell", "cross_sell"], 6],
  [["churn_risk", "cross_sell"], 5],
  [["replenishment"], 8],
  [["churn_risk", "upsell", "cross_sell", "replenishment"], 15],
  [["upsell"], 2],
  [["cross_sell", "replenishment"], 12],
];

async function masks(): Promise<number[]> {
  const rows = await db.prisma.accountMetrics.findMany({ where: { accountId: { in: ids } }, select: { accountId: true, flagMask: true } });
  return ids.map((id) => rows.find((row) => row.accountId === id)!.flagMask);
}

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 4 });
  await recomputeAllMetrics(db, { refit: false });
  ids = [...fx.accounts.rep1, ...fx.accounts.rep2];
  for (const [i, [types]] of SETS.entries()) {
    await db.prisma.accountMetrics.update({ where: { accountId: ids[i]! }, data: { flags: types.map(flag) } });
  }
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

describe("account_metrics.flag_mask", () => {
  it("is the flags' bits after any write of flags", async () => {
    expect(await masks()).toEqual(SETS.map(([, mask]) => mask));
    // A later write that drops and adds flags.
    await db.prisma.accountMetrics.update({ where: { accountId: ids[5]! }, data: { flags: [flag("upsell")] } });
    expect((await masks())[5]).toBe(2);
    await db.prisma.accountMetrics.update({ where: { accountId: ids[5]! }, data: { flags: SETS[5]![0].map(flag) } });
  });

  it("is kept on the cost job's shadow table too", async () => {
    const query = runnerQuery(db);
    await createShadowTable(query);
    try {
      await query(`INSERT INTO ${SHADOW_TABLE} SELECT * FROM account_metrics WHERE account_id = $1::uuid`, [ids[2]]);
      await query(`UPDATE ${SHADOW_TABLE} SET flags = $1::jsonb`, [JSON.stringify([flag("replenishment")])]);
      const [row] = await query(`SELECT flag_mask FROM ${SHADOW_TABLE}`, []);
      expect(Number(row!.flag_mask)).toBe(8);
    } finally {
      await dropShadowTable(query);
    }
  });

  it("filters the ranking to exactly the accounts whose flags hold that type, counted in full", async () => {
    for (const type of RANKING_FLAGS) {
      const expected = SETS.flatMap(([types], i) => (types.includes(type) ? [ids[i]!] : [])).sort();
      const page = await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "palive", flag: type }));
      expect(page.items.map((item) => item.accountId).sort(), type).toEqual(expected);
      expect(page.total, type).toBe(expected.length);
      const [row] = await runnerQuery(db)(`SELECT count(*)::int AS n FROM account_metrics WHERE flags @> $1::jsonb`, [
        JSON.stringify([{ type }]),
      ]);
      expect(page.total, type).toBe(Number(row!.n));
    }
  });
});
