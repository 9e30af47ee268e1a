// `npm run bench [-- --quick] [--skip-seed] [--skip-http] [--skip-pglite] [--skip-cost-change] [--out PATH] [--port N]`
//
// Seeds a large data set on the local PostgreSQL server (full: 100 000 accounts,
// ~2 M purchases; --quick: 10 000 and ~200 000) in the bench's own database
// (ltv_bench / ltv_bench_quick, kept for --skip-seed) and a small one on embedded
// PGlite (temp dir, removed after), then measures seeding, log-order, account,
// ranking and dashboard latency next to naive baselines, the model refit, the CSV
// import, HTTP throughput of the built app and its peak memory. Writes
// PATH.json and PATH.md (default bench/results[-full]) and prints the table.
// A manual command: not part of `npm test` or CI. See docs/performance.md.
import { benchCsvImport } from "./import";
import { benchCostChange } from "./cost-change";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchJobsEmbedded, jobsEmbeddedMarkdown } from "./jobs-embedded";
import type { Database } from "@/lib/db/client";
import { openBenchPglite, openBenchPostgres, serverVersion, type SeedMeasure } from "./databases";
import { runInProcess, type InProcessOptions, type InProcessResult } from "./in-process";
import { capturePlans } from "./plans";
import { naiveRankingStatement } from "./naive";
import { ensureBuild, load, MemorySampler, signIn, startServer, type LoadResult, type RunningServer } from "./http";
import { evaluateTargets, markdown, type BenchMode, type BenchResults, type DailyRecompute, type Phase } from "./report";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { countAccounts } from "@/lib/metrics/store";
import { runnerQuery } from "@/lib/db/sql";
import { progressBar } from "./progress";

// The in-process measures log orders through the real code path; no background
// refit may start in the middle of them (lib/metrics/background.ts).
process.env.MODEL_REFIT_AFTER_PURCHASES = "100000000";

const MODES: Record<"quick" | "full", ModeConfig> = {
  quick: {
    accounts: 10_000,
    pgliteAccounts: 2_000,
    // BENCH_DATABASE: another name, so two worktrees' benches on one server do not share a database.
    database: process.env.BENCH_DATABASE ?? "ltv_bench_quick",
    httpSeconds: 5,
    importRows: 20_000,
    out: "results",
    pg: { logOrders: 200, accountPages: 200, rankingSamples: 20, naiveRankingSamples: 5, dashboardSamples: 20, deepRank: 2_000 },
  },
  full: {
    accounts: 100_000,
    pgliteAccounts: 2_000,
    database: process.env.BENCH_DATABASE ?? "ltv_bench",
    httpSeconds: 10,
    importRows: 100_000,
    out: "results-full",
    pg: { logOrders: 200, accountPages: 200, rankingSamples: 20, naiveRankingSamples: 5, dashboardSamples: 20, deepRank: 10_000 },
  },
};
interface ModeConfig {
  accounts: number;
  pgliteAccounts: number;
  database: string;
  httpSeconds: number;
  importRows: number;
  out: string;
  pg: Omit<InProcessOptions, "measureRecompute" | "log">;
}

/**
 * `--accounts N` (issue #21: N = 1 000 000, ~19 M purchases): the PostgreSQL measures at that size with
 * fewer samples of the slow naive baselines, the daily as-of recompute, and the server's memory under a
 * short HTTP load. No PGlite, CSV import or cost change (the 100 000 run covers them).
 */
function scaleMode(accounts: number): ModeConfig {
  const label = accounts === 1_000_000 ? "million" : accounts % 1000 === 0 ? `${accounts / 1000}k` : String(accounts);
  return {
    accounts,
    pgliteAccounts: 0,
    database: process.env.BENCH_DATABASE ?? `ltv_bench_${label}`,
    httpSeconds: 10,
    importRows: 0,
    out: `results-${label}`,
    pg: {
      logOrders: 300,
      accountPages: 300,
      rankingSamples: 10,
      // A naive GROUP BY over ~19 M purchases takes tens of seconds: 1 timed run after 1 warm-up.
      naiveRankingSamples: 1,
      dashboardSamples: 0,
      deepRank: Math.min(100_000, Math.floor(accounts / 10)),
      refitRuns: 3,
    },
  };
}

