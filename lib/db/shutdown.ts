// The start script sets NEXT_MANUAL_SIG_HANDLE so Next leaves SIGTERM/SIGINT to
// us: the embedded database must be closed cleanly, or PGlite can lose state on disk.
// Whatever must finish before the database closes (the job queue draining its
// workers) registers a hook here; lib/db knows no feature.
import { closeDatabase } from "./client";
import { closeReadReplica } from "./read-database";

type ShutdownHook = () => Promise<void>;

const hooks: ShutdownHook[] = ((globalThis as unknown as { __ltvShutdownHooks?: ShutdownHook[] }).__ltvShutdownHooks ??= []);

/** Runs `hook` on SIGTERM/SIGINT before the database closes (once per hook function). */
export function beforeDatabaseCloses(hook: ShutdownHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Under Next only when its own signal handling is off (NEXT_MANUAL_SIG_HANDLE); `always` in a process of ours. */
export function installGracefulShutdown(opts: { always?: boolean } = {}): void {
  if (!opts.always && !process.env.NEXT_MANUAL_SIG_HANDLE) return;
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    Promise.allSettled(hooks.map((hook) => hook()))
      .then(() => Promise.all([closeReadReplica(), closeDatabase()]))
      .catch((error) => console.error("closing the database failed:", error))
      .finally(() => process.exit(code));
  };
  process.on("SIGTERM", () => shutdown(143));
  process.on("SIGINT", () => shutdown(130));
}
