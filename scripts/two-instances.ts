// Two app instances on one PostgreSQL server must behave like one app (issue #14):
//   - the daily as-of job runs once (both start with stale metrics, both schedule the tick);
//   - a cost recompute runs once;
//   - a sign-in lock counts failures made on either instance;
//   - when the process running a job is killed (SIGKILL), the job is retried on the other
//     and ends SUCCEEDED, or ends FAILED with nothing of it applied;
//   - a web server started with JOB_WORKERS=off runs no job: a `npm run worker` process does.
// Needs a production build (.next, `npm test` makes one) and the local server.
//   node --import tsx scripts/two-instances.ts [--accounts 20000]
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { signInAttempt as signIn } from "../bench/http";
import { marginStepChange, type InForceCosts } from "../lib/settings/testing/margin-step";

const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const SERVER = process.env.TWO_INSTANCES_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const { values } = parseArgs({ options: { accounts: { type: "string", default: "20000" }, keep: { type: "boolean", default: false } } });
const name = `ltv_two_${Date.now().toString(36)}`;
const url = (() => {
  const u = new URL(SERVER);
  u.pathname = `/${name}`;
  return u.toString();
})();

let passed = 0;
let failed = 0;
function check(label: string, ok: boolean, detail = ""): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${label}${detail ? ` (${detail})` : ""}`);
}
const log = (line: string) => console.log(`[two-instances ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  output: string[];
}

function startInstance(port: number, extraEnv: Record<string, string> = {}): Instance {
  const baseUrl = `http://localhost:${port}`;
  // The production server of `npm start` (scripts/serve.mjs: the socket's address for sign-in throttling).
  return spawnProcess([path.join(ROOT, "scripts/serve.mjs")], port, {
    ...extraEnv,
    NODE_ENV: "production",
    PORT: String(port),
    NEXTAUTH_URL: baseUrl,
  });
}

/** `npm run worker` (lib/background/worker-cli.ts) on the same database. */
function startWorker(): Instance {
  return spawnProcess([TSX, "lib/background/worker-cli.ts"], 0, {});
}

function spawnProcess(args: string[], port: number, extraEnv: Record<string, string>): Instance {
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_MAX: "5",
      NEXTAUTH_SECRET: "two-instances-secret-0123456789abcdef",
      NEXT_MANUAL_SIG_HANDLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      SIGNIN_MAX_ATTEMPTS_PER_IP: "100000",
      // Every minute on both instances: pg-boss must fire each tick once, and the day must get one job.
      DAILY_RECOMPUTE_CRON: "* * * * *",
      APP_TIME_ZONE: "UTC",
      ...extraEnv,
    },
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { port, baseUrl, child, output };
}

