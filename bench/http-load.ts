// `npx tsx bench/http-load.ts [--instances 1|2] [--connections 20,100] [--seconds 10] [--repeats 3]
//                             [--routes account,rankings,purchase] [--port 3621] [--out PATH] [--reuse-build]`
//
// Load test over HTTP (issue #21 §4): one or two `next start` instances on the bench's
// PostgreSQL database (BENCH_DATABASE, seeded by `npm run bench`; this script never seeds),
// autocannon on the main read and write routes. With two instances the connections are
// split between them and the figures are combined: requests per second summed, latency
// percentiles over every response of both. CPU time is read from /proc before and after
// each run, split into the app instances, PostgreSQL (the backends connected to the bench
// database; the server's shared processes are left out) and this process (autocannon).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { benchDatabaseUrl } from "./databases";
import { round1 } from "./stats";
import { descendants, ensureBuild, signIn, startServer, type RunningServer } from "./http";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "2" },
    connections: { type: "string", default: "20,100" },
    seconds: { type: "string", default: "10" },
    repeats: { type: "string", default: "3" },
    routes: { type: "string", default: "account,rankings,purchase" },
    port: { type: "string", default: "3621" },
    out: { type: "string" },
    // Measure the .next there is, even if older than the sources (an earlier commit's build kept for a before/after).
    "reuse-build": { type: "boolean", default: false },
  },
});

const log = (line: string) => console.log(`[http-load ${new Date().toISOString().slice(11, 19)}] ${line}`);
const database = process.env.BENCH_DATABASE ?? "ltv_bench";
const url = benchDatabaseUrl(database);

// ---------------------------------------------------------------------------
// CPU time from /proc (clock ticks → ms)
// ---------------------------------------------------------------------------

const TICK_MS = 1000 / Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100);

function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat: 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The server's backends serving the bench database (their title names it), so other databases' work is not counted. */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

interface CpuSnapshot {
  app: Map<number, number>;
  postgres: Map<number, number>;
  self: number;
  at: number;
}

function snapshot(servers: RunningServer[]): CpuSnapshot {
  const app = new Map<number, number>();
  for (const server of servers) for (const pid of descendants(server.child.pid!)) app.set(pid, cpuMs(pid));
  const postgres = new Map(postgresPids().map((pid) => [pid, cpuMs(pid)]));
  const usage = process.cpuUsage();
  return { app, postgres, self: (usage.user + usage.system) / 1000, at: performance.now() };
}

/** CPU used between two snapshots, as a share of one core (100 % = one core busy the whole time). */
function cpuShares(before: CpuSnapshot, after: CpuSnapshot) {
  const delta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((sum, [pid, ms]) => sum + ms - (a.get(pid) ?? 0), 0);
  const wall = after.at - before.at;
  const share = (ms: number) => Math.round((ms / wall) * 100);
  return {
    appPct: share(delta(before.app, after.app)),
    postgresPct: share(delta(before.postgres, after.postgres)),
    autocannonPct: share(after.self - before.self),
  };
}

// ---------------------------------------------------------------------------
// Load
// ---------------------------------------------------------------------------

interface Target {
  baseUrl: string;
  /** The manager's session (reads every account) and the rep's whose accounts take the orders (a manager logs none). */
  cookies: { manager: string; rep: string };
}

interface Route {
  label: string;
  method: "GET" | "POST";
  as: "manager" | "rep";
  /** The next request's path and body. */
  next(): { path: string; body?: string };
}

