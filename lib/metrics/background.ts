// Background refit: after MODEL_REFIT_AFTER_PURCHASES committed writes (or on an
// admin's request) the model and every account's metrics are recomputed off the
// request path. One at a time per process; a request never waits for it.
import { database } from "@/lib/db/client";
import { env } from "@/lib/env";
import { recomputeAllMetrics, type RecomputeAllResult } from "./recompute";

interface RefitState {
  writesSinceRefit: number;
  running: Promise<RecomputeAllResult> | null;
  lastResult: RecomputeAllResult | null;
  lastError: string | null;
}

const state = ((globalThis as unknown as { __ltvRefit?: RefitState }).__ltvRefit ??= {
  writesSinceRefit: 0,
  running: null,
  lastResult: null,
  lastError: null,
});

export function noteMetricsWrite(): void {
  noteMetricsWrites(1);
}

/** Counts several committed writes at once (a CSV import): at most one refit starts. */
export function noteMetricsWrites(count: number): void {
  if (count <= 0) return;
  state.writesSinceRefit += count;
  if (state.writesSinceRefit >= env().MODEL_REFIT_AFTER_PURCHASES) void startRefit();
}

/** Starts a refit unless one is running; returns the running one. */
export function startRefit(): Promise<RecomputeAllResult> {
  if (state.running) return state.running;
  state.writesSinceRefit = 0;
  state.running = database()
    .then((db) => recomputeAllMetrics(db))
    .then((result) => {
      state.lastResult = result;
      state.lastError = null;
      return result;
    })
    .catch((error: unknown) => {
      state.lastError = error instanceof Error ? error.message : String(error);
      console.error("background refit failed:", error);
      throw error;
    })
    .finally(() => {
      state.running = null;
    });
  state.running.catch(() => {});
  return state.running;
}

export function refitStatus() {
  return { running: state.running !== null, writesSinceRefit: state.writesSinceRefit, lastResult: state.lastResult, lastError: state.lastError };
}

/** Resolves when no refit is running (tests and shutdown wait for it before closing the database). */
export async function whenRefitIdle(): Promise<void> {
  while (state.running) await state.running.catch(() => {});
}
