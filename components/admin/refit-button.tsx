"use client";
// Asks for a background refit of the predictive model and shows the latest refit or
// daily as-of recompute with its progress (both are jobs: lib/metrics/jobs.ts).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { plural } from "@/lib/plural";

interface RecomputeJob {
  kind: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  done: number;
  total: number;
  error: string | null;
  finishedAt: string | null;
  result: { accounts: number; fitMs: number; recomputeMs: number; asOfDay: string } | null;
}

const active = (job: RecomputeJob | null | undefined) => job?.status === "QUEUED" || job?.status === "RUNNING";
const what = (job: RecomputeJob) => (job.kind === "metrics-as-of" ? "Daily as-of recompute" : "Refit");

export function RefitButton() {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ["refit"],
    queryFn: () => apiFetch<{ job: RecomputeJob | null }>("/api/model/refit"),
    refetchInterval: (query) => (active(query.state.data?.job) ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => apiFetch<{ job: RecomputeJob | null }>("/api/model/refit", { method: "POST" }),
    onSuccess: (data) => queryClient.setQueryData(["refit"], data),
  });
  const job = status.data?.job;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" onClick={() => start.mutate()} disabled={active(job) || start.isPending}>
        {active(job) ? "Recomputing…" : "Refit the model now"}
      </Button>
      <p className="text-sm text-slate-600" role="status">
        {!job
          ? "No refit has run yet."
          : active(job)
            ? `${what(job)}: fitting BG/NBD + Gamma-Gamma and recomputing every account in the background${job.total > 0 ? ` (${job.done.toLocaleString("en-GB")} of ${job.total.toLocaleString("en-GB")})` : ""}; people keep working meanwhile.`
            : job.status === "FAILED"
              ? `${what(job)} failed: ${job.error ?? "unknown error"}`
              : job.result
                ? `${what(job)} as of ${job.result.asOfDay}: ${plural(job.result.accounts, "account")}, fit ${Math.round(job.result.fitMs)} ms, recompute ${(job.result.recomputeMs / 1000).toFixed(1)} s.`
                : `${what(job)} done.`}
      </p>
    </div>
  );
}
