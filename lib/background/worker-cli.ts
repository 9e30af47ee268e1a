// `npm run worker`: a process that runs the background jobs (the daily as-of pass, refits, cost
// recomputes, imports, reminders) for web servers started with JOB_WORKERS=off. At 1 000 000
// accounts a refit or daily pass needs far more memory than a web server serving requests
// (docs/performance.md), and here it never takes the web server's event loop. Run one or more
// per database; pg-boss gives each job to one of them and retries a job whose worker died on
// another. SIGTERM or SIGINT stops it: running jobs stop at their next batch and run again.
import { env } from "@/lib/env";
import { installGracefulShutdown } from "@/lib/db/shutdown";
import { openQueueDatabase, startJobWorkers } from "./server";

async function main(): Promise<void> {
  if (!env().DATABASE_URL) {
    console.error("npm run worker needs DATABASE_URL: the embedded database opens in one process, where `npm start` runs the jobs itself.");
    process.exit(2);
  }
  installGracefulShutdown({ always: true });
  const { catchUp } = await startJobWorkers(await openQueueDatabase());
  console.info(`job worker ready in process ${process.pid}${catchUp ? " (catching up: metrics older than today)" : ""}`);
}

main().catch((error) => {
  console.error("job worker failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
