import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getCostSettings } from "@/lib/settings/cost-settings";
import { CostSettingsEditor } from "@/components/admin/cost-settings/cost-settings-editor";
import type { CostSettingsJson } from "@/components/admin/cost-settings/form-state";
import { readFlagSettings } from "@/lib/flag-records/settings";
import { FlagSettingsForm } from "@/components/admin/flag-settings/flag-settings-form";

export const metadata: Metadata = { title: "Cost inputs" };
export const dynamic = "force-dynamic";

export default async function CostSettingsPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "settings")) forbidden();
  const [costs, flagSettings] = await Promise.all([getCostSettings(actor), readFlagSettings(actor)]);
  // Through JSON, as the API would hand it to the client (dates become strings).
  const initial = JSON.parse(JSON.stringify(costs)) as CostSettingsJson;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Cost inputs</h1>
      <CostSettingsEditor initial={initial} />
      <FlagSettingsForm initial={flagSettings} />
    </div>
  );
}
