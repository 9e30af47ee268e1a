import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { createForeignAccount, type SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Flag } from "@/lib/flags/types";
import { txQuery } from "./flag-actions";
import { syncFlagsOfBatch } from "./sync";
import { catchUpFlagRecords } from "./sync-job";
import { flagRecordsOutOfStep } from "./testing/in-step";
import { runnerQuery } from "@/lib/db/sql";
import { whenJobsIdle } from "@/lib/jobs/queue";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const churn = (valueAtStake: number): Flag => ({ type: "churn_risk", score: 0.6, reason: "r", action: "a", valueAtStake, details: {} });

describe("syncing a bulk writer's batch", () => {
  it("raises records for the batch, and leaves out an account whose metrics a live write stored after the pass began", async () => {
    const [a, b] = fx.accounts.rep1 as [string, string];
    const passStarted = new Date("2026-05-01T00:00:00Z");
    await db.prisma.accountMetrics.update({ where: { accountId: a }, data: { computedAt: new Date("2026-04-30T00:00:00Z") } });
    // b was written live after the pass read it: the pass's (older) flags must not touch its records.
    await db.prisma.accountMetrics.update({ where: { accountId: b }, data: { computedAt: new Date("2026-05-01T00:00:05Z") } });
    const synced = await db.prisma.$transaction((tx) =>
      syncFlagsOfBatch(
        txQuery(tx),
        [
          { accountId: a, flags: [churn(100)] },
          { accountId: b, flags: [churn(200)] },
        ],
        passStarted,
      ),
    );
    expect(synced).toBe(1);
    expect(
      (await db.prisma.accountFlag.findMany({ where: { accountId: a } })).map((r) => [r.type, r.state, r.raisedAt.toISOString()]),
    ).toEqual([["churn_risk", "open", "2026-05-01T00:00:00.000Z"]]);
    expect(await db.prisma.accountFlag.count({ where: { accountId: b } })).toBe(0);
    // The next pass with the same flags writes nothing; without them, the record resolves.
    expect(await db.prisma.$transaction((tx) => syncFlagsOfBatch(txQuery(tx), [{ accountId: a, flags: [churn(100)] }], passStarted))).toBe(
      0,
    );
    await db.prisma.$transaction((tx) => syncFlagsOfBatch(txQuery(tx), [{ accountId: a, flags: [] }], new Date("2026-05-02T00:00:00Z")));
    expect((await db.prisma.accountFlag.findFirstOrThrow({ where: { accountId: a } })).state).toBe("resolved");
  });
});

describe("the flag records catch-up at start", () => {
  it("finds flags stored without records and has the sync job record them; then finds nothing", async () => {
    const [, b] = fx.accounts.rep1 as [string, string];
    const c = fx.accounts.rep2[0]!;
    const refill: Flag = {
      type: "replenishment",
      score: 0.4,
      reason: "r",
      action: "a",
      valueAtStake: 90,
      details: { productId: fx.products.paper },
    };
    // Written around the writers, as data from before every writer synced would be.
    await db.prisma.accountMetrics.update({ where: { accountId: b }, data: { flags: [churn(300), refill] as never } });
    await db.prisma.accountMetrics.update({ where: { accountId: c }, data: { flags: [refill] as never } });
    expect((await flagRecordsOutOfStep(runnerQuery(db))).map((o) => o.accountId).sort()).toEqual([b, c].sort());
    expect(await catchUpFlagRecords(db)).toBe(true);
    await whenJobsIdle();
    expect(await flagRecordsOutOfStep(runnerQuery(db))).toEqual([]);
    expect(
      (await db.prisma.accountFlag.findMany({ where: { accountId: b, closedAt: null }, orderBy: { type: "asc" } })).map((r) => [
        r.type,
        r.state,
      ]),
    ).toEqual([
      ["churn_risk", "open"],
      ["replenishment", "open"],
    ]);
    expect(await catchUpFlagRecords(db)).toBe(false);
  });
});

describe("a bulk pass that changes many records at once (one statement per 500 updates)", () => {
  // Last in the file: its records do not match the stored metrics' flags (the catch-up test reads those).
  it("writes each record its own new value, resolves the one whose condition cleared, and leaves the rest untouched", async () => {
    // Accounts of its own: the other tests leave records on the fixture's.
    const accounts: string[] = [];
    for (const owner of [fx.rep1, fx.rep1, fx.rep2, fx.rep2]) accounts.push(await createForeignAccount(db.prisma, owner.id, "EUR"));
    const day = (n: number) => new Date(Date.UTC(2026, 5, n));
    const pass = (flagsOf: (i: number) => Flag[], at: Date) =>
      db.prisma.$transaction((tx) =>
        syncFlagsOfBatch(
          txQuery(tx),
          accounts.map((accountId, i) => ({ accountId, flags: flagsOf(i) })),
          at,
        ),
      );
    // Stored metrics older than the passes, so no account is left out as written live.
    await db.prisma.accountMetrics.updateMany({ where: { accountId: { in: accounts } }, data: { computedAt: day(1) } });
    expect(await pass((i) => [churn(100 * (i + 1))], day(2))).toBe(accounts.length);
    // The next day: every value moves, the first account's risk has cleared, the last one's is unchanged.
    const last = accounts.length - 1;
    await pass((i) => (i === 0 ? [] : i === last ? [churn(100 * (i + 1))] : [{ ...churn(7000 + i), score: 0.9 }]), day(3));
    const records = await db.prisma.accountFlag.findMany({ where: { accountId: { in: accounts } } });
    const byAccount = new Map(records.map((record) => [record.accountId, record]));
    expect(records).toHaveLength(accounts.length);
    expect(byAccount.get(accounts[0]!)).toMatchObject({ state: "resolved", currentKey: null });
    expect(byAccount.get(accounts[0]!)!.closedAt).not.toBeNull();
    for (let i = 1; i < last; i++) {
      expect(byAccount.get(accounts[i]!)).toMatchObject({ state: "open", score: 0.9, version: 2, currentKey: "churn_risk|account" });
      expect(byAccount.get(accounts[i]!)!.valueAtStake.toNumber()).toBe(7000 + i);
      expect(byAccount.get(accounts[i]!)!.raisedValueAtStake.toNumber()).toBe(100 * (i + 1));
    }
    expect(byAccount.get(accounts[last]!)).toMatchObject({ state: "open", score: 0.6, version: 1 });
  });
});