/** The 1-minute load average sampled every 5 s, grouped by the step running at the time. */
class PhaseLoad {
  private current: { phase: string; started: number; loads: number[] } | null = null;
  readonly phases: Phase[] = [];
  private readonly timer = setInterval(() => this.current?.loads.push(os.loadavg()[0]!), 5_000);

  enter(phase: string): void {
    this.close();
    this.current = { phase, started: performance.now(), loads: [os.loadavg()[0]!] };
  }

  close(): void {
    const c = this.current;
    if (!c) return;
    c.loads.push(os.loadavg()[0]!);
    const r2 = (v: number) => Math.round(v * 100) / 100;
    this.phases.push({
      phase: c.phase,
      seconds: Math.round((performance.now() - c.started) / 1000),
      load1: {
        min: r2(Math.min(...c.loads)),
        mean: r2(c.loads.reduce((a, b) => a + b, 0) / c.loads.length),
        max: r2(Math.max(...c.loads)),
      },
    });
    this.current = null;
  }

  stop(): Phase[] {
    this.close();
    clearInterval(this.timer);
    return this.phases;
  }
}

/** The daily as-of recompute as metricsAsOfJob runs it (lib/metrics/jobs.ts): refit, batches of 1 000, paced, months only where reconverted. */
async function measureDailyRecompute(db: Database, progress: boolean): Promise<DailyRecompute> {
  const total = await countAccounts(runnerQuery(db));
  const bar = progress ? progressBar("daily as-of recompute", total, "accounts") : null;
  // The job's own memory, as in the process that runs it: the web server's by default, or a worker's
  // (JOB_WORKERS=off and npm run worker; bench/worker-memory.ts measures that topology).
  const memory = new MemorySampler(process.pid);
  memory.start();
  const started = performance.now();
  const run = await recomputeAllMetrics(db, {
    asOf: new Date(),
    batchSize: 1000,
    // The job's pacer on PostgreSQL (lib/jobs/queue.ts) yields to the event loop between batches.
    pace: () => new Promise((resolve) => setImmediate(resolve)),
    onProgress: bar ? (done) => bar.update(done) : undefined,
    log: (line) => log(`pg: daily: ${line}`),
    // As the job: orders do not change in this pass, so only reconverted accounts' months are rebuilt.
    revenueMonths: "converted",
  });
  const totalMs = Math.round(performance.now() - started);
  const peak = memory.stop();
  bar?.finish();
  return {
    accounts: run.accounts,
    totalMs,
    refitMs: Math.round(run.fitMs),
    recomputeMs: Math.round(run.recomputeMs),
    accountsPerSecond: Math.round(run.accounts / (run.recomputeMs / 1000)),
    peakRssMb: peak.peakRssMb,
    indexesMs: run.swap.indexesMs,
    swapMs: run.swap.swapMs,
    swapSteps: run.swap.swapSteps,
    recomputedInSwap: run.swap.recomputedInSwap,
  };
}

