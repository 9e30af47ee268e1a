// account_flags and account_flag_events, read and written with plain SQL so the same code
// runs inside a Prisma transaction (live path) and on the raw driver (bulk writers).
// This module owns both tables; everyone else calls the functions here.
import { randomUUID } from "node:crypto";
import { centsFromDecimalString, moneyString } from "@/lib/money";
import type { FlagType } from "@/lib/flags/types";
import type { DismissReason, FlagEvent, FlagRecord, FlagState, FlagSyncPlan } from "./machine";
import { dayInZone, startOfDayInZone } from "@/lib/days";
import { appTimeZone } from "@/lib/app-day";
import type { QueryOptions } from "@/lib/db/migrate";

/** Runs one parameterised statement and returns its rows (the same shape as lib/db/sql's Query; `prepare`: SqlRunner.query). */
export type Query = (sql: string, params: unknown[], opts?: QueryOptions) => Promise<Array<Record<string, unknown>>>;

const date = (value: unknown): Date | null => (value === null || value === undefined ? null : new Date(value as string));
const money = (value: unknown): number | null =>
  value === null || value === undefined ? null : centsFromDecimalString(String(value)) / 100;
/** A snooze is stored as the day it ends; the record carries the instant that day begins in APP_TIME_ZONE. */
const snoozeEnd = (value: unknown): Date | null =>
  value === null || value === undefined ? null : startOfDayInZone(String(value).slice(0, 10), appTimeZone());
const snoozeDay = (value: Date | null): string | null => (value === null ? null : dayInZone(value, appTimeZone()));

export const FLAG_COLUMNS = `id::text AS id, account_id::text AS account_id, type, subject, state::text AS state, raised_at,
  raised_score, raised_value_at_stake::text AS raised_value_at_stake, score, value_at_stake::text AS value_at_stake,
  acted_at, snoozed_until::text AS snoozed_until, dismissed_at, dismiss_reason, dismiss_note,
  dismissed_value_at_stake::text AS dismissed_value_at_stake, resolved_at, closed_at`;

export function flagRecordOf(row: Record<string, unknown>): FlagRecord {
  return {
    id: String(row.id),
    accountId: String(row.account_id),
    type: String(row.type) as FlagType,
    subject: String(row.subject),
    state: String(row.state) as FlagState,
    raisedAt: date(row.raised_at)!,
    raisedScore: Number(row.raised_score),
    raisedValueAtStake: money(row.raised_value_at_stake)!,
    score: Number(row.score),
    valueAtStake: money(row.value_at_stake)!,
    actedAt: date(row.acted_at),
    snoozedUntil: snoozeEnd(row.snoozed_until),
    dismissedAt: date(row.dismissed_at),
    dismissReason: (row.dismiss_reason ?? null) as DismissReason | null,
    dismissNote: (row.dismiss_note ?? null) as string | null,
    dismissedValueAtStake: money(row.dismissed_value_at_stake),
    resolvedAt: date(row.resolved_at),
    closedAt: date(row.closed_at),
  };
}

/** The account's current flag records (one per condition). */
export async function loadCurrentFlags(query: Query, accountIds: readonly string[]): Promise<FlagRecord[]> {
  if (accountIds.length === 0) return [];
  const rows = await query(
    `SELECT ${FLAG_COLUMNS} FROM account_flags WHERE account_id = ANY($1::uuid[]) AND closed_at IS NULL ORDER BY raised_at, id`,
    [[...accountIds]],
  );
  return rows.map(flagRecordOf);
}

