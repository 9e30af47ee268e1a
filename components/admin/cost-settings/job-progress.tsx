"use client";
// Progress of the recompute that applies saved cost inputs, polled until it ends.
import { useEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { Card } from "@/components/ui/card";
import { jobFinished as finished, type JobJson } from "./form-state";
import { plural } from "@/lib/plural";

export function JobProgress({ jobId, onFinished }: { jobId: string; onFinished: (job: JobJson) => void }) {
  const job = useQuery({
    queryKey: ["job", jobId],
    queryFn: () => apiFetch<JobJson>(`/api/jobs/${jobId}`),
    refetchInterval: (query) => (finished(query.state.data) ? false : 500),
    staleTime: 0,
  });
  const data = job.data;
  const reported = useRef(false);
  useEffect(() => {
    if (data && finished(data) && !reported.current) {
      reported.current = true;
      onFinished(data);
    }
  }, [data, onFinished]);
  const percent = data ? (data.status === "SUCCEEDED" ? 100 : data.total > 0 ? Math.floor((data.done / data.total) * 100) : 0) : 0;
  return (
    <Card title="Applying the new inputs">
      <div
        role="progressbar"
        aria-label="Recompute progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full ${data?.status === "FAILED" ? "bg-risk-600" : "bg-brand-600"} transition-all`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="mt-2 text-sm" role="status">
        {job.isError ? (
          <p className="text-risk-600">Lost track of the recompute ({job.error.message}); reload the page to see where it stands.</p>
        ) : !data || data.status === "QUEUED" ? (
          <p className="text-slate-600">Starting…</p>
        ) : data.status === "RUNNING" ? (
          <p className="text-slate-600">
            Recomputing {data.done.toLocaleString("en-GB")} of {plural(data.total, "account")}. Everyone keeps seeing the old values until
            all are done.
          </p>
        ) : data.status === "SUCCEEDED" ? (
          <p className="font-medium text-emerald-700">
            Done: {plural(data.total, "account")} now {data.total === 1 ? "uses" : "use"} the new inputs.
          </p>
        ) : (
          <p className="font-medium text-risk-600">
            The recompute failed and nothing was changed: {data.error ?? "unknown error"}. You can save again.
          </p>
        )}
      </div>
    </Card>
  );
}
