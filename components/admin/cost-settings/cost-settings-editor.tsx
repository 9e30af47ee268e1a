"use client";
// The admin's cost-inputs page: edit the default and per-segment overrides,
// preview the impact on every account, save (a background recompute applies it
// to every account at once, with a progress bar), and read the history.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CostInputsFields } from "./cost-inputs-fields";
import { JobProgress } from "./job-progress";
import { PreviewResult } from "./preview-result";
import { HistoryTable } from "./history-table";
import {
  formFieldOf,
  formOf,
  formReasonOf,
  inputsOf,
  jobFinished,
  type CostInputsForm,
  type CostPreviewJson,
  type CostSettingsJson,
  type JobJson,
} from "./form-state";
import { plural } from "@/lib/plural";

const SETTINGS_KEY = ["cost-settings"] as const;

export function CostSettingsEditor({ initial }: { initial: CostSettingsJson }) {
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: () => apiFetch<CostSettingsJson>("/api/settings/costs"),
    initialData: initial,
  });
  const data = settings.data;
  const queryClient = useQueryClient();
  const router = useRouter();
  const running = data.job && (data.job.status === "QUEUED" || data.job.status === "RUNNING") ? data.job : null;
  const [jobId, setJobId] = useState<string | null>(running?.id ?? null);
  const [jobActive, setJobActive] = useState(running !== null);
  const onJobFinished = (job: JobJson) => {
    setJobActive(false);
    // Refresh the version in force, the history and the server-rendered parts.
    void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
    if (job.status === "SUCCEEDED") router.refresh();
  };
  return (
    <div className="space-y-4">
      {/* Keyed by the version in force: after a save applies, the form starts from the new values. */}
      <CostSettingsForm
        key={data.inForce?.id ?? "none"}
        settings={data}
        jobActive={jobActive}
        onSaved={(job) => {
          setJobId(job.id);
          setJobActive(true);
        }}
      />
      {jobId ? <JobProgress jobId={jobId} onFinished={onJobFinished} /> : null}
      <Card title="History">
        <HistoryTable history={data.history} />
      </Card>
    </div>
  );
}

