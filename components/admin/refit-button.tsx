"use client";
// Starts a background refit of the predictive model and shows its progress.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/components/account/api";
import { Button } from "@/components/ui/button";

interface RefitStatus {
  running: boolean;
  writesSinceRefit: number;
  lastResult: { accounts: number; fitMs: number; recomputeMs: number } | null;
  lastError: string | null;
}

export function RefitButton() {
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: ["refit"],
    queryFn: () => apiFetch<RefitStatus>("/api/model/refit"),
    refetchInterval: (query) => (query.state.data?.running ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: () => apiFetch<RefitStatus>("/api/model/refit", { method: "POST" }),
    onSuccess: (data) => queryClient.setQueryData(["refit"], data),
  });
  const data = status.data;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="button" onClick={() => start.mutate()} disabled={data?.running || start.isPending}>
        {data?.running ? "Refitting…" : "Refit the model now"}
      </Button>
      <p className="text-sm text-slate-600" role="status">
        {data?.running
          ? "Fitting BG/NBD + Gamma-Gamma and recomputing every account in the background; people keep working meanwhile."
          : data?.lastError
            ? `Last refit failed: ${data.lastError}`
            : data?.lastResult
              ? `Last refit: ${data.lastResult.accounts.toLocaleString("en-GB")} accounts, fit ${Math.round(data.lastResult.fitMs)} ms, recompute ${(data.lastResult.recomputeMs / 1000).toFixed(1)} s.`
              : `${data?.writesSinceRefit ?? 0} orders logged since the last refit in this server process.`}
      </p>
    </div>
  );
}