export async function loadFlag(query: Query, flagId: string, opts: { lock?: boolean } = {}): Promise<FlagRecord | null> {
  const rows = await query(`SELECT ${FLAG_COLUMNS} FROM account_flags WHERE id = $1::uuid${opts.lock ? " FOR UPDATE" : ""}`, [flagId]);
  return rows[0] ? flagRecordOf(rows[0]) : null;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** Inserts new records, many rows per statement (first reads of a book raise hundreds at once). */
async function insertFlags(query: Query, records: readonly FlagRecord[]): Promise<void> {
  const perStatement = 500;
  for (let start = 0; start < records.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = records.slice(start, start + perStatement).map((r) => {
      const b = params.length;
      params.push(
        r.id,
        r.accountId,
        r.type,
        r.subject,
        r.state,
        iso(r.raisedAt),
        r.raisedScore,
        moneyString(r.raisedValueAtStake),
        r.score,
        moneyString(r.valueAtStake),
      );
      return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}, $${b + 4}, $${b + 3} || '|' || $${b + 4}, $${b + 5}::flag_state, $${b + 6}::timestamptz, $${b + 7}::float8, $${b + 8}::numeric, $${b + 9}::float8, $${b + 10}::numeric, now())`;
    });
    await query(
      `INSERT INTO account_flags (id, account_id, type, subject, current_key, state, raised_at, raised_score, raised_value_at_stake,
                                  score, value_at_stake, updated_at)
       VALUES ${tuples.join(", ")}`,
      params,
    );
  }
}

/** Writes a record's mutable fields; a closed record gives up its current key. */
export async function updateFlag(query: Query, r: FlagRecord): Promise<void> {
  await updateFlags(query, [r]);
}

/**
 * Many records' mutable fields: one statement per 500 (the daily pass changes a score or a value
 * on most open records, and one statement each was most of its time: ~1.4 s per 1 000 accounts
 * at 100 000). Each row is found by its primary key (account_id, id).
 */
async function updateFlags(query: Query, records: readonly FlagRecord[]): Promise<void> {
  const perStatement = 500;
  for (let start = 0; start < records.length; start += perStatement) {
    const batch = records.slice(start, start + perStatement);
    await query(
      `UPDATE account_flags f
          SET state = u.state::flag_state, score = u.score, value_at_stake = u.value_at_stake, acted_at = u.acted_at,
              snoozed_until = u.snoozed_until, dismissed_at = u.dismissed_at, dismiss_reason = u.dismiss_reason,
              dismiss_note = u.dismiss_note, dismissed_value_at_stake = u.dismissed_value_at_stake,
              resolved_at = u.resolved_at, closed_at = u.closed_at,
              current_key = CASE WHEN u.closed_at IS NULL THEN f.type || '|' || f.subject END,
              version = f.version + 1, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[], $5::numeric[], $6::timestamptz[], $7::date[],
                     $8::timestamptz[], $9::text[], $10::text[], $11::numeric[], $12::timestamptz[], $13::timestamptz[])
              AS u(id, account_id, state, score, value_at_stake, acted_at, snoozed_until, dismissed_at, dismiss_reason,
                   dismiss_note, dismissed_value_at_stake, resolved_at, closed_at)
        WHERE f.account_id = u.account_id AND f.id = u.id`,
      [
        batch.map((r) => r.id),
        batch.map((r) => r.accountId),
        batch.map((r) => r.state),
        batch.map((r) => r.score),
        batch.map((r) => moneyString(r.valueAtStake)),
        batch.map((r) => iso(r.actedAt)),
        batch.map((r) => snoozeDay(r.snoozedUntil)),
        batch.map((r) => iso(r.dismissedAt)),
        batch.map((r) => r.dismissReason),
        batch.map((r) => r.dismissNote),
        batch.map((r) => (r.dismissedValueAtStake === null ? null : moneyString(r.dismissedValueAtStake))),
        batch.map((r) => iso(r.resolvedAt)),
        batch.map((r) => iso(r.closedAt)),
      ],
    );
  }
}

export async function insertFlagEvents(query: Query, events: readonly FlagEvent[]): Promise<void> {
  const perStatement = 500;
  for (let start = 0; start < events.length; start += perStatement) {
    const params: unknown[] = [];
    const tuples = events.slice(start, start + perStatement).map((e) => {
      const b = params.length;
      params.push(randomUUID(), e.flagId, e.accountId, e.fromState, e.toState, e.actorId, iso(e.at), e.cause);
      return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}::uuid, $${b + 4}::flag_state, $${b + 5}::flag_state, $${b + 6}::uuid, $${b + 7}::timestamptz, $${b + 8})`;
    });
    await query(
      `INSERT INTO account_flag_events (id, flag_id, account_id, from_state, to_state, actor_id, at, cause) VALUES ${tuples.join(", ")}`,
      params,
    );
  }
}

/** Applies plans: closing updates first, so a re-raised condition can take the current key; inserts batched. */
export async function applyFlagPlan(query: Query, plan: FlagSyncPlan | readonly FlagSyncPlan[]): Promise<void> {
  const plans = Array.isArray(plan) ? (plan as readonly FlagSyncPlan[]) : [plan as FlagSyncPlan];
  await updateFlags(
    query,
    plans.flatMap((p) => p.updates),
  );
  await insertFlags(
    query,
    plans.flatMap((p) => p.inserts),
  );
  await insertFlagEvents(
    query,
    plans.flatMap((p) => p.events),
  );
}
