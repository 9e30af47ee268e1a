// The start script sets NEXT_MANUAL_SIG_HANDLE so Next leaves SIGTERM/SIGINT to
// us: the embedded database must be closed cleanly, or PGlite can lose state on disk.
import { closeDatabase } from "./client";

export function installGracefulShutdown(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  let closing = false;
  const shutdown = (code: number) => {
    if (closing) return;
    closing = true;
    closeDatabase()
      .catch((error) => console.error("closing the database failed:", error))
      .finally(() => process.exit(code));
  };
  process.on("SIGTERM", () => shutdown(143));
  process.on("SIGINT", () => shutdown(130));
}
