import Link from "next/link";
import type { TeamMember } from "@/lib/portfolio/team";
import type { SalesPeriod } from "@/lib/portfolio/team-sales";
import { WIN_RATE_DAYS } from "@/lib/portfolio/team-windows";
import { EmptyState } from "@/components/ui/card";
import { formatMoney, formatPercent } from "@/components/ui/format";
import { DateText } from "@/components/app-calendar";
import { plural } from "@/lib/plural";

/** A rep's name opening their book (their accounts, below the tables). */
export function RepLink({ member, selected }: { member: Pick<TeamMember, "repId" | "name">; selected: boolean }) {
  return (
    <Link
      href={`/manager/team?rep=${member.repId}#reassign`}
      aria-current={selected ? "true" : undefined}
      title={`Open ${member.name}'s accounts`}
      className="inline-flex min-h-11 items-center font-medium text-brand-700 underline-offset-2 hover:underline"
    >
      {member.name}
    </Link>
  );
}

/** This month's revenue against the goal: figures on one line, a bar with the share on the next, neither wrapping. */
function GoalProgress({ revenue, goal, elapsed }: { revenue: number; goal: number | null; elapsed: number }) {
  if (goal === null) {
    return (
      <div className="whitespace-nowrap">
        <p>{formatMoney(revenue)}</p>
        <p className="text-xs text-slate-600">No goal set</p>
      </div>
    );
  }
  const share = goal > 0 ? revenue / goal : revenue > 0 ? 1 : 0;
  const met = share >= 1;
  return (
    <div className="whitespace-nowrap" data-testid="goal-progress">
      <p>
        {formatMoney(revenue)} <span className="text-slate-600">of {formatMoney(goal)}</span>
      </p>
      <div className="mt-1 flex items-center gap-2">
        {/* Decorative: the figures and the share beside it say the same in words. The tick, taller
            than the bar, is how far through the month we are: a bar short of it is behind pace. */}
        <div aria-hidden="true" className="relative h-3.5 w-24 shrink-0">
          <div className="absolute inset-x-0 top-1 h-1.5 overflow-hidden rounded-full bg-slate-200">
            <div className={`h-full ${met ? "bg-emerald-600" : "bg-brand-600"}`} style={{ width: `${Math.min(1, share) * 100}%` }} />
          </div>
          <div className="absolute inset-y-0 w-0.5 rounded-full bg-slate-900" style={{ left: `calc(${elapsed * 100}% - 1px)` }} />
        </div>
        <span className={`text-xs font-medium ${met ? "text-emerald-800" : "text-slate-700"}`}>{formatPercent(share)}</span>
      </div>
    </div>
  );
}

/** One row per rep: this month against the goal, deals won, open pipeline and win rate. */
export function TeamSalesTable({ team, period, selectedRepId }: { team: TeamMember[]; period: SalesPeriod; selectedRepId?: string }) {
  if (team.length === 0) return <EmptyState title="No reps yet.">Add users with the rep role in the admin area.</EmptyState>;
  const sticky = "sticky left-0 z-10 bg-white";
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        Revenue: the orders on each rep&apos;s accounts this month. The tick on each bar is how far through the month we are (
        {formatPercent(period.monthElapsed)}).
      </p>
      <div className="relative overflow-x-auto">
        <table className="w-full min-w-[680px] text-left text-sm tabular-nums" data-testid="team-sales">
          <caption className="sr-only">
            Each rep&apos;s revenue in {period.monthLabel} against the goal, deals won, open pipeline and win rate
          </caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className={`${sticky} py-2 pr-3`}>
                Rep
              </th>
              <th scope="col" className="py-2 pr-3">
                Revenue vs goal
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Won this month
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Open pipeline
              </th>
              <th scope="col" className="py-2 pr-3 text-right" title="Each open deal's amount × its probability">
                Weighted
              </th>
              <th scope="col" className="py-2 text-right" title={`Deals won ÷ deals won or lost, closed in the last ${WIN_RATE_DAYS} days`}>
                Win rate ({WIN_RATE_DAYS} d)
              </th>
            </tr>
          </thead>
          <tbody>
            {team.map((member) => {
              const selected = member.repId === selectedRepId;
              const closed = member.closedWon + member.closedLost;
              return (
                <tr
                  key={member.repId}
                  className={`border-t border-slate-100 align-top ${selected ? "bg-brand-50" : ""}`}
                  data-testid="sales-row"
                >
                  <th scope="row" className={`${sticky} py-1 pr-3 font-normal ${selected ? "bg-brand-50" : ""}`}>
                    <RepLink member={member} selected={selected} />
                  </th>
                  <td className="py-2 pr-3">
                    <GoalProgress revenue={member.monthRevenue} goal={member.monthGoal} elapsed={period.monthElapsed} />
                  </td>
                  <td className="whitespace-nowrap py-2 pr-3 text-right">
                    <p>{formatMoney(member.wonAmount)}</p>
                    <p className="text-xs text-slate-600">{plural(member.wonDeals, "deal")}</p>
                  </td>
                  <td className="whitespace-nowrap py-2 pr-3 text-right">
                    <p>{formatMoney(member.pipeline)}</p>
                    <p className="text-xs text-slate-600">{plural(member.openDeals, "open deal")}</p>
                  </td>
                  <td className="whitespace-nowrap py-2 pr-3 text-right">{formatMoney(member.weightedPipeline)}</td>
                  <td className="whitespace-nowrap py-2 text-right">
                    <p>{member.winRate === null ? "—" : formatPercent(member.winRate)}</p>
                    <p className="text-xs text-slate-600">{closed === 0 ? "none closed" : `${member.closedWon} of ${closed} won`}</p>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-600">
        Won deals and the win rate count for the rep who closed them; the win rate is over the deals closed since{" "}
        <DateText value={period.winRateSince} />. The pipeline is the open deals on the rep&apos;s accounts, weighted by their probability.
      </p>
    </div>
  );
}
