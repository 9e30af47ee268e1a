// Flags as the API and the account page show them: the computed flag (reason, action,
// details) joined with its record (id, state, dates) and the work hanging off it (an
// open follow-up, a deal).
import type { Flag } from "@/lib/flags/types";
import { effectiveState, flagKey, flagSubject, type FlagRecord, type FlagState } from "./machine";
import { FLAG_COLUMNS, flagRecordOf, type Query } from "./store";
import type { DealDraft } from "./deal-draft";
import { addDays, dayInZone } from "@/lib/days";
import { appTimeZone, appToday } from "@/lib/app-day";
import { FOLLOW_UP_DAYS_BY_FLAG } from "@/lib/follow-ups/schema";

export interface FlagView {
  id: string;
  accountId: string;
  type: string;
  subject: string;
  state: FlagState;
  raisedAt: string;
  actedAt: string | null;
  snoozedUntil: string | null;
  dismissReason: string | null;
  score: number;
  valueAtStake: number;
  followUpId: string | null;
  dealId: string | null;
  dealTitle: string | null;
}

/** A computed flag with its record; `id` is null only for a flag no sync has recorded yet. */
export type AccountFlag = Flag &
  Omit<FlagView, "type" | "accountId" | "score" | "valueAtStake" | "id" | "state" | "raisedAt"> & {
    id: string | null;
    state: FlagState;
    raisedAt: string | null;
    /** The due date a follow-up made from this flag gets (YYYY-MM-DD, days counted in APP_TIME_ZONE). */
    followUpDueOn: string;
    /** For upsell and cross-sell flags without a deal yet: the deal one tap would open. */
    dealDraft?: DealDraft | null;
  };

export interface Links {
  followUps: Map<string, string>;
  deals: Map<string, { id: string; title: string }>;
}

/**
 * The accounts' current flag records with their links, in one statement (the account page and the
 * Today list read these on every load). Each link is the one linksOf picks.
 */
export async function currentFlagsWithLinks(query: Query, accountIds: readonly string[]): Promise<{ records: FlagRecord[]; links: Links }> {
  const links: Links = { followUps: new Map(), deals: new Map() };
  if (accountIds.length === 0) return { records: [], links };
  const rows = await query(
    `SELECT ${FLAG_COLUMNS}, fu.follow_up_id, d.deal_id, d.deal_title
       FROM account_flags
       LEFT JOIN LATERAL (SELECT u.id::text AS follow_up_id FROM follow_ups u
                           WHERE u.flag_id = account_flags.id AND u.status = 'open' ORDER BY u.due_on, u.id LIMIT 1) fu ON true
       LEFT JOIN LATERAL (SELECT d.id::text AS deal_id, d.title AS deal_title FROM deals d
                           WHERE d.flag_id = account_flags.id ORDER BY d.created_at DESC, d.id LIMIT 1) d ON true
      WHERE account_id = ANY($1::uuid[]) AND closed_at IS NULL
      ORDER BY raised_at, id`,
    [[...accountIds]],
    { prepare: "current-flags-with-links" },
  );
  const records = rows.map((row) => {
    const record = flagRecordOf(row);
    if (row.follow_up_id != null) links.followUps.set(record.id, String(row.follow_up_id));
    if (row.deal_id != null) links.deals.set(record.id, { id: String(row.deal_id), title: String(row.deal_title) });
    return record;
  });
  return { records, links };
}

export async function linksOf(query: Query, flagIds: readonly string[]): Promise<Links> {
  const links: Links = { followUps: new Map(), deals: new Map() };
  if (flagIds.length === 0) return links;
  const [followUps, deals] = await Promise.all([
    query(
      `SELECT DISTINCT ON (flag_id) flag_id::text AS flag_id, id::text AS id FROM follow_ups
        WHERE flag_id = ANY($1::uuid[]) AND status = 'open' ORDER BY flag_id, due_on, id`,
      [[...flagIds]],
    ),
    query(
      `SELECT DISTINCT ON (flag_id) flag_id::text AS flag_id, id::text AS id, title FROM deals
        WHERE flag_id = ANY($1::uuid[]) ORDER BY flag_id, created_at DESC, id`,
      [[...flagIds]],
    ),
  ]);
  for (const row of followUps) links.followUps.set(String(row.flag_id), String(row.id));
  for (const row of deals) links.deals.set(String(row.flag_id), { id: String(row.id), title: String(row.title) });
  return links;
}

function viewOf(record: FlagRecord, links: Links, now: Date): FlagView {
  const deal = links.deals.get(record.id) ?? null;
  return {
    id: record.id,
    accountId: record.accountId,
    type: record.type,
    subject: record.subject,
    state: effectiveState(record, now),
    raisedAt: record.raisedAt.toISOString(),
    actedAt: record.actedAt?.toISOString() ?? null,
    snoozedUntil: effectiveState(record, now) === "snoozed" ? dayInZone(record.snoozedUntil!, appTimeZone()) : null,
    dismissReason: record.dismissReason,
    score: record.score,
    valueAtStake: record.valueAtStake,
    followUpId: links.followUps.get(record.id) ?? null,
    dealId: deal?.id ?? null,
    dealTitle: deal?.title ?? null,
  };
}

export async function flagView(query: Query, record: FlagRecord, now: Date): Promise<FlagView> {
  return viewOf(record, await linksOf(query, [record.id]), now);
}

/** Each computed flag with its record's state and links, in the computed order. */
export async function accountFlagsWithState(
  query: Query,
  computed: readonly Flag[],
  records: readonly FlagRecord[],
  now: Date,
  /** Links already loaded for these records (a caller reading many accounts loads them once). */
  loaded?: Links,
): Promise<AccountFlag[]> {
  const byKey = new Map(records.map((record) => [flagKey(record.type, record.subject), record]));
  const links =
    loaded ??
    (await linksOf(
      query,
      records.map((record) => record.id),
    ));
  const today = appToday(now);
  return computed.map((flag) => {
    const followUpDueOn = addDays(today, FOLLOW_UP_DAYS_BY_FLAG[flag.type] ?? 7);
    const record = byKey.get(flagKey(flag.type, flagSubject(flag)));
    if (!record) {
      return {
        ...flag,
        id: null,
        subject: flagSubject(flag),
        state: "open",
        raisedAt: null,
        actedAt: null,
        snoozedUntil: null,
        dismissReason: null,
        followUpId: null,
        dealId: null,
        dealTitle: null,
        followUpDueOn,
      };
    }
    const { id, subject, state, raisedAt, actedAt, snoozedUntil, dismissReason, followUpId, dealId, dealTitle } = viewOf(
      record,
      links,
      now,
    );
    return { ...flag, id, subject, state, raisedAt, actedAt, snoozedUntil, dismissReason, followUpId, dealId, dealTitle, followUpDueOn };
  });
}
