// Every kind of background job, in one place: its handler, retry policy, what it undoes
// when it fails for good, and its schedule live with the feature that owns it; this list
// is what a worker process runs (instrumentation.ts, the test fixture).
import { metricsAsOfJob, metricsAsOfTick, modelRefitJob } from "@/lib/metrics/jobs";
import { costPreviewJob } from "@/lib/settings/cost-preview-job";
import { costRecomputeJob } from "@/lib/settings/cost-recompute-job";
import { csvImportJob } from "@/lib/imports/imports";
import { backtestJob } from "@/lib/backtest/backtests";
import { flagRecordsSyncJob } from "@/lib/flag-records/sync-job";
import { fxReconvertJob } from "@/lib/fx-rates/reconvert-job";
import type { JobKind } from "@/lib/jobs/queue";

export const JOB_KINDS: ReadonlyArray<JobKind<never>> = [
  modelRefitJob,
  metricsAsOfJob,
  metricsAsOfTick,
  costPreviewJob,
  costRecomputeJob,
  csvImportJob,
  backtestJob,
  flagRecordsSyncJob,
  fxReconvertJob,
] as unknown as ReadonlyArray<JobKind<never>>;
