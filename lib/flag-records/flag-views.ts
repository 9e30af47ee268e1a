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
 * The work linked to the flag `flagId` (an SQL expression): its earliest-due open follow-up and
 * its newest deal. The one statement of this rule for both readers below.
 */
const linkJoins = (flagId: string) => `
       LEFT JOIN LATERAL (SELECT u.id::text AS follow_up_id FROM follow_ups u
                           WHERE u.flag_id = ${flagId} AND u.status = 'open' ORDER BY u.due_on, u.id LIMIT 1) fu ON true
       LEFT JOIN LATERAL (SELECT d.id::text AS deal_id, d.title AS deal_title FROM deals d
                           WHERE d.flag_id = ${flagId} ORDER BY d.created_at DESC, d.id LIMIT 1) d ON true`;

function addLinks(links: Links, flagId: string, row: Record<string, unknown>): void {
  if (row.follow_up_id != null) links.followUps.set(flagId, String(row.follow_up_id));
  if (row.deal_id != null) links.deals.set(flagId, { id: String(row.deal_id), title: String(row.deal_title) });
}

/**
 * The accounts' current flag records with their links, in one statement (the account page and the
 * Today list read these on every load).
 */
export async function currentFlagsWithLinks(query: Query, accountIds: readonly string[]): Promise<{ records: FlagRecord[]; links: Links }> {
  const links: Links = { followUps: new Map(), deals: new Map() };
  if (accountIds.length === 0) return { records: [], links };
  const rows = await query(
    `SELECT ${FLAG_COLUMNS}, fu.follow_up_id, d.deal_id, d.deal_title
       FROM account_flags ${linkJoins("account_flags.id")}
      WHERE account_id = ANY($1::uuid[]) AND closed_at IS NULL
      ORDER BY raised_at, id`,
    [[...accountIds]],
    { prepare: "current-flags-with-links" },
  );
  const records = rows.map((row) => {
    const record = flagRecordOf(row);
    addLinks(links, record.id, row);
    return record;
  });
  return { records, links };
}

export async function linksOf(query: Query, flagIds: readonly string[]): Promise<Links> {
  const links: Links = { followUps: new Map(), deals: new Map() };
  if (flagIds.length === 0) return links;
  const rows = await query(
    `SELECT f.id::text AS flag_id, fu.follow_up_id, d.deal_id, d.deal_title
       FROM unnest($1::uuid[]) AS f(id) ${linkJoins("f.id")}`,
    [[...flagIds]],
  );
  for (const row of rows) addLinks(links, String(row.flag_id), row);
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

/** Each computed flag with its record's state and links (currentFlagsWithLinks), in the computed order. */
export function accountFlagsWithState(computed: readonly Flag[], records: readonly FlagRecord[], links: Links, now: Date): AccountFlag[] {
  const byKey = new Map(records.map((record) => [flagKey(record.type, record.subject), record]));
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
