// The backtest on the demo data, the way a manager runs it: seeded exactly as `npm start` seeds
// (500 accounts, seed 42, history ending today), metrics recomputed, then a backtest job at the
// default cutoff (90 days ago). Checks:
// - the job runs through the queue and its summary is what the page shows;
// - its figures agree with `analytics backtest` on the same transaction log (issue 16);
// - observed orders and flag outcomes agree with SQL counts of what happened in the window;
// - the drill-down lists exactly the accounts behind a figure, to managers and admins only;
// - the demo data tell a true story: the fit converges without a penalizer, calibration within
//   5 points in every bin with ≥ 100 accounts, churn risk on at most 20 % of active accounts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabase, type Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { openTestDatabase } from "@/lib/db/testing";
import { closeTestDatabase, startTestJobQueue } from "@/lib/testing/fixture-database";
import { seedDatabase } from "@/lib/seed/load";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { currentModelHealth } from "@/lib/metrics/model-health";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { runCli } from "@/lib/ltv/cli";
import type { Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { backtestAccounts, latestBacktest, startBacktest } from "./backtests";
import type { BacktestSummary } from "./run";

const DAY = 86_400_000;
let db: Database;
let manager: Actor;
let rep: Actor;
let jobId: string;
let summary: BacktestSummary;
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const cutoff = new Date(today.getTime() - 90 * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await seedDatabase(db, { accounts: 500, seed: 42, asOf: today, passwordHash: "not-used" });
  await recomputeAllMetrics(db, { asOf: new Date(), batchSize: 100 });
  const users = await db.prisma.user.findMany({ where: { email: { in: ["manager@demo.test", "rep1@demo.test"] } } });
  const actor = (email: string): Actor => {
    const user = users.find((u) => u.email === email)!;
    return { id: user.id, role: user.role, email: user.email, name: user.name };
  };
  manager = actor("manager@demo.test");
  rep = actor("rep1@demo.test");
  await startTestJobQueue(db);
  const job = await startBacktest(manager, { windowDays: 90 });
  jobId = job.id;
  await whenJobsIdle({ timeoutMs: 240_000 });
  const latest = await latestBacktest(manager);
  expect(latest!.status, latest!.error ?? "").toBe("SUCCEEDED");
  summary = latest!.summary!;
}, 600_000);

afterAll(() => closeTestDatabase(db));

