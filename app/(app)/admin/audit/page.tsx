import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listAuditEntityTypes } from "@/lib/audit/list-audit";
import { listUsers } from "@/lib/users/list-users";
import { AuditLog } from "@/components/admin/audit/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "audit")) forbidden();
  const [entityTypes, users] = await Promise.all([listAuditEntityTypes(actor), listUsers(actor)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">
          Who changed what and when, newest first: orders, visits and deals; accounts and reassignments; settings, catalog, users and
          imports.
        </p>
      </div>
      <AuditLog entityTypes={entityTypes} actors={users.map((user) => ({ id: user.id, name: user.name }))} />
    </div>
  );
}