const PGLITE_SAMPLES = {
  logOrders: 100,
  accountPages: 100,
  rankingSamples: 10,
  naiveRankingSamples: 3,
  dashboardSamples: 3,
  deepRank: 1_000,
};

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function git(args: string[]): string {
  const result = spawnSync("git", args, { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

/**
 * INTEGRATION POINT for the lead: the CSV import benchmark (bench/import.ts,
 * `benchCsvImport`) is written on another branch. Until it is merged this
 * returns { skipped } and the results say "not measured".
 */
async function measureImport(databaseUrl: string, rows: number): Promise<BenchResults["postgres"]["csvImport"]> {
  const result = await benchCsvImport({ databaseUrl, rows, log: (line) => log(`  import: ${line}`) });
  return { rows: result.rows, ms: Math.round(result.ms), rowsPerSecond: Math.round(result.rowsPerSecond) };
}

/** bench/proposed-indexes.sql: indexes proposed for a migration, applied to the bench databases only. */
async function applyProposedIndexes(db: Database): Promise<void> {
  log(`applying bench/proposed-indexes.sql to the ${db.kind} bench database`);
  await db.runner.exec(fs.readFileSync(path.join("bench", "proposed-indexes.sql"), "utf8"));
  await db.runner.exec("ANALYZE accounts");
}

// Indexes proposed but not yet in prisma/migrations (accounts_name_trgm_idx graduated to a migration).
const PROPOSED_INDEXES: string[] = [];

/** Which of the proposed indexes the measured PostgreSQL database has (a --skip-seed run keeps what it finds). */
async function proposedIndexesPresent(db: Database): Promise<string[]> {
  const rows = await db.runner.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE indexname = ANY($1::text[])`, [
    PROPOSED_INDEXES,
  ]);
  return rows.map((row) => row.indexname);
}

async function measureHttp(url: string, db: Database, opts: { port: number; seconds: number }): Promise<BenchResults["postgres"]["http"]> {
  const buildMs = ensureBuild(log);
  const accountIds = (
    await db.runner.query<{ id: string }>(`SELECT id::text AS id FROM accounts ORDER BY md5(id::text || 'http') LIMIT 2000`)
  ).map((r) => r.id);
  let server: RunningServer | null = null;
  try {
    server = await startServer({ port: opts.port, databaseUrl: url, log });
    const memory = new MemorySampler(server.child.pid!);
    memory.start();
    const signInStarted = performance.now();
    const cookie = await signIn(server.baseUrl, "manager@demo.test");
    const signInMs = Math.round(performance.now() - signInStarted);
    const loads: LoadResult[] = [];
    const rankingPaths = ["historical", "formula", "predicted", "palive"].map((m) => `/api/rankings?measure=${m}&limit=50`);
    // A short warm-up so the first requests' compilation and pool start-up are not in the figures.
    await load(server.baseUrl, cookie, "warm-up", [...accountIds.slice(0, 50).map((id) => `/api/accounts/${id}`), ...rankingPaths], {
      connections: 4,
      seconds: 2,
    });
    log(`autocannon GET /api/accounts/{id}: 20 connections × ${opts.seconds} s`);
    loads.push(
      await load(
        server.baseUrl,
        cookie,
        "GET /api/accounts/{id} (2 000 ids rotated)",
        accountIds.map((id) => `/api/accounts/${id}`),
        { connections: 20, seconds: opts.seconds },
      ),
    );
    log(`autocannon GET /api/rankings: 20 connections × ${opts.seconds} s`);
    loads.push(
      await load(server.baseUrl, cookie, "GET /api/rankings?limit=50 (4 measures rotated)", rankingPaths, {
        connections: 20,
        seconds: opts.seconds,
      }),
    );
    return { buildMs, signInMs, loads, memory: memory.stop() };
  } finally {
    await server?.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      "skip-seed": { type: "boolean", default: false },
      "skip-http": { type: "boolean", default: false },
      "skip-pglite": { type: "boolean", default: false },
      "skip-cost-change": { type: "boolean", default: false },
      // --accounts: leave out the daily as-of recompute (e.g. on a reused database whose first pass was timed).
      "skip-daily": { type: "boolean", default: false },
      "with-proposed": { type: "boolean", default: false },
      // Only the embedded-database jobs benchmark (bench/jobs-embedded.ts).
      "jobs-embedded": { type: "boolean", default: false },
      accounts: { type: "string" },
      "import-rows": { type: "string" },
      out: { type: "string" },
      port: { type: "string", default: process.env.BENCH_PORT ?? "3105" },
    },
    strict: true,
  });
  if (values["jobs-embedded"]) {
    const accounts = Number(values.accounts ?? 50_000);
    const importRows = Number(values["import-rows"] ?? 50_000);
    const result = await benchJobsEmbedded({ accounts, importRows, port: Number(values.port), log });
    const base = path.resolve(values.out ?? path.join("bench", "results-jobs-embedded"));
    fs.writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + "\n");
    fs.writeFileSync(`${base}.md`, jobsEmbeddedMarkdown(result));
    log(`wrote ${path.relative(process.cwd(), base)}.md`);
    return;
  }
  const scaleAccounts = values.accounts === undefined ? null : Number(values.accounts);
  if (scaleAccounts !== null && !(Number.isInteger(scaleAccounts) && scaleAccounts >= 1000)) {
    throw new Error("--accounts needs a whole number ≥ 1000");
  }
  const mode: BenchMode = scaleAccounts !== null ? "scale" : values.quick ? "quick" : "full";
  const config = scaleAccounts !== null ? scaleMode(scaleAccounts) : MODES[mode as "quick" | "full"];
  const scale = mode === "scale";
  const out = path.resolve(values.out ?? path.join("bench", config.out));
  const started = performance.now();
  const loadAverageAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const notes: string[] = [];
  const phases = new PhaseLoad();
  log(
    `mode ${mode}: ${config.accounts.toLocaleString("en-US")} accounts on PostgreSQL${scale ? "" : `, ${config.pgliteAccounts.toLocaleString("en-US")} on PGlite`}`,
  );

  // --- PostgreSQL -------------------------------------------------------------
  phases.enter("seed + first metrics pass");
  const pg = await openBenchPostgres(config.database, {
    accounts: config.accounts,
    skipSeed: values["skip-seed"],
    log,
    progress: scale,
  });
  if (values["with-proposed"]) await applyProposedIndexes(pg.db);
  let pgInProcess: InProcessResult;
  let plans: Record<string, string> = {};
  let http: BenchResults["postgres"]["http"] = { skipped: "--skip-http" };
  let costChange: NonNullable<BenchResults["postgres"]["costChange"]> = { skipped: "not reached" };
  let dailyRecompute: DailyRecompute | { skipped: string } | undefined = scale ? { skipped: "not reached" } : undefined;
  let pgVersion = "unknown";
  let proposed: string[] = [];
  try {
    pgVersion = await serverVersion();
    proposed = await proposedIndexesPresent(pg.db);
    phases.enter("in-process measures");
    const options: InProcessOptions = {
      ...config.pg,
      // At scale the daily as-of recompute below is the full pass that is timed.
      measureRecompute: !scale && pg.seed === null && pg.initialRecompute === null,
      log: (line) => {
        // Each measure logs one line as it starts: the load average is kept per measure.
        if (scale && !line.startsWith("  ")) phases.enter(`in-process: ${line.replace(/ [×(].*$/, "")}`);
        log(`pg: ${line}`);
      },
    };
    pgInProcess = await runInProcess(pg.db, options);
    if (pg.initialRecompute) {
      const r = pg.initialRecompute;
      pgInProcess.recompute = {
        accounts: r.accounts,
        recomputeMs: Math.round(r.recomputeMs),
        accountsPerSecond: Math.round(r.accounts / (r.recomputeMs / 1000)),
      };
    }
    phases.enter("query plans");
    log("capturing query plans");
    const [segment] = await pg.db.runner.query<{ segment: string }>(
      `SELECT segment FROM accounts GROUP BY segment ORDER BY count(*) DESC, segment LIMIT 1`,
    );
    const [rep] = await pg.db.runner.query<{ id: string }>(
      `SELECT owner_id::text AS id FROM accounts GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1`,
    );
    const nameFilter = pgInProcess.rankings.find((r) => r.filter.startsWith("q="))?.filter ?? `q="offic"`;
    const nameTerm = nameFilter.slice(3, -1);
    plans = await capturePlans(pg.db, { segment: segment!.segment, nameTerm, repId: rep!.id, naiveRankingSql: naiveRankingStatement({}) });
    if (scale && values["skip-daily"]) dailyRecompute = { skipped: "--skip-daily" };
    else if (scale) {
      phases.enter("daily as-of recompute");
      log("daily as-of recompute (refit + every account, as metricsAsOfJob runs it)");
      dailyRecompute = await measureDailyRecompute(pg.db, true);
    }
    phases.enter("HTTP load + server memory");
    if (!values["skip-http"]) http = await measureHttp(pg.url, pg.db, { port: Number(values.port), seconds: config.httpSeconds });
    phases.enter("cost change");
    // Last on this database: it rewrites every metrics row.
    costChange = values["skip-cost-change"]
      ? { skipped: "--skip-cost-change" }
      : scale
        ? { skipped: "not part of the --accounts run (measured at 100 000 by the full run)" }
        : await benchCostChange(pg.db, (line) => log(`pg: ${line}`));
  } finally {
    await pg.db.close();
  }
  phases.enter("CSV import");
  let csvImport: BenchResults["postgres"]["csvImport"] = {
    skipped: "not part of the --accounts run (measured at 100 000 by the full run)",
  };
  if (!scale) {
    log("CSV import");
    csvImport = await measureImport(pg.url, config.importRows);
  }

  // --- embedded PGlite ----------------------------------------------------------
  let pglite: BenchResults["pglite"] = { skipped: scale ? "not part of the --accounts run" : "--skip-pglite" };
  let pgliteVersion = "unknown";
  if (!values["skip-pglite"] && !scale) {
    phases.enter("PGlite");
    const embedded = await openBenchPglite(config.pgliteAccounts, (line) => log(`pglite: ${line}`));
    try {
      if (values["with-proposed"]) await applyProposedIndexes(embedded.db);
      const [version] = await embedded.db.runner.query<{ server_version: string }>(`SHOW server_version`);
      pgliteVersion = `${JSON.parse(fs.readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")).version} (PostgreSQL ${version?.server_version})`;
      const inProcess = await runInProcess(embedded.db, {
        ...PGLITE_SAMPLES,
        measureRecompute: false,
        log: (line) => log(`pglite: ${line}`),
      });
      pglite = { seed: embedded.seed as SeedMeasure, inProcess };
    } finally {
      await embedded.db.close();
    }
  }

  notes.push(
    proposed.length > 0
      ? `Measured WITH the proposed index(es) ${proposed.join(", ")} (bench/proposed-indexes.sql), not yet in prisma/migrations.`
      : "Measured with the schema of prisma/migrations only (no proposed indexes).",
  );
  if (mode === "quick") notes.push("Quick run: the targets are stated for the full data set (100 000 accounts); here they only indicate.");
  if (scale && config.accounts < 1_000_000)
    notes.push("Validation run below 1 000 000 accounts: issue #21's targets are for 1 000 000; here they only indicate.");
  if (scale)
    notes.push(
      "Seeding drops the bulk tables' plain secondary indexes for the load and builds them after it (bench/databases.ts); the rows/s include those builds. `npm run db:seed` is unchanged.",
    );
  const phaseList = phases.stop();
  notes.push(`Total benchmark wall time ${Math.round((performance.now() - started) / 1000)} s.`);
  const results: BenchResults = {
    mode,
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: pgVersion,
      pglite: pgliteVersion,
    },
    git: {
      commit: git(["rev-parse", "HEAD"]),
      branch: git(["rev-parse", "--abbrev-ref", "HEAD"]),
      dirty: git(["status", "--porcelain", "--untracked-files=no"]) !== "",
    },
    postgres: { database: config.database, seed: pg.seed, inProcess: pgInProcess, http, csvImport, costChange, dailyRecompute },
    phases: scale ? phaseList : undefined,
    pglite,
    targets: evaluateTargets(pgInProcess, mode, { seed: pg.seed, daily: dailyRecompute, http }),
    plans,
    notes,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdown(results);
  fs.writeFileSync(`${out}.md`, table);
  console.log(`\n${table}`);
  log(`wrote ${path.relative(process.cwd(), out)}.json and .md`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
