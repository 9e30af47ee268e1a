import { forbidden } from "next/navigation";
import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordId } from "@/lib/http/ids";
import { reassignTargets, repAccounts, teamSummary } from "@/lib/portfolio/team";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { TeamTable } from "@/components/manager/team-table";
import { ReassignForm } from "@/components/manager/reassign-form";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "read", "dashboard")) forbidden();
  const params = await searchParams;
  const repId = recordId().safeParse(params.rep).success ? params.rep : undefined;
  const q = params.q?.trim().slice(0, 100) || undefined;
  const [team, targets] = await Promise.all([teamSummary(actor), reassignTargets(actor)]);
  const rep = repId ? team.find((member) => member.repId === repId) : undefined;
  const accounts = rep ? await repAccounts(actor, rep.repId, { q }) : null;
  const mayReassign = can(actor, "reassign", "account");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Team</h1>
          <p className="text-sm text-slate-600">Each rep&apos;s book and recent activity. Open a rep&apos;s accounts to reassign them.</p>
        </div>
        <Link href="/manager" className={buttonClass("secondary")}>Back to the dashboard</Link>
      </div>
      <Card title="Reps">
        <TeamTable team={team} selectedRepId={rep?.repId} />
      </Card>
      {repId && !rep ? <p role="alert" className="text-sm text-red-700">That rep was not found.</p> : null}
      {rep && accounts ? (
        <section id="reassign" aria-labelledby="reassign-title" className="scroll-mt-20 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <h2 id="reassign-title" className="text-base font-semibold">Accounts of {rep.name} ({accounts.total.toLocaleString("en-GB")})</h2>
            <form role="search" action="/manager/team" className="flex gap-2">
              <input type="hidden" name="rep" value={rep.repId} />
              <label className="sr-only" htmlFor="rep-account-search">Search {rep.name}&apos;s accounts</label>
              <input id="rep-account-search" name="q" type="search" defaultValue={q ?? ""} maxLength={100} placeholder="Search by name" className="min-h-11 w-48 rounded-lg border border-slate-300 bg-white px-3 text-sm" />
              <button className={buttonClass("secondary")}>Search</button>
            </form>
          </div>
          <div className="mt-3">
            {mayReassign ? (
              <ReassignForm key={`${rep.repId}:${q ?? ""}`} from={{ id: rep.repId, name: rep.name }} accounts={accounts.items} total={accounts.total} targets={targets} />
            ) : (
              <p className="text-sm text-slate-600">Your role may view but not reassign accounts.</p>
            )}
          </div>
        </section>
      ) : null}
    </div>
  );
}
