// `npx tsx bench/worker-memory.ts [--connections 20] [--seconds 15] [--port 3631] [--out PATH]`
//
// Issue #21's memory target in the topology a large book runs: a web server with
// JOB_WORKERS=off and a `npm run worker` process beside it, on the bench's PostgreSQL database
// (BENCH_DATABASE, seeded by `npm run bench`; this script never seeds). An admin asks the web
// server for a model refit over HTTP (POST /api/model/refit: the refit plus every account's
// metrics, the daily pass's work); while the worker runs it, autocannon keeps the web server busy
// on the account page and the rankings, in rounds. Both process trees' memory is sampled from
// /proc every 250 ms. Prints and writes (JSON + Markdown) the job's time, both peaks and each
// round's throughput and latency.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";
import { benchDatabaseUrl } from "./databases";
import { ensureBuild, load, MemorySampler, signIn, startServer, type LoadResult, type RunningServer } from "./http";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "20" },
    seconds: { type: "string", default: "15" },
    port: { type: "string", default: "3631" },
    out: { type: "string" },
  },
});

const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const database = process.env.BENCH_DATABASE ?? "ltv_bench";
const url = benchDatabaseUrl(database);
const log = (line: string) => console.log(`[worker-memory ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Results {
  commit: string;
  database: string;
  accounts: number;
  job: { id: string; status: string; seconds: number; error: string | null };
  memory: {
    webServer: { peakRssMb: number; peakHwmMb: number; samples: number };
    worker: { peakRssMb: number; peakHwmMb: number; samples: number };
  };
  rounds: LoadResult[];
}

function startWorker(): { pid: number; ready: Promise<void>; stop(): Promise<void> } {
  const child = spawn(process.execPath, [TSX, "lib/background/worker-cli.ts"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // No schedule and no refit after orders: the one job is the one this bench asks for.
    env: { ...process.env, DATABASE_URL: url, DAILY_RECOMPUTE_CRON: "off", MODEL_REFIT_AFTER_PURCHASES: "100000000" },
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = (async () => {
    const deadline = Date.now() + 120_000;
    while (!output.includes("job worker ready")) {
      if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}): ${output}`);
      if (Date.now() > deadline) throw new Error(`the worker did not start within 120 s: ${output}`);
      await sleep(250);
    }
  })();
  return {
    pid: child.pid!,
    ready,
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

async function main(): Promise<void> {
  ensureBuild(log);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const accounts = Number((await db.query(`SELECT count(*)::int AS n FROM accounts`)).rows[0].n);
  const accountIds = (await db.query(`SELECT id::text AS id FROM accounts ORDER BY md5(id::text || 'http') LIMIT 2000`)).rows.map((r) =>
    String(r.id),
  );
  const rankingPaths = ["historical", "formula", "predicted", "palive"].map((m) => `/api/rankings?measure=${m}&limit=50`);
  let server: RunningServer | null = null;
  let worker: ReturnType<typeof startWorker> | null = null;
  try {
    server = await startServer({ port: Number(values.port), databaseUrl: url, log, env: { JOB_WORKERS: "off" } });
    worker = startWorker();
    await worker.ready;
    log(`worker up (pid ${worker.pid}); web server pid ${server.child.pid}`);
    const webMemory = new MemorySampler(server.child.pid!);
    const workerMemory = new MemorySampler(worker.pid);
    webMemory.start();
    workerMemory.start();
    const manager = await signIn(server.baseUrl, "manager@demo.test");
    const admin = await signIn(server.baseUrl, "admin@demo.test");
    const asked = await fetch(`${server.baseUrl}/api/model/refit`, { method: "POST", headers: { cookie: admin, origin: server.baseUrl } });
    if (asked.status !== 202) throw new Error(`POST /api/model/refit: HTTP ${asked.status} ${await asked.text()}`);
    const jobId = ((await asked.json()) as { job: { id: string } }).job.id;
    const started = Date.now();
    log(`refit job ${jobId} asked for; load rounds of ${values.connections} connections × ${values.seconds} s until it ends`);
    const rounds: LoadResult[] = [];
    let row: { status: string; error: string | null } | undefined;
    for (let turn = 0; ; turn++) {
      row = (await db.query(`SELECT status::text AS status, error FROM jobs WHERE id = $1`, [jobId])).rows[0];
      if (row && (row.status === "SUCCEEDED" || row.status === "FAILED")) break;
      const paths = turn % 2 === 0 ? accountIds.map((id) => `/api/accounts/${id}`) : rankingPaths;
      const label = turn % 2 === 0 ? "GET /api/accounts/{id}" : "GET /api/rankings?limit=50";
      const round = await load(server.baseUrl, manager, label, paths, {
        connections: Number(values.connections),
        seconds: Number(values.seconds),
      });
      rounds.push(round);
      log(
        `  ${label}: ${round.requestsPerSecond} req/s, p50 ${round.latencyMs.p50} ms, p99 ${round.latencyMs.p99} ms · web ${Math.round(webMemory.peakRssKb / 1024)} MB, worker ${Math.round(workerMemory.peakRssKb / 1024)} MB peak so far`,
      );
    }
    const results: Results = {
      commit: gitCommit(),
      database,
      accounts,
      job: { id: jobId, status: row!.status, seconds: Math.round((Date.now() - started) / 100) / 10, error: row!.error },
      memory: { webServer: webMemory.stop(), worker: workerMemory.stop() },
      rounds,
    };
    log(
      `job ${results.job.status} in ${results.job.seconds} s; peak RSS: web server ${results.memory.webServer.peakRssMb} MB, worker ${results.memory.worker.peakRssMb} MB`,
    );
    if (values.out) {
      fs.writeFileSync(`${values.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
      fs.writeFileSync(`${values.out}.md`, markdown(results));
      log(`wrote ${values.out}.json and .md`);
    }
    if (results.job.status !== "SUCCEEDED") process.exitCode = 1;
  } finally {
    await worker?.stop();
    await server?.stop();
    await db.end();
  }
}

function gitCommit(): string {
  return spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() || "unknown";
}

function markdown(r: Results): string {
  const lines = [
    `# Jobs in their own process: memory at ${r.accounts.toLocaleString("en")} accounts`,
    "",
    `Commit \`${r.commit.slice(0, 7)}\`, database \`${r.database}\`. Web server \`next start\` with \`JOB_WORKERS=off\`; \`npm run worker\` beside it ran a model refit asked for over HTTP (the refit, then every account through the shadow table).`,
    "",
    `| | value |`,
    `| --- | --- |`,
    `| job | ${r.job.status} in ${r.job.seconds} s${r.job.error ? ` (${r.job.error})` : ""} |`,
    `| web server peak RSS (process tree, sampled every 250 ms) | **${r.memory.webServer.peakRssMb} MB** (VmHWM ${r.memory.webServer.peakHwmMb} MB) |`,
    `| worker peak RSS | **${r.memory.worker.peakRssMb} MB** (VmHWM ${r.memory.worker.peakHwmMb} MB) |`,
    "",
    "Load on the web server while the job ran (autocannon, one round after another):",
    "",
    "| round | route | connections | req/s | p50 ms | p99 ms | non-2xx |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...r.rounds.map(
      (round, i) =>
        `| ${i + 1} | ${round.path} | ${round.connections} | ${round.requestsPerSecond} | ${round.latencyMs.p50} | ${round.latencyMs.p99} | ${round.non2xx} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
