// The ranking's total ("N accounts ranked") and its summary are kept until account_metrics changes
// (lib/metrics/generation.ts). A manager must never see a total older than the last committed change.
import { beforeAll, describe, expect, it } from "vitest";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { createAccount, updateAccount } from "@/lib/accounts/change-account";
import { createAccountInput, updateAccountInput } from "@/lib/accounts/schema";
import { rankingsQuery, type RankingsQueryInput } from "./schema";
import { rankAccounts } from "./rank-accounts";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened), { accountsPerRep: 4 });

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  await recomputeAllMetrics(db, { refit: false });
});

const total = async (input: RankingsQueryInput) => (await rankAccounts(fx.manager, rankingsQuery.parse(input))).total;

describe("the ranking's kept total", () => {
  it("a new account is counted at once", async () => {
    const before = await total({ measure: "palive" });
    expect(before).toBe(await db.prisma.accountMetrics.count());
    await createAccount(fx.rep1, createAccountInput.parse({ name: "Kept Count GmbH", segment: "SMB" }));
    expect(await total({ measure: "palive" })).toBe(before! + 1);
  });

  it("answers from the kept total while nothing changed (a write with the change trigger off goes unseen)", async () => {
    // A band (min) is a filter on single rows: the count is of rows, kept (a filter of cells only
    // sums metrics_tallies: lib/metrics/tallies.db.test.ts).
    const kept = await total({ measure: "palive", segment: "SMB", min: "0" });
    const smb = await db.prisma.accountMetrics.findFirstOrThrow({ where: { segment: "SMB" }, select: { accountId: true } });
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(`UPDATE account_metrics SET segment = 'Enterprise' WHERE account_id = $1::uuid`, smb.accountId);
    });
    expect(await total({ measure: "palive", segment: "SMB", min: "0" })).toBe(kept);
    // Any committed write moves the key: the total is counted again and sees the row.
    await db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts.rep1[0]]);
    expect(await total({ measure: "palive", segment: "SMB", min: "0" })).toBe(kept! - 1);
  });

  it("a region filter counts every time: a region lives on accounts, whose changes do not move the key", async () => {
    expect(await total({ measure: "palive", region: "Far North" })).toBe(0);
    const account = await db.prisma.account.findUniqueOrThrow({ where: { id: fx.accounts.rep1[1]! } });
    await updateAccount(fx.manager, account.id, updateAccountInput.parse({ region: "Far North", version: account.version }));
    expect(await total({ measure: "palive", region: "Far North" })).toBe(1);
  });
});
