import { describe, expect, it } from "vitest";
import type { Flag } from "@/lib/flags/types";
import { actOnFlag, dismissFlag, effectiveState, flagSubject, planFlagSync, snoozeFlag, type FlagRecord } from "./machine";

const ACCOUNT = "acc-1";
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const at = (iso: string) => new Date(iso);

const churn = (valueAtStake: number, score = 0.8): Flag => ({
  type: "churn_risk",
  score,
  reason: "r",
  action: "a",
  valueAtStake,
  details: { severity: "high" },
});
const refill = (productId: string, valueAtStake = 120): Flag => ({
  type: "replenishment",
  score: 0.6,
  reason: "r",
  action: "a",
  valueAtStake,
  details: { productId, category: "Toner" },
});

function ids() {
  let n = 0;
  return () => `flag-${++n}`;
}

/** Runs one sync and returns the account's current records afterwards (as the database would hold them). */
function apply(current: FlagRecord[], plan: ReturnType<typeof planFlagSync>): FlagRecord[] {
  const all = new Map(current.map((r) => [r.id, r]));
  for (const r of [...plan.updates, ...plan.inserts]) all.set(r.id, r);
  return [...all.values()].filter((r) => r.closedAt === null);
}

describe("flag subject", () => {
  it("names the condition: the account, the product, the category, or the peer gap", () => {
    expect(flagSubject(churn(1))).toBe("account");
    expect(flagSubject(refill("p-9"))).toBe("p-9");
    expect(flagSubject({ type: "upsell", details: { kind: "tier_ladder", category: "Paper", productId: "p-2" } })).toBe("Paper");
    expect(flagSubject({ type: "upsell", details: { kind: "peer_gap", category: null, productId: null } })).toBe("peer_gap");
    expect(flagSubject({ type: "cross_sell", details: { category: "Toner" } })).toBe("Toner");
  });
});

