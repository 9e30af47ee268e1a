// The raw-SQL seam: one signature for "run this parameterised statement", served by a
// Prisma transaction (live writes) or the raw driver (bulk work, jobs), so SQL-heavy
// code works in both without knowing which.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "./client";
import type { QueryOptions } from "./migrate";

/** Runs one parameterised statement and returns its rows (`prepare`: SqlRunner.query). */
export type Query = (sql: string, params: unknown[], opts?: QueryOptions) => Promise<Array<Record<string, unknown>>>;

export function transactionQuery(tx: Prisma.TransactionClient): Query {
  return (sql, params) => tx.$queryRawUnsafe(sql, ...params) as Promise<Array<Record<string, unknown>>>;
}

export function runnerQuery(db: Database): Query {
  return (sql, params, opts) => db.runner.query(sql, params, opts);
}

/** `unnest($1::t1[], $2::t2[], …) AS u(c1, c2, …)` with the columns' arrays appended to params. */
export function unnest(params: unknown[], columns: Array<[name: string, type: string, values: unknown[]]>): string {
  const slots = columns.map(([, type, values]) => {
    params.push(values);
    return `$${params.length}::${type}[]`;
  });
  return `unnest(${slots.join(", ")}) AS u(${columns.map(([name]) => name).join(", ")})`;
}
