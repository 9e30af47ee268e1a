import Link from "next/link";
import type { TeamMember } from "@/lib/portfolio/team";
import { ACTIVITY_DAYS, EXPANSION_DAYS, UNVISITED_DAYS } from "@/lib/portfolio/team-windows";
import { EmptyState } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";

/** One row of KPIs per rep; "Accounts" opens the rep's list for reassignment. */
export function TeamTable({ team, selectedRepId }: { team: TeamMember[]; selectedRepId?: string }) {
  if (team.length === 0) return <EmptyState title="No reps yet.">Add users with the rep role in the admin area.</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[820px] text-left text-sm tabular-nums" data-testid="team-table">
        <caption className="sr-only">Reps with their book and activity</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3">
              Rep
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Accounts
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Portfolio LTV
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Visits ({ACTIVITY_DAYS} d)
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Orders ({ACTIVITY_DAYS} d)
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Orders / visit
            </th>
            <th
              scope="col"
              className="py-2 pr-3 text-right"
              title="Purchases on upsell and cross-sell deals, plus won such deals without a purchase"
            >
              Upsell + cross-sell ({EXPANSION_DAYS} d)
            </th>
            <th scope="col" className="py-2 pr-3 text-right">
              Flagged, not visited {UNVISITED_DAYS} d
            </th>
            <th scope="col" className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {team.map((member) => {
            const selected = member.repId === selectedRepId;
            return (
              <tr key={member.repId} className={`border-t border-slate-100 ${selected ? "bg-brand-50" : ""}`} data-testid="team-row">
                <th scope="row" className="py-2 pr-3 font-medium">
                  {member.name}
                  {!member.active ? (
                    <span className="ml-2 rounded-full bg-slate-100 px-2 text-xs font-normal text-slate-600">inactive</span>
                  ) : null}
                  {member.role !== "REP" ? (
                    <span className="ml-2 text-xs font-normal text-slate-500">{member.role.toLowerCase()}</span>
                  ) : null}
                </th>
                <td className="py-2 pr-3 text-right">{member.accounts.toLocaleString("en-GB")}</td>
                <td
                  className="py-2 pr-3 text-right"
                  title={member.missing.accounts > 0 ? `${member.missing.accounts} accounts left out: no exchange rate` : undefined}
                >
                  {formatMoney(member.portfolioLtv, member.currency)}
                  {member.missing.accounts > 0 ? <span className="text-amber-800">*</span> : null}
                </td>
                <td className="py-2 pr-3 text-right">{member.visits.toLocaleString("en-GB")}</td>
                <td className="py-2 pr-3 text-right">{member.orders.toLocaleString("en-GB")}</td>
                <td className="py-2 pr-3 text-right">{member.ordersPerVisit === null ? "—" : member.ordersPerVisit.toFixed(2)}</td>
                <td
                  className="py-2 pr-3 text-right"
                  title={
                    member.missing.orders + member.missing.deals > 0
                      ? `${member.missing.orders + member.missing.deals} orders or deals left out: no exchange rate`
                      : undefined
                  }
                >
                  {formatMoney(member.expansionRevenue, member.currency)}
                  {member.missing.orders + member.missing.deals > 0 ? <span className="text-amber-800">*</span> : null}
                </td>
                <td className={`py-2 pr-3 text-right ${member.flaggedUnvisited > 0 ? "font-semibold text-risk-600" : ""}`}>
                  {member.flaggedUnvisited.toLocaleString("en-GB")}
                </td>
                <td className="py-1 text-right">
                  <Link
                    href={`/manager/team?rep=${member.repId}#reassign`}
                    aria-current={selected ? "true" : undefined}
                    aria-label={`Accounts of ${member.name}`}
                    className="inline-flex min-h-11 items-center rounded-md px-3 text-brand-700 hover:bg-brand-50"
                  >
                    Accounts
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
