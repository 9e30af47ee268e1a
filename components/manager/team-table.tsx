import type { TeamMember } from "@/lib/portfolio/team";
import { ACTIVITY_DAYS, EXPANSION_DAYS, UNVISITED_DAYS } from "@/lib/portfolio/team-windows";
import { EmptyState } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import { RepLink } from "./team-sales-table";

/** One row of book and activity KPIs per rep; the name opens the rep's accounts. */
export function TeamTable({ team, selectedRepId }: { team: TeamMember[]; selectedRepId?: string }) {
  if (team.length === 0) return <EmptyState title="No reps yet.">Add users with the rep role in the admin area.</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[760px] text-left text-sm tabular-nums" data-testid="team-table">
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
            <th scope="col" className="py-2 text-right">
              Flagged, not visited {UNVISITED_DAYS} d
            </th>
          </tr>
        </thead>
        <tbody>
          {team.map((member) => {
            const selected = member.repId === selectedRepId;
            return (
              <tr key={member.repId} className={`border-t border-slate-100 ${selected ? "bg-brand-50" : ""}`} data-testid="team-row">
                <th scope="row" className="whitespace-nowrap py-1 pr-3 font-normal">
                  <RepLink member={member} selected={selected} />
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
                <td className={`py-2 text-right ${member.flaggedUnvisited > 0 ? "font-semibold text-risk-600" : ""}`}>
                  {member.flaggedUnvisited.toLocaleString("en-GB")}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
