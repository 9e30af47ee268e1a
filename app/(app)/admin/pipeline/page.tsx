import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { readStageProbabilities } from "@/lib/deals/stage-probabilities";
import { forbidden } from "next/navigation";
import { StageProbabilitiesForm } from "@/components/admin/pipeline/stage-probabilities-form";

export const metadata: Metadata = { title: "Pipeline stages" };
export const dynamic = "force-dynamic";

export default async function PipelineSettingsPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "settings")) forbidden();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Pipeline stages</h1>
        <p className="text-sm text-slate-700">
          The win probability a deal takes when it moves into a stage. Reps can still type another figure on a deal; deals already in a
          stage keep theirs.
        </p>
      </div>
      <StageProbabilitiesForm initial={await readStageProbabilities(actor)} />
    </div>
  );
}
