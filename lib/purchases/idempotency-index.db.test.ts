// Every new order and visit asks whether its idempotency key was used before, on any account.
// Since the unique keys gained account_id (Citus, decision 0013) no index led with the user, so
// that question read every purchase: 1.4 s per order at 1 000 000 accounts (docs/performance.md).
// With sequential scans off the planner shows which index can answer it.
import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { REPLAY_PROBE_SQL } from "./create-purchase";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

async function plan(sql: string, params: unknown[]): Promise<string> {
  const prisma = db.prisma;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    const rows = await tx.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN ${sql}`, ...params);
    return rows.map((row) => Object.values(row)[0]).join("\n");
  });
}

describe("the idempotency probes", () => {
  it("find an order's key by user through (logged_by_id, idempotency_key)", async () => {
    expect(await plan(REPLAY_PROBE_SQL, [fx.rep1.id, "some-key"])).toContain("purchases_logged_by_id_idempotency_key_idx");
  });

  it("find a visit's key by rep through (rep_id, idempotency_key)", async () => {
    const sql = `SELECT id FROM visits WHERE rep_id = $1::uuid AND idempotency_key = $2 LIMIT 1`;
    expect(await plan(sql, [fx.rep1.id, "some-key"])).toContain("visits_rep_id_idempotency_key_idx");
  });
});
