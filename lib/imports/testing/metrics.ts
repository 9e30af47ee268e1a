// Test helper: the stored metrics of these accounts equal what a full recomputation gives now.
import { expect } from "vitest";
import type { Database } from "@/lib/db/client";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";

const MEASURES = [
  "revenue",
  "grossProfit",
  "orders",
  "averageOrderValue",
  "historicalLtv",
  "revenueLtv",
  "formulaLtv",
  "predictedClv",
  "pAlive",
  "expectedPurchases",
  "purchasesPerYear",
  "lifespanYears",
  "attentionScore",
  "churnRisk",
] as const;

export async function expectFullyRecomputed(db: Database, accountIds: string[]): Promise<void> {
  expect(accountIds.length).toBeGreaterThan(0);
  const stored = await db.prisma.accountMetrics.findMany({ where: { accountId: { in: accountIds } } });
  expect(stored).toHaveLength(accountIds.length);
  for (const row of stored) {
    // Recompute in a transaction that is rolled back, so the stored row stays as the import left it.
    const fresh = await db.prisma
      .$transaction(async (tx) => {
        await recomputeAccountMetrics(tx, row.accountId);
        const again = await tx.accountMetrics.findUniqueOrThrow({ where: { accountId: row.accountId } });
        throw Object.assign(new Error("rollback"), { again });
      })
      .catch((error: { again?: typeof row }) => error.again!);
    for (const measure of MEASURES) {
      const [a, b] = [Number(row[measure]), Number(fresh[measure])];
      // Time-based measures move a little between the import and now; money to the cent.
      expect(Math.abs(a - b), `${measure} of ${row.accountId}: stored ${a}, recomputed ${b}`).toBeLessThanOrEqual(
        Math.max(0.01, Math.abs(b) * 1e-4),
      );
    }
    expect(row.flags, `flags of ${row.accountId}`).toEqual(fresh.flags);
    expect(row.lastPurchaseAt?.getTime()).toBe(fresh.lastPurchaseAt?.getTime());
    expect(row.firstPurchaseAt?.getTime()).toBe(fresh.firstPurchaseAt?.getTime());
  }
}
