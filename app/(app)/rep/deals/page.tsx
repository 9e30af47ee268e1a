import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { PipelineBoard } from "@/components/deals/pipeline-board";

export const metadata: Metadata = { title: "Pipeline" };

// The board loads its columns itself (TanStack Query), so moves stay live without a page reload.
export default async function PipelinePage() {
  const actor = await requireActor();
  return (
    <div className="space-y-3">
      <div>
        <h1 className="text-xl font-semibold">Pipeline</h1>
        <p className="text-sm text-slate-600">
          {actor.role === "REP"
            ? "Deals on your accounts."
            : actor.role === "MANAGER"
              ? "Deals on every account; you can move the ones on your own accounts."
              : "Deals on every account."}
        </p>
      </div>
      <PipelineBoard />
    </div>
  );
}