describe("flag lifecycle", () => {
  it("raises a flag once, keeps its id while the condition holds, and resolves it when the condition clears", () => {
    const newId = ids();
    const first = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(5000, 0.8)],
      current: [],
      now: at("2026-03-01T10:00:00Z"),
      actorId: null,
      newId,
    });
    expect(first.inserts).toHaveLength(1);
    expect(first.inserts[0]).toMatchObject({ id: "flag-1", state: "open", raisedScore: 0.8, raisedValueAtStake: 5000, subject: "account" });
    expect(first.events).toEqual([
      {
        flagId: "flag-1",
        accountId: ACCOUNT,
        fromState: null,
        toState: "open",
        actorId: null,
        at: at("2026-03-01T10:00:00Z"),
        cause: "raised",
      },
    ]);
    let current = apply([], first);

    // Same condition a week later with a new value: same id, raised values kept, no history entry.
    const second = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(6500, 0.9)],
      current,
      now: at("2026-03-08T10:00:00Z"),
      actorId: null,
      newId,
    });
    expect(second.inserts).toEqual([]);
    expect(second.events).toEqual([]);
    expect(second.updates[0]).toMatchObject({ id: "flag-1", score: 0.9, valueAtStake: 6500, raisedScore: 0.8, raisedValueAtStake: 5000 });
    current = apply(current, second);

    // The order came in: the condition cleared.
    const third = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [],
      current,
      now: at("2026-03-09T08:00:00Z"),
      actorId: null,
      newId,
    });
    expect(third.updates[0]).toMatchObject({
      id: "flag-1",
      state: "resolved",
      resolvedAt: at("2026-03-09T08:00:00Z"),
      closedAt: at("2026-03-09T08:00:00Z"),
    });
    expect(third.events.map((e) => [e.fromState, e.toState, e.cause])).toEqual([["open", "resolved", "condition cleared"]]);
    expect(apply(current, third)).toEqual([]);
  });

  it("an acted flag stays acted while the condition holds", () => {
    const newId = ids();
    const raised = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [refill("p-1")],
        current: [],
        now: at("2026-03-01T00:00:00Z"),
        actorId: null,
        newId,
      }),
    );
    const acted = actOnFlag(raised[0]!, at("2026-03-02T09:00:00Z"), "rep-1", "visit");
    if (!("record" in acted)) throw new Error(acted.refused);
    expect(acted.record).toMatchObject({ state: "acted", actedAt: at("2026-03-02T09:00:00Z") });
    expect(acted.event).toMatchObject({ fromState: "open", toState: "acted", actorId: "rep-1", cause: "visit" });
    const later = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [refill("p-1")],
      current: [acted.record],
      now: at("2026-03-05T00:00:00Z"),
      actorId: null,
      newId,
    });
    expect(later.updates).toEqual([]);
    expect(later.events).toEqual([]);
    // Acting twice is refused: there is nothing left to act on.
    expect(actOnFlag(acted.record, at("2026-03-06T00:00:00Z"), "rep-1", "visit")).toEqual({ refused: "the flag is acted" });
  });

  it("a snoozed flag opens again on the day the snooze ends, if the condition still holds", () => {
    const newId = ids();
    const raised = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [churn(1000)],
        current: [],
        now: at("2026-03-01T12:00:00Z"),
        actorId: null,
        newId,
      }),
    )[0]!;
    // Today is refused: a snooze must end on a later day.
    expect(snoozeFlag(raised, day("2026-03-01"), at("2026-03-01T12:00:00Z"), "rep-1")).toEqual({
      refused: "until must be a day after today",
    });
    const snoozed = snoozeFlag(raised, day("2026-03-10"), at("2026-03-01T12:00:00Z"), "rep-1");
    if (!("record" in snoozed)) throw new Error(snoozed.refused);
    expect(snoozed.event).toMatchObject({ fromState: "open", toState: "snoozed", actorId: "rep-1" });

    // The evening before: still snoozed, nothing changes.
    const before = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(1000)],
      current: [snoozed.record],
      now: at("2026-03-09T23:59:59Z"),
      actorId: null,
      newId,
    });
    expect(before.events).toEqual([]);
    expect(effectiveState(snoozed.record, at("2026-03-09T23:59:59Z"))).toBe("snoozed");
    // On the day: open again, same id, recorded as the system's change.
    expect(effectiveState(snoozed.record, at("2026-03-10T00:00:00Z"))).toBe("open");
    const on = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(1000)],
      current: [snoozed.record],
      now: at("2026-03-10T06:00:00Z"),
      actorId: null,
      newId,
    });
    expect(on.updates[0]).toMatchObject({ id: raised.id, state: "open", snoozedUntil: null });
    expect(on.events.map((e) => [e.fromState, e.toState, e.actorId, e.cause])).toEqual([["snoozed", "open", null, "snooze ended"]]);
  });

  it("a snoozed flag whose condition cleared meanwhile is resolved, not reopened", () => {
    const newId = ids();
    const raised = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [churn(1000)],
        current: [],
        now: at("2026-03-01T12:00:00Z"),
        actorId: null,
        newId,
      }),
    )[0]!;
    const snoozed = snoozeFlag(raised, day("2026-03-10"), at("2026-03-01T12:00:00Z"), "rep-1");
    if (!("record" in snoozed)) throw new Error(snoozed.refused);
    const plan = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [],
      current: [snoozed.record],
      now: at("2026-03-12T00:00:00Z"),
      actorId: null,
      newId,
    });
    expect(plan.events.map((e) => [e.fromState, e.toState])).toEqual([["snoozed", "resolved"]]);
  });

  it("a dismissed flag stays away for 60 days unless its value at stake at least doubles", () => {
    const newId = ids();
    const raised = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [churn(1000)],
        current: [],
        now: at("2026-01-01T00:00:00Z"),
        actorId: null,
        newId,
      }),
    )[0]!;
    const dismissed = dismissFlag(raised, "customer_declined", "Moved to a competitor", at("2026-01-01T00:00:00Z"), "rep-1");
    if (!("record" in dismissed)) throw new Error(dismissed.refused);
    expect(dismissed.record).toMatchObject({
      state: "dismissed",
      dismissReason: "customer_declined",
      dismissNote: "Moved to a competitor",
      dismissedValueAtStake: 1000,
    });
    expect(dismissed.event.cause).toBe("dismiss:customer_declined");

    // Day 59 (2026-03-01 is 59 days after 2026-01-01), value 1 999 (< 2 × 1 000): still dismissed, no new flag.
    const quiet = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(1999)],
      current: [dismissed.record],
      now: at("2026-03-01T00:00:00Z"),
      actorId: null,
      newId,
    });
    expect(quiet.inserts).toEqual([]);
    expect(quiet.events).toEqual([]);
    expect(quiet.updates[0]).toMatchObject({ id: raised.id, state: "dismissed", valueAtStake: 1999 });

    // Same day, value 2 000 (= 2 × 1 000): back as a new episode with a new id; the old one is closed as dismissed.
    const doubled = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(2000)],
      current: [dismissed.record],
      now: at("2026-03-01T00:00:00Z"),
      actorId: null,
      newId,
    });
    expect(doubled.updates[0]).toMatchObject({ id: raised.id, state: "dismissed", closedAt: at("2026-03-01T00:00:00Z") });
    expect(doubled.inserts[0]).toMatchObject({ id: "flag-2", state: "open", raisedValueAtStake: 2000 });
    expect(doubled.events.map((e) => [e.flagId, e.fromState, e.toState, e.cause])).toEqual([
      ["flag-2", null, "open", "raised again: value at stake doubled"],
    ]);

    // Day 60 (2026-03-02): back at the same value because the dismissal expired.
    const expired = planFlagSync({
      dismissDays: 60,
      accountId: ACCOUNT,
      computed: [churn(1000)],
      current: [dismissed.record],
      now: at("2026-03-02T00:00:00Z"),
      actorId: null,
      newId,
    });
    expect(expired.inserts).toHaveLength(1);
    expect(expired.events[0]!.cause).toBe("raised again: dismissal expired");
  });

  it("flags of different subjects are separate records; one clearing leaves the other", () => {
    const newId = ids();
    const now = at("2026-03-01T00:00:00Z");
    const both = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [refill("p-1"), refill("p-2")],
        current: [],
        now,
        actorId: null,
        newId,
      }),
    );
    expect(both.map((r) => r.subject).sort()).toEqual(["p-1", "p-2"]);
    const plan = planFlagSync({ dismissDays: 60, accountId: ACCOUNT, computed: [refill("p-2")], current: both, now, actorId: null, newId });
    expect(plan.updates.map((r) => [r.subject, r.state])).toEqual([["p-1", "resolved"]]);
  });

  it("refuses to snooze or dismiss a dismissed flag", () => {
    const newId = ids();
    const raised = apply(
      [],
      planFlagSync({
        dismissDays: 60,
        accountId: ACCOUNT,
        computed: [churn(10)],
        current: [],
        now: at("2026-03-01T00:00:00Z"),
        actorId: null,
        newId,
      }),
    )[0]!;
    const dismissed = dismissFlag(raised, "other", null, at("2026-03-01T00:00:00Z"), "rep-1");
    if (!("record" in dismissed)) throw new Error(dismissed.refused);
    expect(snoozeFlag(dismissed.record, day("2026-04-01"), at("2026-03-02T00:00:00Z"), "rep-1")).toEqual({
      refused: "the flag is dismissed",
    });
    expect(dismissFlag(dismissed.record, "other", null, at("2026-03-02T00:00:00Z"), "rep-1")).toEqual({ refused: "the flag is dismissed" });
  });
});
