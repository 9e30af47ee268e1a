// results.json and the markdown table (results.md) of a benchmark run.
import type { CostChangeResult } from "./cost-change";
import type { InProcessResult, Compared } from "./in-process";
import type { LoadResult } from "./http";
import type { SeedMeasure } from "./databases";

export interface Target {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
  /** Targets are stated for the full data set on PostgreSQL; a quick run only indicates. */
  atFullScale: boolean;
}

export interface BenchResults {
  mode: "quick" | "full";
  date: string;
  machine: Record<string, unknown>;
  git: { commit: string; branch: string; dirty: boolean };
  postgres: {
    database: string;
    seed: SeedMeasure | null;
    inProcess: InProcessResult;
    http:
      | { buildMs: number; signInMs: number; loads: LoadResult[]; memory: { peakRssMb: number; peakHwmMb: number; samples: number } }
      | { skipped: string };
    csvImport: { rows: number; ms: number; rowsPerSecond: number } | { skipped: string };
    /** Optional: results files written before this step existed lack it. */
    costChange?: CostChangeResult | { skipped: string };
  };
  pglite: { seed: SeedMeasure; inProcess: InProcessResult } | { skipped: string };
  targets: Target[];
  plans: Record<string, string>;
  notes: string[];
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? "—" : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
const n = (v: number) => v.toLocaleString("en-US");
const verdict = (pass: boolean | null) => (pass === null ? "" : pass ? "pass" : "**FAIL**");

export function evaluateTargets(pgResult: InProcessResult, mode: "quick" | "full"): Target[] {
  const full = mode === "full";
  const rankingWithBaseline = pgResult.rankings.filter((r) => r.result.ratio !== null && !r.result.naiveNote);
  const minRatio = Math.min(...rankingWithBaseline.map((r) => r.result.ratio!));
  return [
    {
      name: "ranking page p95 (worst of all measures × filters × pages)",
      target: "< 150 ms",
      measured: `${ms(pgResult.rankingSummary.p95Max)} (${pgResult.rankingSummary.worst})`,
      pass: pgResult.rankingSummary.p95Max < 150,
      atFullScale: full,
    },
    {
      name: "log order p95 (insert + live metrics)",
      target: "< 50 ms",
      measured: ms(pgResult.logOrder.stats.p95),
      pass: pgResult.logOrder.stats.p95 < 50,
      atFullScale: full,
    },
    {
      name: `model refit: read the RFM summaries + BG/NBD + Gamma-Gamma fit of ${n(pgResult.refit.customers)} customers (median of ${pgResult.refit.runs})`,
      target: "< 2 s (100 000 customers)",
      measured: `${ms(pgResult.refit.modelMs)} (read ${ms(pgResult.refit.readMs)}, fit ${ms(pgResult.refit.fitMs)}); ${ms(pgResult.refit.totalMs)} with the portfolio context`,
      pass: pgResult.refit.modelMs < 2000,
      atFullScale: full,
    },
    {
      name: "dashboard p95 (worst of portfolio overview, cohort retention, revenue by customer age)",
      target: "< 100 ms",
      measured: worstDashboard(pgResult),
      pass: Math.max(...Object.values(pgResult.dashboard).map((s) => s.p95)) < 100,
      atFullScale: full,
    },
    {
      name: "ranking vs naive GROUP BY (slowest case with a like-for-like baseline)",
      target: "≥ 10×",
      measured: `${minRatio}×`,
      pass: minRatio >= 10,
      atFullScale: full,
    },
  ];
}

function worstDashboard(r: InProcessResult): string {
  const [name, stats] = Object.entries(r.dashboard).sort(([, a], [, b]) => b.p95 - a.p95)[0] ?? ["none", { p95: 0 }];
  return `${ms(stats.p95)} (${name})`;
}

function comparedRow(name: string, backend: string, c: Compared, target = "", pass: boolean | null = null): string {
  return `| ${name} | ${backend} | ${ms(c.stats.p50)} | ${ms(c.stats.p95)} | ${c.naive ? `${ms(c.naive.p50)} / ${ms(c.naive.p95)}` : "—"} | ${c.ratio === null ? "—" : `${c.ratio}×`} | ${target} | ${verdict(pass)} |`;
}

function inProcessRows(r: InProcessResult, label: string, isTargetBackend: boolean): string[] {
  const rows: string[] = [];
  rows.push(
    comparedRow(
      "log order (insert + live metrics)",
      label,
      r.logOrder,
      isTargetBackend ? "p95 < 50 ms" : "",
      isTargetBackend ? r.logOrder.stats.p95 < 50 : null,
    ),
  );
  rows.push(comparedRow("account page (getAccount)", label, r.accountPage));
  for (const c of r.rankings) {
    const name = `ranking ${c.measure}, ${c.filter}, ${c.page === "first" ? "first page" : `page from rank ${n(c.startRank)}`} (${n(c.rows)} rows)${c.result.naiveNote ? " ¹" : ""}`;
    const pass = isTargetBackend
      ? c.result.stats.p95 < 150 && (Boolean(c.result.naiveNote) || c.result.ratio === null || c.result.ratio >= 10)
      : null;
    rows.push(comparedRow(name, label, c.result, isTargetBackend ? "p95 < 150 ms, ≥ 10×" : "", pass));
  }
  for (const [name, stats] of Object.entries(r.dashboard)) {
    rows.push(`| dashboard ${name} | ${label} | ${ms(stats.p50)} | ${ms(stats.p95)} | — | — | | |`);
  }
  rows.push(
    `| model refit of ${n(r.refit.customers)} customers (median of ${r.refit.runs}): read summaries / fit / portfolio context / total | ${label} | ${ms(r.refit.readMs)} / ${ms(r.refit.fitMs)} / ${ms(r.refit.portfolioMs)} / ${ms(r.refit.totalMs)} | | — | — | ${isTargetBackend ? "read + fit < 2 s" : ""} | ${verdict(isTargetBackend ? r.refit.modelMs < 2000 : null)} |`,
  );
  if (r.recompute) {
    rows.push(
      `| full metrics recompute (${n(r.recompute.accounts)} accounts) | ${label} | ${ms(r.recompute.recomputeMs)} (${n(r.recompute.accountsPerSecond)} accounts/s) | | — | — | | |`,
    );
  }
  return rows;
}

export function markdown(results: BenchResults): string {
  const pg = results.postgres;
  const lines: string[] = [];
  const m = results.machine;
  lines.push(`# Benchmark results (${results.mode})`);
  lines.push("");
  lines.push(
    `${results.date} · commit ${results.git.commit.slice(0, 10)}${results.git.dirty ? " (uncommitted changes)" : ""} · ${m.cpu} × ${m.cores} cores, ${m.memoryGb} GB · Node ${m.node} · PostgreSQL ${m.postgres} · PGlite ${m.pglite}`,
  );
  lines.push("");
  lines.push(
    `Load average (1/5/15 min) at start ${(m.loadAverageAtStart as number[] | undefined)?.join(" / ") ?? "?"}, at end ${(m.loadAverageAtEnd as number[] | undefined)?.join(" / ") ?? "?"} on ${m.cores} cores: other work on the machine inflates every latency below.`,
  );
  lines.push("");
  lines.push(`PostgreSQL: ${n(pg.inProcess.accounts)} accounts, ${n(pg.inProcess.purchases)} purchases (database \`${pg.database}\`).`);
  if ("seed" in results.pglite)
    lines.push(`Embedded PGlite: ${n(results.pglite.inProcess.accounts)} accounts, ${n(results.pglite.inProcess.purchases)} purchases.`);
  lines.push("");
  lines.push("## Targets");
  lines.push("");
  lines.push("| target | required | measured | result |");
  lines.push("| --- | --- | --- | --- |");
  for (const t of results.targets)
    lines.push(
      `| ${t.name} | ${t.target} | ${t.measured} | ${verdict(t.pass)}${t.atFullScale ? "" : " (quick run; targets are for the full data set)"} |`,
    );
  lines.push("");
  lines.push("## Seeding");
  lines.push("");
  lines.push(
    "| backend | accounts | purchases | rows | load time | accounts/s | purchases/s | rows/s | first metrics pass (refit + all accounts) |",
  );
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const seedRow = (label: string, s: SeedMeasure | null) =>
    s
      ? `| ${label} | ${n(s.accounts)} | ${n(s.purchases)} | ${n(s.rows)} | ${s.loadSeconds} s | ${n(s.accountsPerSecond)} | ${n(s.purchasesPerSecond)} | ${n(s.rowsPerSecond)} | ${(s.recompute.refitMs / 1000).toFixed(1)} s + ${(s.recompute.recomputeMs / 1000).toFixed(1)} s |`
      : `| ${label} | reused (--skip-seed) | | | | | | | |`;
  lines.push(seedRow("PostgreSQL", pg.seed));
  if ("seed" in results.pglite) lines.push(seedRow("PGlite", results.pglite.seed));
  lines.push("");
  lines.push("## Latency (in process, one client, sequential)");
  lines.push("");
  lines.push("| measure | backend | p50 | p95 | naive p50 / p95 | naive ÷ ours (p50) | target | result |");
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  lines.push(...inProcessRows(pg.inProcess, "PostgreSQL", true));
  if ("inProcess" in results.pglite) lines.push(...inProcessRows(results.pglite.inProcess, "PGlite", false));
  lines.push("");
  lines.push(
    "¹ The naive baseline cannot filter by flag (flags need the model and the portfolio context); it is timed without the flag filter, so the ratio is a lower bound.",
  );
  lines.push("");
  lines.push("## HTTP (autocannon, `next start`, PostgreSQL)");
  lines.push("");
  if ("loads" in pg.http) {
    lines.push("| endpoint | connections × seconds | requests | req/s | p50 | p97.5 | p99 | max | non-2xx | errors |");
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const l of pg.http.loads) {
      lines.push(
        `| ${l.path} | ${l.connections} × ${l.seconds} s | ${n(l.requests)} | ${l.requestsPerSecond} | ${l.latencyMs.p50} ms | ${l.latencyMs.p97_5} ms | ${l.latencyMs.p99} ms | ${l.latencyMs.max} ms | ${l.non2xx} | ${l.errors} |`,
      );
    }
    lines.push("");
    lines.push(
      `Server peak memory (next-server process tree): ${pg.http.memory.peakRssMb} MB RSS sampled every 250 ms; kernel high-water mark (VmHWM) ${pg.http.memory.peakHwmMb} MB.`,
    );
  } else {
    lines.push(`Not measured: ${pg.http.skipped}.`);
  }
  lines.push("");
  lines.push("## CSV import");
  lines.push("");
  lines.push(
    "rows" in pg.csvImport
      ? `${n(pg.csvImport.rows)} rows in ${ms(pg.csvImport.ms)}: ${n(pg.csvImport.rowsPerSecond)} rows/s.`
      : `Not measured: ${pg.csvImport.skipped}.`,
  );
  if (pg.costChange) {
    lines.push("");
    lines.push("## Cost-settings change applied to every account");
    lines.push("");
    if ("skipped" in pg.costChange) lines.push(`Not measured: ${pg.costChange.skipped}.`);
    else {
      const c = pg.costChange;
      const o = c.ordersDuringJob;
      lines.push(
        "| accounts | preview (in the request) | save → job done | compute every account | swap (exclusive lock) | orders logged meanwhile: n, p50 / p95 / max | orders failed |",
      );
      lines.push("| --- | --- | --- | --- | --- | --- | --- |");
      lines.push(
        `| ${n(c.accounts)} | ${ms(c.previewMs)} | ${ms(c.jobMs)} | ${ms(c.computeMs)} | ${ms(c.swapMs)} | ${o.n}: ${ms(o.p50)} / ${ms(o.p95)} / ${ms(o.max)} | ${c.ordersFailed}${c.firstFailure ? ` (${c.firstFailure})` : ""} |`,
      );
    }
  }
  if (results.notes.length > 0) {
    lines.push("");
    lines.push("## Notes");
    lines.push("");
    for (const note of results.notes) lines.push(`- ${note}`);
  }
  lines.push("");
  return lines.join("\n");
}
