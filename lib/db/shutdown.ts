// The start script sets NEXT_MANUAL_SIG_HANDLE so Next leaves SIGTERM/SIGINT to
// us: the embedded database must be closed cleanly, or PGlite can lose state on disk.
import { closeDatabase } from "./client";
import { whenRefitIdle } from "@/lib/metrics/background";
import { whenCostRecomputeIdle } from "@/lib/settings/cost-recompute-job";
import { stopImports } from "@/lib/imports/background";

export function installGracefulShutdown(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    // A refit in flight writes in batches; let it finish rather than cut a batch off.
    // Likewise a cost recompute: its swap is one transaction, cut off it would only fail and be redone.
    // An import stops after its chunk in flight (it stays resumable from its checkpoint).
    Promise.all([whenRefitIdle(), whenCostRecomputeIdle(), stopImports()])
      .then(() => closeDatabase())
      .catch((error) => console.error("closing the database failed:", error))
      .finally(() => process.exit(code));
  };
  process.on("SIGTERM", () => shutdown(143));
  process.on("SIGINT", () => shutdown(130));
}