async function healthy(instance: Instance): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (instance.child.exitCode !== null) throw new Error(`instance ${instance.port} exited: ${instance.output.slice(-20).join("\n")}`);
    try {
      if ((await fetch(`${instance.baseUrl}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`instance ${instance.port} did not come up`);
    await sleep(500);
  }
}

function stopInstance(instance: Instance, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => instance.child.once("exit", () => resolve()));
  try {
    process.kill(-instance.child.pid!, signal);
  } catch {
    return Promise.resolve();
  }
  return exited;
}

async function costChange(baseUrl: string, cookie: string, marginStep: number): Promise<string> {
  const settings = (await (await fetch(`${baseUrl}/api/settings/costs`, { headers: { cookie } })).json()) as {
    inForce: InForceCosts;
  };
  const body = marginStepChange(settings.inForce, marginStep);
  const response = await fetch(`${baseUrl}/api/settings/costs`, {
    method: "PUT",
    headers: { cookie, origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 202) throw new Error(`PUT /api/settings/costs: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { job: { id: string } }).job.id;
}

const startedLines = (instance: Instance, kind: string, jobId?: string) =>
  instance.output.filter((line) => line.includes(`job ${kind} ${jobId ?? ""}`) && line.includes("started"));

async function waitForJob(
  db: pg.Client,
  id: string,
  timeoutMs: number,
): Promise<{ status: string; done: number; total: number; error: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query(`SELECT status::text AS status, done, total, error FROM jobs WHERE id = $1`, [id]);
    const row = rows[0] as { status: string; done: number; total: number; error: string | null } | undefined;
    if (row && (row.status === "SUCCEEDED" || row.status === "FAILED")) return row;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${row?.status ?? "missing"} after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const instances: Instance[] = [];
  const db = new pg.Client({ connectionString: url });
  try {
    log(`database ${name}: migrate and seed ${values.accounts} accounts`);
    for (const args of [["lib/db/migrate-cli.ts"], ["prisma/seed.ts", "--accounts", values.accounts!]]) {
      const result = spawnSync(process.execPath, [TSX, ...args], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, DATABASE_URL: url },
      });
      if (result.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${result.status})`);
    }
    await db.connect();
    // As if the servers had been down since the day before yesterday: both must catch up, once.
    await db.query(`UPDATE account_metrics SET computed_at = computed_at - interval '2 days'`);

    log("starting two instances on ports 3211 and 3212");
    instances.push(startInstance(3211), startInstance(3212));
    await Promise.all(instances.map(healthy));
    const [a, b] = instances as [Instance, Instance];

    // 1. The day's as-of job: both instances asked for it at start; one job, run once.
    const asOf = await db.query(`SELECT id::text AS id FROM jobs WHERE kind = 'metrics-as-of'`);
    check("both instances asked for today's as-of recompute at start: one job", asOf.rows.length === 1, `${asOf.rows.length} jobs`);
    if (asOf.rows[0]) {
      const done = await waitForJob(db, String(asOf.rows[0].id), 300_000);
      check("the as-of job succeeded", done.status === "SUCCEEDED", done.error ?? "");
      const runs = startedLines(a, "metrics-as-of").length + startedLines(b, "metrics-as-of").length;
      check("the as-of job ran once across both instances", runs === 1, `${runs} runs`);
      const stale = await db.query(`SELECT count(*)::int AS n FROM account_metrics WHERE computed_at < date_trunc('day', now())`);
      check("every account is as of today", Number(stale.rows[0].n) === 0, `${stale.rows[0].n} older`);
    }

    // 2. A cost recompute runs once.
    const adminA = await signIn(a.baseUrl, "admin@demo.test", "demo1234");
    if (!adminA.cookie) throw new Error("admin sign-in failed on instance A");
    const costJob = await costChange(a.baseUrl, adminA.cookie, 0.01);
    const cost = await waitForJob(db, costJob, 300_000);
    check("the cost recompute succeeded", cost.status === "SUCCEEDED", cost.error ?? "");
    const costRuns = [...startedLines(a, "cost-recompute", costJob), ...startedLines(b, "cost-recompute", costJob)];
    check("the cost recompute ran once across both instances", costRuns.length === 1, costRuns.join(" | "));

    // 3. A sign-in lock counts failures on both instances (5 failures lock the email).
    for (let i = 0; i < 5; i++) await signIn(instances[i % 2]!.baseUrl, "rep3@demo.test", "wrong-password");
    const afterLock = await signIn(b.baseUrl, "rep3@demo.test", "demo1234");
    check("five failed sign-ins split over both instances lock the email on either", afterLock.cookie === null, `HTTP ${afterLock.status}`);

    // 4. Kill -9 the process running a cost recompute: retried on the other, or FAILED with nothing applied.
    const before = await db.query(
      `SELECT id::text AS id FROM cost_settings WHERE applied_at IS NOT NULL AND segment IS NULL ORDER BY effective_from DESC LIMIT 1`,
    );
    const killedJob = await costChange(a.baseUrl, adminA.cookie, 0.01);
    const deadline = Date.now() + 120_000;
    let runner: Instance | undefined;
    while (!runner && Date.now() < deadline) {
      const { rows } = await db.query(`SELECT status::text AS status, done FROM jobs WHERE id = $1`, [killedJob]);
      runner = instances.find((instance) => startedLines(instance, "cost-recompute", killedJob).length > 0);
      if (runner && rows[0]?.status === "RUNNING" && Number(rows[0].done) > 0) break;
      runner = undefined;
      await sleep(50);
    }
    if (!runner) throw new Error("the second cost recompute never started");
    const survivor = runner === a ? b : a;
    log(`killing instance ${runner.port} (pid ${runner.child.pid}) mid-job with SIGKILL`);
    await stopInstance(runner, "SIGKILL");
    const outcome = await waitForJob(db, killedJob, 240_000);
    const retried = startedLines(survivor, "cost-recompute", killedJob).some((line) => /attempt [1-9]/.test(line));
    const after = await db.query(
      `SELECT id::text AS id FROM cost_settings WHERE applied_at IS NOT NULL AND segment IS NULL ORDER BY effective_from DESC LIMIT 1`,
    );
    const pending = await db.query(`SELECT count(*)::int AS n FROM cost_settings WHERE applied_at IS NULL`);
    const shadow = await db.query(`SELECT to_regclass('account_metrics_next') IS NOT NULL AS present`);
    const counts = await db.query(
      `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM account_metrics)::int AS metrics`,
    );
    if (outcome.status === "SUCCEEDED") {
      check("the killed job was retried on the surviving instance and succeeded", retried, `survivor ${survivor.port}`);
      check("its version is the one in force", after.rows[0]?.id !== before.rows[0]?.id);
    } else {
      check(
        "the killed job ended FAILED with its version discarded",
        Number(pending.rows[0].n) === 0 && after.rows[0]?.id === before.rows[0]?.id,
        outcome.error ?? "",
      );
    }
    check(
      "nothing half-applied: no pending version, no shadow table, one metrics row per account",
      Number(pending.rows[0].n) === 0 && shadow.rows[0].present === false && counts.rows[0].accounts === counts.rows[0].metrics,
      JSON.stringify({ pending: pending.rows[0].n, shadow: shadow.rows[0].present, ...counts.rows[0] }),
    );
    const mixed = await db.query(
      `SELECT count(DISTINCT model_fit_id)::int AS fits, count(*) FILTER (WHERE computed_at < (SELECT min(started_at) FROM jobs WHERE id = $1))::int AS older
         FROM account_metrics`,
      [killedJob],
    );
    check(
      "every account was written by the retried job (no mix of old and new inputs)",
      outcome.status !== "SUCCEEDED" || Number(mixed.rows[0].older) === 0,
      JSON.stringify(mixed.rows[0]),
    );

    // 5. The schedule: pg-boss fired each minute's tick once, however many instances scheduled it.
    const ticks = await db.query(
      `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS n FROM pgboss.job WHERE name = 'metrics-as-of-tick' GROUP BY 1 ORDER BY 1`,
    );
    check(
      "each scheduled tick was sent once",
      ticks.rows.every((row) => Number(row.n) === 1),
      JSON.stringify(ticks.rows.map((row) => Number(row.n))),
    );

    // 6. Web servers with JOB_WORKERS=off enqueue; a worker process runs the jobs (issue #21: a
    //    refit or daily pass at 1 000 000 accounts stays out of the web server's memory).
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    const web = startInstance(3213, { JOB_WORKERS: "off" });
    const worker = startWorker();
    instances.push(web, worker);
    await healthy(web);
    const workerReady = () => worker.output.some((line) => line.startsWith("job worker ready"));
    const readyDeadline = Date.now() + 60_000;
    while (!workerReady() && Date.now() < readyDeadline) await sleep(250);
    check("the worker process started", workerReady(), worker.output.slice(-3).join(" | "));
    check(
      "the web server says its workers are off",
      web.output.some((line) => line.includes("JOB_WORKERS=off")),
    );
    const adminWeb = await signIn(web.baseUrl, "admin@demo.test", "demo1234");
    if (!adminWeb.cookie) throw new Error("admin sign-in failed on the web server without workers");
    const workerJob = await costChange(web.baseUrl, adminWeb.cookie, 0.01);
    const workerOutcome = await waitForJob(db, workerJob, 300_000);
    check("a cost recompute asked for on the web server succeeded", workerOutcome.status === "SUCCEEDED", workerOutcome.error ?? "");
    check(
      "the worker process ran it, the web server did not",
      startedLines(worker, "cost-recompute", workerJob).length === 1 && startedLines(web, "cost-recompute").length === 0,
      `worker ${startedLines(worker, "cost-recompute", workerJob).length}, web ${startedLines(web, "cost-recompute").length}`,
    );
    const stopStarted = Date.now();
    await stopInstance(worker);
    check("the worker stops on SIGTERM", Date.now() - stopStarted < 15_000, `${Date.now() - stopStarted} ms`);
  } finally {
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    await db.end().catch(() => {});
    if (!values.keep) {
      const cleanup = new pg.Client({ connectionString: SERVER });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
