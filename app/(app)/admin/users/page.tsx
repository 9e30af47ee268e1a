import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordId } from "@/lib/http/ids";
import { listUsers } from "@/lib/users/list-users";
import { repAccounts } from "@/lib/portfolio/team";
import { Card } from "@/components/ui/card";
import { UsersManager } from "@/components/admin/users/users-manager";
import { BulkReassign } from "@/components/admin/users/bulk-reassign";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "write", "user")) forbidden();
  const params = await searchParams;
  const users = await listUsers(actor);
  const from = recordId().safeParse(params.from).success ? users.find((user) => user.id === params.from) : undefined;
  const accounts = from ? await repAccounts(actor, from.id, { limit: 500 }) : null;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Add people, change their role, deactivate them, reset a forgotten password, and move accounts between reps.
        </p>
      </div>
      <UsersManager users={users} currentUserId={actor.id} />
      <Card title="Reassign accounts" className="scroll-mt-20">
        <div id="reassign" className="scroll-mt-20" />
        <BulkReassign
          key={from?.id ?? "none"}
          users={users}
          from={from ? { id: from.id, name: from.name } : null}
          accounts={accounts?.items ?? []}
          total={accounts?.total ?? 0}
        />
      </Card>
    </div>
  );
}
