import { z } from "zod";

/** A record id (UUID text). Lenient about the version bits: ids may come from imports. */
export const recordId = (what = "id") =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be ${what}`);

/** Versions are PostgreSQL integers: a larger number would fail in the database (a 500), not match. */
export const MAX_RECORD_VERSION = 2_147_483_647;

/** The optimistic-concurrency version the client read, in a JSON body. */
export const recordVersion = () =>
  z
    .number({ error: "must be the version you read" })
    .int("must be the version you read")
    .min(1)
    .max(MAX_RECORD_VERSION, "must be the version you read");

/** The same in a query string (`?version=3`). */
export const recordVersionQuery = () => z.coerce.number().int().min(1).max(MAX_RECORD_VERSION, "must be the version you read");

/**
 * Whether an ISO 8601 time falls in years PostgreSQL reads: year 0000 is valid ISO (1 BC) and a
 * valid JavaScript Date, but PostgreSQL's input refuses it, and a query with it failed as a 500
 * (found by e2e/fuzz.spec.ts). Years past 9999 are not written with four digits.
 */
export function inDatabaseYears(value: string): boolean {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** A stored time the client read (an updatedAt), sent back as an optimistic-concurrency token. */
export const recordTimestamp = (message: string) => z.iso.datetime({ offset: true, error: message }).refine(inDatabaseYears, message);