function CostSettingsForm({
  settings,
  jobActive,
  onSaved,
}: {
  settings: CostSettingsJson;
  jobActive: boolean;
  onSaved: (job: JobJson) => void;
}) {
  const queryClient = useQueryClient();
  const inForce = settings.inForce;
  const defaults = settings.flagThresholdDefaults;
  const [defaultForm, setDefaultForm] = useState<CostInputsForm | null>(() => (inForce ? formOf(inForce.default, defaults) : null));
  const [overrides, setOverrides] = useState<Array<[string, CostInputsForm]>>(() =>
    Object.entries(inForce?.segments ?? {}).map(([segment, inputs]) => [segment, formOf(inputs, defaults)]),
  );
  const [note, setNote] = useState("");
  const [newSegment, setNewSegment] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  // The preview is computed by a job on the server (it reads every account); this polls it.
  const [previewJobId, setPreviewJobId] = useState<string | null>(null);
  const previewJob = useQuery({
    queryKey: ["job", previewJobId],
    queryFn: () => apiFetch<JobJson>(`/api/jobs/${previewJobId}`),
    enabled: previewJobId !== null,
    refetchInterval: (query) => (jobFinished(query.state.data) ? false : 500),
    staleTime: 0,
  });
  const computing = previewJobId !== null && !previewJob.isError && !jobFinished(previewJob.data);
  const preview = previewJobId !== null && previewJob.data?.status === "SUCCEEDED" ? (previewJob.data.result as CostPreviewJson) : null;

  const body = () => {
    if (!inForce || !defaultForm) throw new Error("no cost inputs in force");
    const segments: Record<string, unknown> = {};
    for (const [segment, form] of overrides) segments[segment] = inputsOf(form);
    for (const segment of Object.keys(inForce.segments)) if (!overrides.some(([s]) => s === segment)) segments[segment] = null;
    return JSON.stringify({ default: inputsOf(defaultForm), segments, ...(note.trim() ? { note: note.trim() } : {}), basedOn: inForce.id });
  };
  const onError = (error: unknown) => {
    if (error instanceof ApiError) {
      setErrors(Object.fromEntries(error.issues.map((issue) => [formFieldOf(issue.field), formReasonOf(issue.field, issue.reason)])));
      setMessage(
        error.status === 400
          ? "Some values need fixing; see the fields marked below."
          : error.status === 409
            ? `${error.message} Reload the page to edit the current inputs.`
            : error.message,
      );
      if (error.status === 409) void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
    } else {
      setMessage("Could not reach the server; nothing was saved.");
    }
  };
  const previewMutation = useMutation({
    mutationFn: () => apiFetch<{ job: JobJson }>("/api/settings/costs/preview", { method: "POST", body: body() }),
    onMutate: () => {
      setErrors({});
      setMessage(null);
      setPreviewJobId(null);
    },
    onSuccess: ({ job }) => setPreviewJobId(job.id),
    onError,
  });
  const saveMutation = useMutation({
    mutationFn: () => apiFetch<{ job: JobJson }>("/api/settings/costs", { method: "PUT", body: body() }),
    onMutate: () => {
      setErrors({});
      setMessage(null);
    },
    onSuccess: ({ job }) => {
      setPreviewJobId(null);
      onSaved(job);
      void queryClient.invalidateQueries({ queryKey: SETTINGS_KEY });
    },
    onError,
  });

  if (!inForce || !defaultForm) {
    return <Card title="Cost inputs">No cost inputs are saved yet; load the demo data or import settings first.</Card>;
  }
  const available = settings.segments.filter((segment) => !overrides.some(([s]) => s === segment));
  const busy = previewMutation.isPending || computing || saveMutation.isPending || jobActive;

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        previewMutation.mutate();
      }}
      noValidate
    >
      <Card title="Cost inputs">
        <p className="mb-4 text-sm text-slate-600">
          In force since {new Date(inForce.effectiveFrom).toLocaleString("en-GB")}. Percentages are typed as percent (38 means 38 %). Saving
          recomputes every account in the background; everyone keeps working and sees the new values all at once.
        </p>
        <div className="space-y-6">
          <CostInputsFields
            idPrefix="default"
            legend="Default inputs (all segments)"
            value={defaultForm}
            onChange={setDefaultForm}
            errors={errors}
            errorPrefix="default"
          />
          {overrides.map(([segment, form]) => (
            <div key={segment} className="space-y-2 border-t border-slate-200 pt-4">
              <CostInputsFields
                idPrefix={`segment-${segment.replace(/\W+/g, "-")}`}
                legend={`Override for segment ${segment}`}
                value={form}
                onChange={(next) => setOverrides((list) => list.map(([s, f]) => (s === segment ? [s, next] : [s, f])))}
                errors={errors}
                errorPrefix={`segments.${segment}`}
              />
              <Button type="button" variant="secondary" onClick={() => setOverrides((list) => list.filter(([s]) => s !== segment))}>
                Remove override for {segment}
              </Button>
            </div>
          ))}
          {available.length > 0 ? (
            <div className="flex flex-wrap items-end gap-2 border-t border-slate-200 pt-4">
              <div className="min-w-0">
                <label htmlFor="new-override-segment" className="block text-sm font-medium text-slate-700">
                  Add an override for segment
                </label>
                <select
                  id="new-override-segment"
                  value={newSegment}
                  onChange={(event) => setNewSegment(event.target.value)}
                  className="mt-1 block min-h-11 rounded-lg border border-slate-300 px-3 py-2 text-base"
                >
                  <option value="">Choose a segment…</option>
                  {available.map((segment) => (
                    <option key={segment} value={segment}>
                      {segment}
                    </option>
                  ))}
                </select>
              </div>
              <Button
                type="button"
                variant="secondary"
                disabled={!newSegment}
                onClick={() => {
                  setOverrides((list) => [...list, [newSegment, { ...defaultForm, thresholds: { ...defaultForm.thresholds } }]]);
                  setNewSegment("");
                }}
              >
                Add override
              </Button>
            </div>
          ) : null}
          <div className="border-t border-slate-200 pt-4">
            <label htmlFor="cost-note" className="block text-sm font-medium text-slate-700">
              Note for the history (optional)
            </label>
            <input
              id="cost-note"
              type="text"
              maxLength={500}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              className="mt-1 block w-full min-w-0 rounded-lg border border-slate-300 px-3 py-2 text-base"
            />
            {errors.note ? <p className="mt-1 text-sm text-risk-600">{errors.note}</p> : null}
          </div>
        </div>
        {message ? (
          <p role="alert" className="mt-4 rounded-lg bg-orange-50 p-3 text-sm text-risk-600">
            {message}
          </p>
        ) : null}
        <div className="mt-4 flex flex-wrap gap-2">
          <Button type="submit" variant="secondary" disabled={busy}>
            {previewMutation.isPending || computing ? "Computing preview…" : "Preview impact"}
          </Button>
          <Button type="button" disabled={busy} onClick={() => saveMutation.mutate()}>
            {saveMutation.isPending ? "Saving…" : "Save and recompute"}
          </Button>
        </div>
      </Card>
      {computing ? (
        <p role="status" className="text-sm text-slate-600">
          {previewJob.data && previewJob.data.total > 0
            ? `Computing the impact: ${previewJob.data.done.toLocaleString("en-GB")} of ${plural(previewJob.data.total, "account")}…`
            : "Computing the impact on every account…"}
        </p>
      ) : null}
      {previewJob.data?.status === "FAILED" ? (
        <p role="alert" className="rounded-lg bg-orange-50 p-3 text-sm text-risk-600">
          The preview could not be computed: {previewJob.data.error ?? "unknown error"}. Try again.
        </p>
      ) : null}
      {previewJob.isError ? (
        <p role="alert" className="rounded-lg bg-orange-50 p-3 text-sm text-risk-600">
          Lost track of the preview; try again.
        </p>
      ) : null}
      {preview ? <PreviewResult preview={preview} /> : null}
    </form>
  );
}
