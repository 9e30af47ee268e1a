// Imports run in the background of the server process that accepted them (like
// the model refit, lib/metrics/background.ts). Tests and shutdown can wait for
// them; shutdown asks them to stop after the chunk in flight, which leaves them
// resumable from their checkpoint.
import { database } from "@/lib/db/client";
import { runImport, type RunImportOptions, type RunOutcome } from "./run-import";

interface ImportRunners {
  running: Map<string, Promise<RunOutcome>>;
  stopping: boolean;
}

const state = ((globalThis as unknown as { __ltvImports?: ImportRunners }).__ltvImports ??= { running: new Map(), stopping: false });

export function runImportInBackground(importId: string, opts: RunImportOptions = {}): Promise<RunOutcome> {
  const current = state.running.get(importId);
  if (current) return current;
  const promise = database()
    .then((db) => runImport(db, importId, { ...opts, shouldStop: () => state.stopping || (opts.shouldStop?.() ?? false) }))
    .catch((error: unknown) => {
      console.error(`import ${importId} could not run:`, error);
      return "FAILED" as const;
    })
    .finally(() => state.running.delete(importId));
  state.running.set(importId, promise);
  return promise;
}

export function isImportRunningHere(importId: string): boolean {
  return state.running.has(importId);
}

/** Resolves when no import runs in this process. */
export async function whenImportsIdle(): Promise<void> {
  while (state.running.size > 0) await Promise.allSettled([...state.running.values()]);
}

/** Shutdown: finish the chunk in flight, then stop (the imports stay resumable). */
export async function stopImports(): Promise<void> {
  state.stopping = true;
  await whenImportsIdle();
}
