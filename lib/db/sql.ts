// The raw-SQL seam: one signature for "run this parameterised statement", served by a
// Prisma transaction (live writes) or the raw driver (bulk work, jobs), so SQL-heavy
// code works in both without knowing which.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "./client";

/** Runs one parameterised statement and returns its rows. */
export type Query = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export function transactionQuery(tx: Prisma.TransactionClient): Query {
  return (sql, params) => tx.$queryRawUnsafe(sql, ...params) as Promise<Array<Record<string, unknown>>>;
}

export function runnerQuery(db: Database): Query {
  return (sql, params) => db.runner.query(sql, params);
}
