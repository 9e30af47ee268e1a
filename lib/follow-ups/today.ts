// The rep's Today list (issue 15): overdue and due-today follow-ups, then the
// highest-value open flags that have no follow-up yet. Always the actor's own book.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { flagsOf } from "@/lib/accounts/metrics-view";
import { flagsOfAccounts } from "@/lib/flag-records/read";
import type { AccountFlag } from "@/lib/flag-records/flag-views";
import { followUpView, type FollowUpView } from "./follow-ups";
import { dateOfDay } from "@/lib/days";
import { appToday } from "@/lib/app-day";

export interface TodayFlag {
  accountId: string;
  accountName: string;
  currency: string;
  flag: AccountFlag;
}

export interface TodayList {
  /** The day (YYYY-MM-DD, in APP_TIME_ZONE) the list was made for. */
  today: string;
  overdue: FollowUpView[];
  dueToday: FollowUpView[];
  flags: TodayFlag[];
}

/** Accounts (most attention first) whose flags are looked at, and flags shown. */
const ACCOUNTS_SCANNED = 30;
const FLAGS_SHOWN = 10;
const FOLLOW_UPS_SHOWN = 100;

/** Open follow-ups due today or earlier on the actor's accounts: the count the navigation shows. */
export async function countDueFollowUps(actor: Actor, now = new Date()): Promise<number> {
  const prisma = await getPrisma();
  return prisma.followUp.count({ where: { status: "open", dueOn: { lte: dateOfDay(appToday(now)) }, account: { ownerId: actor.id } } });
}

export async function todayFor(actor: Actor, now = new Date()): Promise<TodayList> {
  if (!can(actor, "read", "follow_up")) throw new Forbidden("Your role has no Today list.");
  const prisma = await getPrisma();
  const todayIso = appToday(now);
  const today = dateOfDay(todayIso);
  const [due, accounts] = await Promise.all([
    prisma.followUp.findMany({
      where: { status: "open", dueOn: { lte: today }, account: { ownerId: actor.id } },
      orderBy: [{ dueOn: "asc" }, { id: "asc" }],
      take: FOLLOW_UPS_SHOWN,
      include: { account: { select: { name: true } } },
    }),
    prisma.accountMetrics.findMany({
      where: { ownerId: actor.id, attentionScore: { gt: 0 } },
      orderBy: [{ attentionScore: "desc" }, { accountId: "desc" }],
      take: ACCOUNTS_SCANNED,
      include: { account: { select: { name: true, currency: true } } },
    }),
  ]);
  const flags: TodayFlag[] = [];
  const flagsByAccount = await flagsOfAccounts(
    accounts.map((row) => ({ accountId: row.accountId, flags: flagsOf(row) })),
    now,
  );
  for (const row of accounts) {
    for (const flag of flagsByAccount.get(row.accountId) ?? []) {
      if (flag.id !== null && flag.state === "open" && !flag.followUpId) {
        flags.push({ accountId: row.accountId, accountName: row.account.name, currency: row.account.currency, flag });
      }
    }
  }
  flags.sort((a, b) => b.flag.valueAtStake - a.flag.valueAtStake || b.flag.score - a.flag.score);
  const views = due.map(followUpView);
  return {
    today: todayIso,
    overdue: views.filter((f) => f.dueOn < todayIso),
    dueToday: views.filter((f) => f.dueOn === todayIso),
    flags: flags.slice(0, FLAGS_SHOWN),
  };
}