describe("a backtest of the demo data", () => {
  it("runs as a job at the default cutoff, 90 days ago", () => {
    expect(summary.cutoff).toBe(cutoff);
    expect(summary.windowDays).toBe(90);
    expect(summary.customers).toBeGreaterThan(400);
  });

  it("agrees with `analytics backtest` on the same transaction log", async () => {
    const rows = await db.runner.query<{ id: string; day: string; total: string }>(
      `SELECT account_id::text AS id, to_char(purchased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, total::text AS total
         FROM purchases ORDER BY account_id, purchased_at, id`,
    );
    const csv = ["customer_id,date,amount", ...rows.map((r) => `${r.id},${r.day},${r.total}`)].join("\n");
    let out = "";
    const code = runCli(["backtest", "--input", "log.csv", "--cutoff", cutoff, "--window-days", "90", "--per-customer"], {
      stdout: (text) => (out += text),
      stderr: () => {},
      readFile: () => csv,
    });
    expect(code).toBe(0);
    const cli = JSON.parse(out) as {
      customers: number;
      brier: number;
      calibration: BacktestSummary["calibration"];
      bgnbd: { r: number; alpha: number; a: number; b: number };
      perCustomer: Record<string, { pNoOrder: number; observedOrders: number }>;
    };
    expect(summary.customers).toBe(cli.customers);
    expect(summary.brier).toBeCloseTo(cli.brier, 9);
    expect(summary.model.r).toBeCloseTo(cli.bgnbd.r, 6);
    expect(summary.calibration.map((b) => b.customers)).toEqual(cli.calibration.map((b) => b.customers));
    summary.calibration.forEach((bin, i) => {
      expect(bin.predictedNoOrder).toBeCloseTo(cli.calibration[i]!.predictedNoOrder, 9);
      expect(bin.observedNoOrder).toBeCloseTo(cli.calibration[i]!.observedNoOrder, 12);
    });
    const stored = await db.runner.query<{ id: string; p: number; observed: number }>(
      `SELECT account_id::text AS id, p_no_order AS p, observed_orders AS observed FROM backtest_accounts WHERE job_id = $1`,
      [jobId],
    );
    expect(stored.length).toBe(cli.customers);
    for (const row of stored) {
      expect(row.p).toBeCloseTo(cli.perCustomer[row.id]!.pNoOrder, 9);
      expect(row.observed).toBe(cli.perCustomer[row.id]!.observedOrders);
    }
  });

  it("counts observed orders and flag outcomes as SQL sees the window", async () => {
    const end = new Date(Date.parse(`${cutoff}T23:59:59.999Z`) + 90 * DAY).toISOString();
    const start = `${cutoff}T23:59:59.999Z`;
    const sql = await db.runner.query<{ id: string; days: number; categories: string[] | null }>(
      `SELECT b.account_id::text AS id,
              (SELECT count(DISTINCT (p.purchased_at AT TIME ZONE 'UTC')::date)::int FROM purchases p
                WHERE p.account_id = b.account_id AND p.purchased_at > $2 AND p.purchased_at <= $3) AS days,
              (SELECT array_agg(DISTINCT c.name) FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id
                 JOIN products pr ON pr.id = l.product_id JOIN categories c ON c.id = pr.category_id
                WHERE p.account_id = b.account_id AND p.purchased_at > $2 AND p.purchased_at <= $3) AS categories
         FROM backtest_accounts b WHERE b.job_id = $1`,
      [jobId, start, end],
    );
    const stored = new Map(
      (
        await db.runner.query<{ id: string; observed: number; flags: Array<{ type: string; subject: string; hit: boolean }> }>(
          `SELECT account_id::text AS id, observed_orders AS observed, flags FROM backtest_accounts WHERE job_id = $1`,
          [jobId],
        )
      ).map((row) => [row.id, row]),
    );
    let crossSells = 0;
    for (const row of sql) {
      const mine = stored.get(row.id)!;
      expect(mine.observed, row.id).toBe(row.days);
      for (const flag of mine.flags) {
        if (flag.type === "churn_risk") expect(flag.hit).toBe(row.days === 0);
        if (flag.type === "cross_sell") {
          crossSells++;
          expect(flag.hit, `${row.id} ${flag.subject}`).toBe((row.categories ?? []).includes(flag.subject));
        }
      }
    }
    expect(crossSells).toBeGreaterThan(0);
    // Churn precision and recall from the rows, counted here.
    const [counts] = await db.runner.query<{ flagged: number; hits: number; stopped: number; active: number }>(
      `SELECT count(*) FILTER (WHERE flags @> '[{"type":"churn_risk"}]')::int AS flagged,
              count(*) FILTER (WHERE flags @> '[{"type":"churn_risk"}]' AND observed_orders = 0)::int AS hits,
              count(*) FILTER (WHERE observed_orders = 0)::int AS stopped, count(*)::int AS active
         FROM backtest_accounts WHERE job_id = $1 AND active`,
      [jobId],
    );
    expect(summary.churn).toMatchObject({
      activeAccounts: counts!.active,
      flagged: counts!.flagged,
      truePositives: counts!.hits,
      stopped: counts!.stopped,
    });
    expect(summary.churn.precision).toBeCloseTo(counts!.hits / counts!.flagged, 12);
  });

  it("lists the accounts behind a figure, to managers and admins only", async () => {
    const bin = summary.calibration[0]!;
    const listed = await backtestAccounts(manager, jobId, `bin:${Math.round(bin.bin * 10)}`, 500);
    expect(listed.total).toBe(bin.customers);
    const hits = await backtestAccounts(manager, jobId, "churn:hit");
    expect(hits.total).toBe(summary.churn.truePositives);
    expect(hits.items.every((item) => item.observedOrders === 0 && item.flags.some((f) => f.type === "churn_risk"))).toBe(true);
    await expect(backtestAccounts(rep, jobId, "churn:hit")).rejects.toBeInstanceOf(Forbidden);
    await expect(startBacktest(rep, { windowDays: 90 })).rejects.toBeInstanceOf(Forbidden);
  });

  it("tells a true story: a clean fit, calibrated bins, and a churn list a team can work", async () => {
    const health = await currentModelHealth(runnerQuery(db));
    expect(health!.diagnostics).toMatchObject({ converged: true, penalizer: 0, diverged: null });
    expect(summary.model.converged).toBe(true);
    for (const bin of summary.calibration.filter((b) => b.customers >= 100)) {
      expect(Math.abs(bin.predictedNoOrder - bin.observedNoOrder), `bin ${bin.bin}`).toBeLessThanOrEqual(0.05);
    }
    expect(summary.churn.flaggedShare!).toBeLessThanOrEqual(0.2);
    expect(summary.churn.flagged).toBeGreaterThan(0);
    // The README states the precision; it must stay worth acting on.
    expect(summary.churn.precision!).toBeGreaterThanOrEqual(0.8);
  });
});