/** Transactions committed in the bench database so far (each autocommit statement is one). */
async function commits(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Backends publish their counts when idle; a fresh snapshot each call.
    await client.query(`SELECT pg_stat_clear_snapshot()`);
    const { rows } = await client.query(`SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datname = current_database()`);
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

interface RunResult {
  route: string;
  instances: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  cpu: { appPct: number; postgresPct: number; autocannonPct: number };
  /** Committed transactions per answer: for a read route, its statements (each autocommits). */
  transactionsPerRequest: number;
  loadAverage: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** autocannon on every target at once, `connections` split evenly; latencies of every response combined. */
async function run(targets: Target[], servers: RunningServer[], route: Route, connections: number, seconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  const commitsBefore = await commits();
  const before = snapshot(servers);
  const results = await Promise.all(
    targets.map((target, index) => {
      const share = Math.floor(connections / targets.length) + (index < connections % targets.length ? 1 : 0);
      return new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: target.baseUrl,
            connections: share,
            duration: seconds,
            headers: {
              cookie: target.cookies[route.as],
              accept: "application/json",
              ...(route.method === "POST" ? { origin: target.baseUrl, "content-type": "application/json" } : {}),
            },
            requests: [
              {
                method: route.method,
                setupRequest: (request) => {
                  const next = route.next();
                  request.path = next.path;
                  if (next.body !== undefined) request.body = next.body;
                  return request;
                },
              },
            ],
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
        instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
          latencies.push(responseTime);
          if (statusCode < 200 || statusCode > 299) non2xx++;
        });
      });
    }),
  );
  const after = snapshot(servers);
  latencies.sort((a, b) => a - b);
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  // Let the backends report their last transactions (they publish when idle, at most once a second).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const transactionsPerRequest = ((await commits()) - commitsBefore) / Math.max(1, requests);
  return {
    route: route.label,
    instances: targets.length,
    connections,
    requests,
    requestsPerSecond: Math.round((requests / ((after.at - before.at) / 1000)) * 10) / 10,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    non2xx,
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    cpu: cpuShares(before, after),
    transactionsPerRequest: round1(transactionsPerRequest),
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const instances = Number(values.instances);
  const seconds = Number(values.seconds);
  const repeats = Number(values.repeats);
  const connectionCounts = values.connections!.split(",").map(Number);
  const routeNames = values.routes!.split(",");
  const buildMs = values["reuse-build"] ? 0 : ensureBuild(log);
  if (buildMs) log(`built in ${Math.round(buildMs / 1000)} s`);

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const accountIds = (await db.query(`SELECT id::text AS id FROM accounts ORDER BY md5(id::text || 'http') LIMIT 2000`)).rows.map((row) =>
    String(row.id),
  );
  // Orders go to the accounts of the rep with the largest book, signed in as that rep, on products of the catalog.
  const [rep] = (
    await db.query(
      `SELECT u.email, array_agg(a.id::text ORDER BY md5(a.id::text)) AS ids FROM accounts a JOIN users u ON u.id = a.owner_id
        WHERE u.role = 'REP' GROUP BY u.email ORDER BY count(*) DESC, u.email LIMIT 1`,
    )
  ).rows as Array<{ email: string; ids: string[] }>;
  const orderAccountIds = rep!.ids.slice(0, 2000);
  const products = (await db.query(`SELECT id::text AS id FROM products WHERE NOT archived ORDER BY id LIMIT 20`)).rows.map((row) =>
    String(row.id),
  );
  await db.end();
  if (accountIds.length === 0) throw new Error(`${database} has no accounts: seed it with npm run bench first`);

  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      servers.push(await startServer({ port: Number(values.port) + i, databaseUrl: url, log }));
    }
    const targets: Target[] = [];
    for (const server of servers) {
      targets.push({
        baseUrl: server.baseUrl,
        cookies: { manager: await signIn(server.baseUrl, "manager@demo.test"), rep: await signIn(server.baseUrl, rep!.email) },
      });
    }

    let accountTurn = 0;
    let rankingTurn = 0;
    let orderTurn = 0;
    const runId = Date.now().toString(36);
    const today = new Date().toISOString().slice(0, 10);
    const measures = ["historical", "formula", "predicted", "palive"];
    const routes: Record<string, Route> = {
      account: {
        label: "GET /api/accounts/{id}",
        method: "GET",
        as: "manager",
        next: () => ({ path: `/api/accounts/${accountIds[accountTurn++ % accountIds.length]}` }),
      },
      rankings: {
        label: "GET /api/rankings?limit=50",
        method: "GET",
        as: "manager",
        next: () => ({ path: `/api/rankings?measure=${measures[rankingTurn++ % measures.length]}&limit=50` }),
      },
      purchase: {
        label: "POST /api/purchases",
        method: "POST",
        as: "rep",
        next: () => {
          const turn = orderTurn++;
          return {
            path: "/api/purchases",
            body: JSON.stringify({
              accountId: orderAccountIds[turn % orderAccountIds.length],
              purchasedAt: today,
              lines: [{ productId: products[turn % products.length], quantity: 1 + (turn % 3), unitPrice: 49.5 }],
              idempotencyKey: `bench-${runId}-${turn}`,
            }),
          };
        },
      },
    };

    // Warm-up: 5 s of each route at the most connections, so V8's compilation, the pools' connections
    // and their prepared statements are in place before the first measured run (2 s at 4 connections
    // left the first run of the account page at 60 % of the next two).
    for (const name of routeNames) await run(targets, servers, routes[name]!, Math.max(...connectionCounts), 5);

    const all: RunResult[] = [];
    for (let repeat = 1; repeat <= repeats; repeat++) {
      for (const name of routeNames) {
        for (const connections of connectionCounts) {
          const result = await run(targets, servers, routes[name]!, connections, seconds);
          all.push(result);
          log(
            `#${repeat} ${result.route} ×${instances} c${connections}: ${result.requestsPerSecond} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
              `non-2xx ${result.non2xx}, errors ${result.errors}, ${result.transactionsPerRequest} xact/req, CPU app ${result.cpu.appPct} % pg ${result.cpu.postgresPct} % ` +
              `autocannon ${result.cpu.autocannonPct} %, load ${result.loadAverage}`,
          );
        }
      }
    }
    const summary = routeNames.flatMap((name) =>
      connectionCounts.map((connections) => {
        const runs = all.filter((r) => r.route === routes[name]!.label && r.connections === connections);
        return {
          route: routes[name]!.label,
          instances,
          connections,
          runs: runs.length,
          requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
          p50: median(runs.map((r) => r.p50)),
          p99: median(runs.map((r) => r.p99)),
          non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
          errors: runs.reduce((sum, r) => sum + r.errors, 0),
          cpu: {
            appPct: median(runs.map((r) => r.cpu.appPct)),
            postgresPct: median(runs.map((r) => r.cpu.postgresPct)),
            autocannonPct: median(runs.map((r) => r.cpu.autocannonPct)),
          },
          loadAverage: median(runs.map((r) => r.loadAverage)),
          // CPU per answer: what the code costs, whatever share of the cores the machine's other work left it.
          transactionsPerRequest: median(runs.map((r) => r.transactionsPerRequest)),
          cpuMsPerRequest: {
            app: round1(median(runs.map((r) => (r.cpu.appPct * 10) / r.requestsPerSecond))),
            postgres: round1(median(runs.map((r) => (r.cpu.postgresPct * 10) / r.requestsPerSecond))),
          },
        };
      }),
    );
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
    const lines = [
      `| Route | Instances | Connections | req/s | p50 ms | p99 ms | non-2xx | CPU app / postgres / autocannon (% of a core) | CPU ms per request app / postgres | transactions per request | load avg |`,
      `|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|`,
      ...summary.map(
        (s) =>
          `| ${s.route} | ${s.instances} | ${s.connections} | ${s.requestsPerSecond} | ${s.p50} | ${s.p99} | ${s.non2xx} | ${s.cpu.appPct} / ${s.cpu.postgresPct} / ${s.cpu.autocannonPct} | ${s.cpuMsPerRequest.app} / ${s.cpuMsPerRequest.postgres} | ${s.transactionsPerRequest} | ${s.loadAverage} |`,
      ),
    ];
    console.log(`\nmedians of ${repeats} runs × ${seconds} s, ${database}, commit ${commit}\n${lines.join("\n")}`);
    if (values.out) {
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(`${values.out}.json`, JSON.stringify({ database, commit, seconds, repeats, summary, runs: all }, null, 2) + "\n");
      fs.writeFileSync(`${values.out}.md`, lines.join("\n") + "\n");
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
