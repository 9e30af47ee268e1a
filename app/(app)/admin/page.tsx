import { forbidden } from "next/navigation";
import { runnerQuery } from "@/lib/db/sql";
import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/users/list-users";
import { loadMetricsContext } from "@/lib/metrics/context";
import { database } from "@/lib/db/client";
import { Card } from "@/components/ui/card";
import { formatMoney, formatPercent } from "@/components/ui/format";
import { RefitButton } from "@/components/admin/refit-button";
import { ModelHealthCard } from "@/components/admin/model-health";
import { currentModelHealth } from "@/lib/metrics/model-health";
import { plural } from "@/lib/plural";
import { ScrollArea } from "@/components/ui/scroll-area";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "settings")) forbidden();
  // The same loader the live metrics use, so the page shows exactly the inputs in force.
  const query = await database().then((db) => runnerQuery(db));
  const [users, context, model] = await Promise.all([listUsers(actor), loadMetricsContext(query), currentModelHealth(query)]);
  const segments = [["Default", context.costDefaults] as const, ...[...context.costsBySegment.entries()]];
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Admin</h1>
      <Card title="Predictive model">
        <ModelHealthCard model={model} />
        <RefitButton />
      </Card>
      <Card title="Cost inputs in force">
        <ScrollArea label="Cost inputs in force">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-2">
                  Segment
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Acquisition cost
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Retention / year
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Gross margin
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Discount rate
                </th>
                <th scope="col" className="py-2 text-right">
                  Horizon
                </th>
              </tr>
            </thead>
            <tbody>
              {segments.map(([segment, inputs]) => (
                <tr key={segment} className="border-t border-slate-100">
                  <td className="py-2 pr-2 font-medium">{segment}</td>
                  <td className="py-2 pr-2 text-right">{formatMoney(inputs.acquisitionCost)}</td>
                  <td className="py-2 pr-2 text-right">{formatMoney(inputs.retentionCostPerYear)}</td>
                  <td className="py-2 pr-2 text-right">{formatPercent(inputs.grossMargin)}</td>
                  <td className="py-2 pr-2 text-right">{formatPercent(inputs.discountRateYearly, 1)}</td>
                  <td className="py-2 text-right">{plural(inputs.horizonMonths, "month")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
        <Link href="/admin/settings" className="mt-3 inline-block text-sm font-medium text-brand-700 underline">
          Change cost inputs, preview the impact, see the history
        </Link>
      </Card>
      <Card title="Users">
        <p className="text-sm text-slate-700">
          {users.filter((user) => user.active).length} active of {plural(users.length, "user")}:{" "}
          {(["ADMIN", "MANAGER", "REP"] as const)
            .map((role) =>
              plural(
                users.filter((user) => user.active && user.role === role).length,
                role === "REP" ? "rep" : role === "MANAGER" ? "manager" : "admin",
              ),
            )
            .join(", ")}
          .{" "}
          <Link href="/admin/users" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Manage users and reassign accounts
          </Link>
        </p>
      </Card>
    </div>
  );
}
