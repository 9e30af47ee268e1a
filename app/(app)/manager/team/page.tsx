import { forbidden } from "next/navigation";
import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordId } from "@/lib/http/ids";
import { reassignTargets, repAccounts, teamPeriod, teamSummary } from "@/lib/portfolio/team";
import { repGoalsForMonth } from "@/lib/team-goals/goals";
import { addMonths, MONTH_PATTERN, monthLabel } from "@/lib/business-month";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { TeamTable } from "@/components/manager/team-table";
import { RepLink, TeamSalesTable } from "@/components/manager/team-sales-table";
import { GoalsEditor } from "@/components/manager/goals-editor";
import { ReassignForm } from "@/components/manager/reassign-form";
import { teamFollowThrough } from "@/lib/follow-ups/team-follow-through";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "read", "dashboard")) forbidden();
  const params = await searchParams;
  const repId = recordId().safeParse(params.rep).success ? params.rep : undefined;
  const q = params.q?.trim().slice(0, 100) || undefined;
  const asOf = new Date();
  const period = teamPeriod(asOf);
  // Admins set goals (the same permission as the other admin settings), for this month or another.
  const maySetGoals = can(actor, "write", "settings");
  const goalMonth = maySetGoals && params.goalMonth && MONTH_PATTERN.test(params.goalMonth) ? params.goalMonth : period.month;
  const [team, targets, followThrough, goals] = await Promise.all([
    teamSummary(actor, { asOf }),
    reassignTargets(actor),
    teamFollowThrough(actor),
    maySetGoals ? repGoalsForMonth(actor, goalMonth) : null,
  ]);
  const rep = repId ? team.find((member) => member.repId === repId) : undefined;
  const accounts = rep ? await repAccounts(actor, rep.repId, { q }) : null;
  const mayReassign = can(actor, "reassign", "account");
  const goalLink = (month: string) =>
    `/manager/team?${new URLSearchParams({ ...(rep ? { rep: rep.repId } : {}), goalMonth: month })}#goals`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Team</h1>
          <p className="text-sm text-slate-600">
            How each rep is doing this month, their book and recent activity. A rep&apos;s name opens their accounts.
          </p>
        </div>
        <Link href="/manager" className={buttonClass("secondary")}>
          Back to the dashboard
        </Link>
      </div>
      <Card title={`This month: ${period.monthLabel}`}>
        <TeamSalesTable team={team} period={period} selectedRepId={rep?.repId} />
      </Card>
      <Card title="Book and activity">
        <TeamTable team={team} selectedRepId={rep?.repId} />
      </Card>
      <Card title="Follow-through">
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="follow-through">
            <caption className="sr-only">Open and overdue follow-ups and flags acted in the last 7 days, per rep</caption>
            <thead>
              <tr className="text-left text-slate-600">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Rep
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Open follow-ups
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Overdue
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Flags acted (7 days)
                </th>
              </tr>
            </thead>
            <tbody>
              {followThrough.map((row) => (
                <tr key={row.repId} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    <RepLink member={row} selected={row.repId === rep?.repId} />
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">{row.openFollowUps}</td>
                  <td className={`py-2 pr-3 text-right tabular-nums ${row.overdueFollowUps > 0 ? "font-medium text-red-700" : ""}`}>
                    {row.overdueFollowUps}
                  </td>
                  <td className="py-2 text-right tabular-nums">{row.flagsActed7d}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {followThrough.length === 0 ? <p className="text-sm text-slate-600">No active reps.</p> : null}
        </div>
      </Card>
      {goals ? (
        <section id="goals" aria-labelledby="goals-title" className="scroll-mt-20 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2 id="goals-title" className="text-base font-semibold text-slate-900">
              Monthly revenue goals
            </h2>
            <nav aria-label="Goal month" className="flex items-center gap-1 text-sm">
              <Link href={goalLink(addMonths(goalMonth, -1))} className={buttonClass("ghost", "px-3")}>
                <span aria-hidden="true">‹</span> {monthLabel(addMonths(goalMonth, -1))}
              </Link>
              <Link href={goalLink(addMonths(goalMonth, 1))} className={buttonClass("ghost", "px-3")}>
                {monthLabel(addMonths(goalMonth, 1))} <span aria-hidden="true">›</span>
              </Link>
            </nav>
          </div>
          <p className="mb-2 text-sm text-slate-600">
            Each rep&apos;s goal for the revenue of their accounts in {monthLabel(goalMonth)}, in euros. Leave a box empty for no goal.
          </p>
          <GoalsEditor
            month={goalMonth}
            monthLabel={monthLabel(goalMonth)}
            reps={team
              .filter((member) => member.active && (member.role === "REP" || member.role === "MANAGER"))
              .map((member) => ({ repId: member.repId, name: member.name, goalCents: goals.get(member.repId) ?? null }))}
          />
        </section>
      ) : null}
      {repId && !rep ? (
        <p role="alert" className="text-sm text-red-700">
          That rep was not found.
        </p>
      ) : null}
      {rep && accounts ? (
        <section
          id="reassign"
          aria-labelledby="reassign-title"
          className="scroll-mt-20 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
        >
          <div className="flex flex-wrap items-end justify-between gap-2">
            <h2 id="reassign-title" className="text-base font-semibold">
              Accounts of {rep.name} ({accounts.total.toLocaleString("en-GB")})
            </h2>
            <form role="search" action="/manager/team" className="flex gap-2">
              <input type="hidden" name="rep" value={rep.repId} />
              <label className="sr-only" htmlFor="rep-account-search">
                Search {rep.name}&apos;s accounts
              </label>
              <input
                id="rep-account-search"
                name="q"
                type="search"
                defaultValue={q ?? ""}
                maxLength={100}
                placeholder="Search by name"
                className="min-h-11 w-48 rounded-lg border border-slate-300 bg-white px-3 text-sm"
              />
              <button className={buttonClass("secondary")}>Search</button>
            </form>
          </div>
          <div className="mt-3">
            {mayReassign ? (
              <ReassignForm
                key={`${rep.repId}:${q ?? ""}`}
                from={{ id: rep.repId, name: rep.name }}
                accounts={accounts.items}
                total={accounts.total}
                targets={targets}
              />
            ) : (
              <p className="text-sm text-slate-600">Your role may view but not reassign accounts.</p>
            )}
          </div>
        </section>
      ) : null}
    </div>
  );
}
