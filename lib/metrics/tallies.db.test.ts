// metrics_tallies (decision 0019): the ranking's totals and the dashboard's sums per cell, kept by
// a trigger on account_metrics. After every kind of write the cells must equal the same figures
// counted over the rows (tallies-in-step.ts, its own SQL), and the ranking's total read from them
// must equal a count of the rows.
import { beforeAll, describe, expect, it } from "vitest";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, createForeignAccount, type SalesFixture, logPaperOrder } from "@/lib/testing/fixtures";
import { runnerQuery, transactionQuery } from "@/lib/db/sql";
import { parseWith } from "@/lib/http/route";
import { updateAccount } from "@/lib/accounts/change-account";
import { updateAccountInput } from "@/lib/accounts/schema";
import { reassignAccounts, reassignAccountsInput } from "@/lib/accounts/reassign-accounts";
import { rankAccounts } from "@/lib/rankings/rank-accounts";
import { rankingsQuery, type RankingsQueryInput } from "@/lib/rankings/schema";
import { recomputeAllMetrics } from "./recompute";
import { foldPortfolioRollups } from "./revenue-months";
import { compactMetricsTallies, rebuildMetricsTallies, vacuumTalliesWhenDue } from "./tallies";
import { talliesOutOfStep } from "./testing/tallies-in-step";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened), { accountsPerRep: 5 });

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  // An account in pounds without a rate: counted apart, by its currency.
  await createForeignAccount(db.prisma, fx.rep2.id);
  await recomputeAllMetrics(db, { refit: false });
});

const query = () => runnerQuery(db);
const inStep = async () => expect(await talliesOutOfStep(query())).toEqual([]);
const logRows = async () => Number((await query()(`SELECT count(*)::int AS n FROM metrics_tallies`, []))[0]!.n);
const total = async (input: RankingsQueryInput) => (await rankAccounts(fx.manager, rankingsQuery.parse(input))).total!;
const rowsOf = async (where: string, params: unknown[] = []) =>
  Number((await query()(`SELECT count(*)::int AS n FROM account_metrics m WHERE ${where}`, params))[0]!.n);

