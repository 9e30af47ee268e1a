// Jobs never stall the app (issue #14), measured where it matters most: the embedded
// database, one connection shared by every request and every job. The built app runs on
// a PGlite copy of N seeded accounts; a rep reads account pages one after another (two
// tabs) while, in turn, nothing runs (baseline), a cost-settings recompute runs, and a
// purchases CSV import of M rows runs. Reports the rep's latencies and the jobs' durations.
//   npm run bench -- --jobs-embedded [--accounts 50000] [--import-rows 50000]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { marginStepChange, type InForceCosts } from "../lib/settings/testing/margin-step";
import { ensureBuild, signIn, startServer } from "./http";
import { summarize, type LatencyStats } from "./stats";

export interface JobsEmbeddedResult {
  accounts: number;
  importRows: number;
  seedMs: number | null;
  baseline: LatencyStats;
  costRecompute: { jobMs: number; status: string; detail: unknown; accountPage: LatencyStats };
  csvImport: { jobMs: number; status: string; rowsCommitted: number; accountPage: LatencyStats };
  targets: { p95Ms: number; maxMs: number };
}

const ROOT = process.cwd();
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

/** A seeded embedded database, kept between runs (seeding 50 000 accounts takes minutes); each run works on a copy. */
function seededCopy(accounts: number, log: (line: string) => void): { dir: string; seedMs: number | null } {
  const pristine = path.join(ROOT, "bench/out", `pglite-${accounts}`);
  let seedMs: number | null = null;
  if (!fs.existsSync(path.join(pristine, "PG_VERSION"))) {
    fs.rmSync(pristine, { recursive: true, force: true });
    log(`seeding ${accounts.toLocaleString("en-US")} accounts into ${path.relative(ROOT, pristine)} (once)`);
    const started = performance.now();
    const result = spawnSync(process.execPath, [TSX, "prisma/seed.ts", "--accounts", String(accounts)], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: pristine },
    });
    if (result.status !== 0) throw new Error(`seeding failed (exit ${result.status ?? result.signal})`);
    seedMs = Math.round(performance.now() - started);
  }
  const dir = path.join(ROOT, "bench/out", `pglite-${accounts}-run`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(pristine, dir, { recursive: true });
  return { dir, seedMs };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A rep with two tabs: account pages one after another in each, until `done()`. */
async function readAccountsWhile(baseUrl: string, cookie: string, ids: string[], done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const tab = async () => {
    while (!done()) {
      const id = ids[next++ % ids.length]!;
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/accounts/${id}`, { headers: { cookie } });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET /api/accounts/${id}: HTTP ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all([tab(), tab()]);
  return latencies;
}

async function untilJobEnds<T extends { status: string }>(poll: () => Promise<T>, finished: (job: T) => boolean): Promise<T> {
  for (;;) {
    const job = await poll();
    if (finished(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function benchJobsEmbedded(opts: {
  accounts: number;
  importRows: number;
  port: number;
  log: (line: string) => void;
}): Promise<JobsEmbeddedResult> {
  const { log } = opts;
  ensureBuild(log);
  const { dir, seedMs } = seededCopy(opts.accounts, log);
  const server = await startServer({
    port: opts.port,
    databaseUrl: "",
    log,
    env: { PGLITE_DATA_DIR: dir, DAILY_RECOMPUTE_CRON: "off" },
  });
  try {
    const { baseUrl } = server;
    const admin = await signIn(baseUrl, "admin@demo.test");
    const rep = await signIn(baseUrl, "rep1@demo.test");
    const mutate = (cookie: string) => ({ cookie, origin: baseUrl });
    const repAccounts = await json<{ items: Array<{ id: string }> }>(
      await fetch(`${baseUrl}/api/accounts?limit=100`, { headers: { cookie: rep } }),
    );
    const ids = repAccounts.items.map((item) => item.id);

    log("baseline: account pages for 15 s with no job running");
    const baselineUntil = Date.now() + 15_000;
    const baseline = summarize(await readAccountsWhile(baseUrl, rep, ids, () => Date.now() > baselineUntil));

    log("cost recompute: one margin point, while the rep reads account pages");
    const settings = await json<{ inForce: InForceCosts }>(await fetch(`${baseUrl}/api/settings/costs`, { headers: { cookie: admin } }));
    const body = marginStepChange(settings.inForce, 0.01, "benchmark: one margin point");
    const saved = await json<{ job: { id: string } }>(
      await fetch(`${baseUrl}/api/settings/costs`, {
        method: "PUT",
        headers: { ...mutate(admin), "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    let costDone = false;
    const costStarted = performance.now();
    const costReads = readAccountsWhile(baseUrl, rep, ids, () => costDone);
    const costJob = await untilJobEnds(
      () =>
        fetch(`${baseUrl}/api/jobs/${saved.job.id}`, { headers: { cookie: admin } }).then((r) =>
          json<{ status: string; startedAt: string | null; finishedAt: string | null; result: unknown }>(r),
        ),
      (job) => job.status === "SUCCEEDED" || job.status === "FAILED",
    );
    costDone = true;
    const costLatencies = summarize(await costReads);
    const costMs =
      costJob.startedAt && costJob.finishedAt
        ? Date.parse(costJob.finishedAt) - Date.parse(costJob.startedAt)
        : Math.round(performance.now() - costStarted);
    log(
      `cost recompute ${costJob.status} in ${(costMs / 1000).toFixed(1)} s; account page p95 ${costLatencies.p95} ms, max ${costLatencies.max} ms`,
    );

    log(`CSV import: ${opts.importRows.toLocaleString("en-US")} purchase rows, while the rep reads account pages`);
    const accountsCsv = await (await fetch(`${baseUrl}/api/export/accounts.csv`, { headers: { cookie: admin } })).text();
    const accountKeys = accountsCsv
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(",")[0]!);
    const products = await json<
      { items: Array<{ sku: string; listPrice: number | string; archived?: boolean }> } | Array<{ sku: string; listPrice: number | string }>
    >(await fetch(`${baseUrl}/api/products`, { headers: { cookie: admin } }));
    const productList = (Array.isArray(products) ? products : products.items).filter((p) => !("archived" in p) || !p.archived);
    const lines = ["order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost"];
    const run = Date.now().toString(36);
    let state = 20261204;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let row = 0, order = 0; row < opts.importRows; order++) {
      const size = Math.min(1 + Math.floor(random() * 4), opts.importRows - row);
      const account = accountKeys[Math.floor(random() * accountKeys.length)]!;
      const day = new Date(Date.now() - Math.floor(random() * 700) * 86_400_000).toISOString().slice(0, 10);
      for (let l = 0; l < size; l++, row++) {
        const product = productList[Math.floor(random() * productList.length)]!;
        lines.push(
          `BENCH-${run}-${order},${account},${day},${product.sku},${1 + Math.floor(random() * 5)},${Number(product.listPrice).toFixed(2)},`,
        );
      }
    }
    const form = new FormData();
    form.set("entity", "PURCHASES");
    form.set("mode", "ALL_OR_NOTHING");
    form.set("file", new Blob([lines.join("\n") + "\n"], { type: "text/csv" }), "bench-purchases.csv");
    const started = await json<{ id: string }>(
      await fetch(`${baseUrl}/api/imports`, { method: "POST", headers: mutate(admin), body: form }),
    );
    let importDone = false;
    const importStarted = performance.now();
    const importReads = readAccountsWhile(baseUrl, rep, ids, () => importDone);
    const imported = await untilJobEnds(
      () =>
        fetch(`${baseUrl}/api/imports/${started.id}`, { headers: { cookie: admin } }).then((r) =>
          json<{ status: string; rowsCommitted: number }>(r),
        ),
      (job) => !["VALIDATING", "IMPORTING", "QUEUED"].includes(job.status),
    );
    importDone = true;
    const importMs = Math.round(performance.now() - importStarted);
    const importLatencies = summarize(await importReads);
    log(
      `import ${imported.status} in ${(importMs / 1000).toFixed(1)} s; account page p95 ${importLatencies.p95} ms, max ${importLatencies.max} ms`,
    );

    return {
      accounts: opts.accounts,
      importRows: opts.importRows,
      seedMs,
      baseline,
      costRecompute: { jobMs: costMs, status: costJob.status, detail: costJob.result, accountPage: costLatencies },
      csvImport: { jobMs: importMs, status: imported.status, rowsCommitted: imported.rowsCommitted, accountPage: importLatencies },
      targets: { p95Ms: 300, maxMs: 1000 },
    };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function jobsEmbeddedMarkdown(result: JobsEmbeddedResult): string {
  const row = (label: string, stats: LatencyStats) =>
    `| ${label} | ${stats.n} | ${stats.p50} | ${stats.p95} | ${stats.max} | ${stats.p95 < result.targets.p95Ms && stats.max < result.targets.maxMs ? "yes" : "**no**"} |`;
  return [
    `# Jobs on the embedded database (${result.accounts.toLocaleString("en-US")} accounts)`,
    "",
    `A rep reads \`GET /api/accounts/{id}\` in two tabs (one request after another, 50 ms apart) while a job runs. Target: p95 < ${result.targets.p95Ms} ms and max < ${result.targets.maxMs} ms.`,
    "",
    "| while | requests | p50 ms | p95 ms | max ms | within target |",
    "| --- | --- | --- | --- | --- | --- |",
    row("nothing (baseline)", result.baseline),
    row(
      `cost recompute (${(result.costRecompute.jobMs / 1000).toFixed(1)} s, ${result.costRecompute.status})`,
      result.costRecompute.accountPage,
    ),
    row(
      `CSV import of ${result.importRows.toLocaleString("en-US")} purchase rows (${(result.csvImport.jobMs / 1000).toFixed(1)} s, ${result.csvImport.status})`,
      result.csvImport.accountPage,
    ),
    "",
    result.seedMs
      ? `Seeding took ${(result.seedMs / 1000).toFixed(0)} s (once; later runs copy the seeded directory).`
      : "The seeded directory was reused from an earlier run.",
    "",
  ].join("\n");
}
