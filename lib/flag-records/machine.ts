// The flag lifecycle as a pure function (issue 15): computed flags + the account's
// current flag records + now → records to insert or update and the history entries.
// No database, no clock: the caller passes `now`, so tests drive it with any date.
import type { Flag, FlagType } from "@/lib/flags/types";
import { DAY_MS } from "@/lib/days";

export type FlagState = "open" | "acted" | "snoozed" | "dismissed" | "resolved";
export const FLAG_STATES: readonly FlagState[] = ["open", "acted", "snoozed", "dismissed", "resolved"];

/** Reasons a rep may give for dismissing a flag (the short list; a note may add detail). */
export const DISMISS_REASONS = ["not_relevant", "already_handled", "customer_declined", "wrong_data", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export interface FlagRecord {
  id: string;
  accountId: string;
  type: FlagType;
  subject: string;
  state: FlagState;
  raisedAt: Date;
  raisedScore: number;
  raisedValueAtStake: number;
  score: number;
  valueAtStake: number;
  actedAt: Date | null;
  /** When the snooze ends: the start of the chosen day in APP_TIME_ZONE (stored as the day, lib/flag-records/store.ts). */
  snoozedUntil: Date | null;
  dismissedAt: Date | null;
  dismissReason: DismissReason | null;
  dismissNote: string | null;
  dismissedValueAtStake: number | null;
  resolvedAt: Date | null;
  /** Set when the episode ends (resolved, or a dismissed flag raised again). */
  closedAt: Date | null;
}

export interface FlagEvent {
  flagId: string;
  accountId: string;
  fromState: FlagState | null;
  toState: FlagState;
  actorId: string | null;
  at: Date;
  cause: string;
}

export interface FlagSyncPlan {
  inserts: FlagRecord[];
  updates: FlagRecord[];
  events: FlagEvent[];
}

/**
 * What a flag is about within its type; with the account and type it names the condition.
 * Churn risk: the account; replenishment: the product; upsell: the category climbed (or the
 * peer gap); cross-sell: the category suggested.
 */
export function flagSubject(flag: Pick<Flag, "type" | "details">): string {
  const d = flag.details ?? {};
  switch (flag.type) {
    case "churn_risk":
      return "account";
    case "replenishment":
      return String(d.productId ?? "unknown");
    case "upsell":
      return d.category != null ? String(d.category) : String(d.kind ?? "peer_gap");
    case "cross_sell":
      return String(d.category ?? "unknown");
  }
}

export const flagKey = (type: string, subject: string) => `${type}|${subject}`;

/** The state a reader sees: a snooze that has run out reads as open before the next sync. */
export function effectiveState(record: Pick<FlagRecord, "state" | "snoozedUntil">, now: Date): FlagState {
  return record.state === "snoozed" && record.snoozedUntil !== null && record.snoozedUntil.getTime() <= now.getTime()
    ? "open"
    : record.state;
}

/** Does a dismissed flag come back? After `dismissDays`, or when its value at stake at least doubled. */
export function dismissalLifted(record: FlagRecord, valueAtStake: number, now: Date, dismissDays: number): boolean {
  if (record.dismissedAt && now.getTime() >= record.dismissedAt.getTime() + dismissDays * DAY_MS) return true;
  const before = record.dismissedValueAtStake ?? record.valueAtStake;
  return valueAtStake > 0 && valueAtStake >= 2 * before;
}

export interface PlanInput {
  accountId: string;
  computed: readonly Flag[];
  /** The account's current records (closedAt null). */
  current: readonly FlagRecord[];
  now: Date;
  /** Who caused the sync (null: the system, e.g. a recompute). */
  actorId: string | null;
  /** Days a dismissed flag stays away (the admin setting, lib/flag-records/settings.ts). */
  dismissDays: number;
  newId: () => string;
}

export function planFlagSync(input: PlanInput): FlagSyncPlan {
  const { accountId, now, actorId, newId, dismissDays } = input;
  const plan: FlagSyncPlan = { inserts: [], updates: [], events: [] };
  const byKey = new Map(input.current.map((record) => [flagKey(record.type, record.subject), record]));
  const seen = new Set<string>();
  const event = (record: FlagRecord, fromState: FlagState | null, toState: FlagState, cause: string, actor = actorId) =>
    plan.events.push({ flagId: record.id, accountId, fromState, toState, actorId: actor, at: now, cause });
  const raise = (flag: Flag, subject: string, cause: string) => {
    const record: FlagRecord = {
      id: newId(),
      accountId,
      type: flag.type,
      subject,
      state: "open",
      raisedAt: now,
      raisedScore: flag.score,
      raisedValueAtStake: flag.valueAtStake,
      score: flag.score,
      valueAtStake: flag.valueAtStake,
      actedAt: null,
      snoozedUntil: null,
      dismissedAt: null,
      dismissReason: null,
      dismissNote: null,
      dismissedValueAtStake: null,
      resolvedAt: null,
      closedAt: null,
    };
    plan.inserts.push(record);
    event(record, null, "open", cause);
  };

  for (const flag of input.computed) {
    const subject = flagSubject(flag);
    const key = flagKey(flag.type, subject);
    // Flags arrive most urgent first; a second flag on the same condition adds nothing.
    if (seen.has(key)) continue;
    seen.add(key);
    const record = byKey.get(key);
    if (!record) {
      raise(flag, subject, "raised");
      continue;
    }
    const refreshed: FlagRecord = { ...record, score: flag.score, valueAtStake: flag.valueAtStake };
    if (record.state === "snoozed" && effectiveState(record, now) === "open") {
      plan.updates.push({ ...refreshed, state: "open", snoozedUntil: null });
      event(record, "snoozed", "open", "snooze ended", null);
    } else if (record.state === "dismissed" && dismissalLifted(record, flag.valueAtStake, now, dismissDays)) {
      // The dismissed episode ends as it was; the condition starts a new one with a new id.
      plan.updates.push({ ...record, closedAt: now });
      const doubled = flag.valueAtStake >= 2 * (record.dismissedValueAtStake ?? record.valueAtStake);
      raise(flag, subject, doubled ? "raised again: value at stake doubled" : "raised again: dismissal expired");
    } else if (refreshed.score !== record.score || refreshed.valueAtStake !== record.valueAtStake) {
      plan.updates.push(refreshed);
    }
  }

  for (const record of input.current) {
    if (seen.has(flagKey(record.type, record.subject))) continue;
    plan.updates.push({ ...record, state: "resolved", resolvedAt: now, closedAt: now });
    event(record, record.state, "resolved", "condition cleared", null);
  }
  return plan;
}

// ---------------------------------------------------------------------------
// A rep's actions on one flag. Each returns the changed record and its history entry,
// or a refusal naming why (the caller maps it to a 409 or 400).

export type Transition = { record: FlagRecord; event: FlagEvent } | { refused: string };

const change = (record: FlagRecord, next: FlagRecord, actorId: string | null, now: Date, cause: string): Transition => ({
  record: next,
  event: { flagId: record.id, accountId: record.accountId, fromState: record.state, toState: next.state, actorId, at: now, cause },
});

/** Acting (a visit, call, order, deal or e-mail about it): an open or snoozed flag becomes acted. */
export function actOnFlag(record: FlagRecord, now: Date, actorId: string | null, cause: string): Transition {
  const state = effectiveState(record, now);
  if (record.closedAt !== null || (state !== "open" && state !== "snoozed")) return { refused: `the flag is ${record.state}` };
  return change(record, { ...record, state: "acted", actedAt: now, snoozedUntil: null }, actorId, now, cause);
}

/** Snooze until a later day; the flag opens again on that day if its condition still holds. */
export function snoozeFlag(record: FlagRecord, until: Date, now: Date, actorId: string | null): Transition {
  if (record.closedAt !== null || record.state === "dismissed" || record.state === "resolved")
    return { refused: `the flag is ${record.state}` };
  if (until.getTime() <= now.getTime()) return { refused: "until must be a day after today" };
  return change(record, { ...record, state: "snoozed", snoozedUntil: until }, actorId, now, "snooze");
}

export function dismissFlag(record: FlagRecord, reason: DismissReason, note: string | null, now: Date, actorId: string | null): Transition {
  if (record.closedAt !== null || record.state === "dismissed" || record.state === "resolved")
    return { refused: `the flag is ${record.state}` };
  return change(
    record,
    {
      ...record,
      state: "dismissed",
      dismissedAt: now,
      dismissReason: reason,
      dismissNote: note,
      dismissedValueAtStake: record.valueAtStake,
      snoozedUntil: null,
    },
    actorId,
    now,
    `dismiss:${reason}`,
  );
}