describe("metrics_tallies", () => {
  it("after the first metrics pass, hold every account once, in its cell", async () => {
    await inStep();
    const [sum] = await query()(`SELECT sum(accounts)::int AS n FROM metrics_tallies`, []);
    expect(sum!.n).toBe(11);
  });

  it("follow an order, an edit, a reassignment and a deletion", async () => {
    await logPaperOrder(fx, fx.rep1, fx.accounts.rep1[0]!, "tallies-order");
    await inStep();

    const account = await db.prisma.account.findUniqueOrThrow({ where: { id: fx.accounts.rep1[1]! } });
    const enterprise = await total({ measure: "palive", segment: "Enterprise" });
    const newSegment = account.segment === "Enterprise" ? "SMB" : "Enterprise";
    await updateAccount(fx.manager, account.id, updateAccountInput.parse({ segment: newSegment, version: account.version }));
    await inStep();
    expect(await total({ measure: "palive", segment: "Enterprise" })).toBe(enterprise + (newSegment === "Enterprise" ? 1 : -1));

    const [rep1Before, rep2Before] = [
      await total({ measure: "palive", ownerId: fx.rep1.id }),
      await total({ measure: "palive", ownerId: fx.rep2.id }),
    ];
    await reassignAccounts(fx.manager, parseWith(reassignAccountsInput, { accountIds: [fx.accounts.rep1[2]], toOwnerId: fx.rep2.id }));
    await inStep();
    expect(await total({ measure: "palive", ownerId: fx.rep1.id })).toBe(rep1Before - 1);
    expect(await total({ measure: "palive", ownerId: fx.rep2.id })).toBe(rep2Before + 1);

    // The metrics row goes with its account (a cascade): its cell loses it.
    const all = await total({ measure: "palive" });
    await db.prisma.account.delete({ where: { id: fx.accounts.rep2[4]! } });
    await inStep();
    expect(await total({ measure: "palive" })).toBe(all - 1);
  });

  it("the ranking's totals, summaries and missing-rate counts from the cells equal counts of the rows", async () => {
    const owners = [undefined, fx.rep1.id, fx.rep2.id];
    for (const measure of ["historical", "palive"] as const) {
      for (const ownerId of owners) {
        for (const segment of [undefined, "SMB"]) {
          for (const flag of [undefined, "churn_risk", "upsell"] as const) {
            const page = await rankAccounts(fx.manager, rankingsQuery.parse({ measure, ownerId, segment, flag, summary: "1" }));
            const where = ["true"];
            const params: unknown[] = [];
            if (ownerId) where.push(`m.owner_id = $${params.push(ownerId)}::uuid`);
            if (segment) where.push(`m.segment = $${params.push(segment)}`);
            if (flag) where.push(`m.flags @> $${params.push(JSON.stringify([{ type: flag }]))}::jsonb`);
            const ranked = measure === "palive" ? where : [...where, "m.reporting_historical_ltv IS NOT NULL"];
            const label = JSON.stringify({ measure, ownerId, segment, flag });
            expect(page.total, label).toBe(await rowsOf(ranked.join(" AND "), params));
            if (page.summary) {
              const [sums] = await query()(
                `SELECT coalesce(sum(m.reporting_revenue), 0)::text AS revenue, count(*) FILTER (WHERE m.churn_risk)::int AS risk
                   FROM account_metrics m WHERE ${ranked.join(" AND ")}`,
                params,
              );
              expect(Math.round(page.summary.revenue * 100), label).toBe(Math.round(Number(sums!.revenue) * 100));
              expect(page.summary.churnRiskAccounts, label).toBe(sums!.risk);
            }
            if (measure === "historical") {
              const missing = await rowsOf([...where, "m.reporting_historical_ltv IS NULL"].join(" AND "), params);
              expect(page.missing?.accounts ?? 0, label).toBe(missing);
            }
          }
        }
      }
    }
    // The pound account is counted apart, under its currency.
    const page = await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "historical", ownerId: fx.rep2.id }));
    expect(page.missing?.currencies.map((c) => [c.currency, c.accounts])).toEqual([["GBP", 1]]);
  });

  it("a rolled-back write leaves no tally; a write with triggers off is healed by the daily fold", async () => {
    const rows = await logRows();
    await db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          `UPDATE account_metrics SET churn_risk = NOT churn_risk WHERE account_id = $1::uuid`,
          fx.accounts.rep1[3],
        );
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await logRows()).toBe(rows);
    await inStep();

    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(`UPDATE account_metrics SET churn_risk = NOT churn_risk WHERE account_id = $1::uuid`, fx.accounts.rep1[3]);
    });
    expect(await talliesOutOfStep(query())).toHaveLength(1);
    await foldPortfolioRollups(db);
    await inStep();
  });

  it("a writer compacts the log as its ids pass a multiple of 1 000: one row per cell again", async () => {
    await compactMetricsTallies(query());
    const cells = await logRows();
    // 1 100 writes that each change one cell's churn-risk count: 1 100 log rows without compaction.
    for (let i = 0; i < 1_100; i++) {
      await query()(`UPDATE account_metrics SET churn_risk = NOT churn_risk WHERE account_id = $1::uuid`, [fx.accounts.rep1[3]]);
    }
    expect(await logRows()).toBeLessThanOrEqual(cells + 1_000);
    await inStep();
  });
});

describe("metrics_tallies' base rows", () => {
  it("compaction adds into one base row per cell; a rebuild gives the same sums", async () => {
    await query()(`UPDATE account_metrics SET churn_risk = NOT churn_risk WHERE account_id = $1::uuid`, [fx.accounts.rep1[3]]);
    await compactMetricsTallies(query());
    await compactMetricsTallies(query());
    const [counts] = await query()(
      `SELECT count(*) FILTER (WHERE NOT base)::int AS changes,
              count(*) FILTER (WHERE base)::int AS base,
              count(DISTINCT (owner_id, segment, flag_mask, converted, gap_currency)) FILTER (WHERE base)::int AS cells
         FROM metrics_tallies`,
      [],
    );
    expect(counts).toMatchObject({ changes: 0 });
    expect(counts!.base).toBe(counts!.cells);
    await inStep();
    await db.prisma.$transaction(async (tx) => rebuildMetricsTallies(transactionQuery(tx)));
    await inStep();
  });
});

describe("the tallies' log is vacuumed by its writers", () => {
  // Autovacuum's workers can be busy with the big tables all day; the log must not wait for them.
  it.skipIf(process.env.DATABASE_URL === undefined)(
    "once every 10 000 accounts written (on a server: vacuum counts are in its statistics)",
    async () => {
      const vacuums = async () => {
        const [row] = await query()(
          `SELECT vacuum_count::int AS n FROM (SELECT pg_stat_clear_snapshot()) s, pg_stat_user_tables WHERE relname = 'metrics_tallies'`,
          [],
        );
        return Number(row!.n);
      };
      await vacuumTalliesWhenDue(query(), 10_000); // whatever was counted before: vacuumed, the count starts again
      const start = await vacuums();
      await vacuumTalliesWhenDue(query(), 9_999);
      expect(await vacuums()).toBe(start);
      await vacuumTalliesWhenDue(query(), 1);
      expect(await vacuums()).toBe(start + 1);
    },
  );
});
