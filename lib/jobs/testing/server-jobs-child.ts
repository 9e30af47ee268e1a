// A separate process that starts the server's side of the job system exactly as the app
// does at start (lib/background/server.ts: queue, workers, as-of catch-up), waits until the jobs
// are done, and stops. Run under Debian's `faketime` it is the app restarted N days later
// (as-of.db.test.ts). The database comes from the environment (DATABASE_URL or PGLITE_DATA_DIR).
//   faketime '+150 days' node --import tsx lib/jobs/testing/server-jobs-child.ts
import { closeDatabase } from "@/lib/db/client";
import { startServerJobs } from "@/lib/background/server";
import { stopJobQueue, whenJobsIdle } from "@/lib/jobs/queue";

const started = await startServerJobs();
process.stdout.write(`catch-up ${started.catchUp ? "queued" : "not needed"}\n`);
await whenJobsIdle({ timeoutMs: 300_000 });
await stopJobQueue();
await closeDatabase();
process.stdout.write("done\n");
