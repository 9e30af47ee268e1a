// Issue #14: metrics must stay true while nothing happens. The app is "restarted" 150 days
// later (Debian's faketime shifts the clock of a child process that starts the server's job
// system exactly as the app does), with no write in between. The start-up catch-up must
// recompute every account as of the new day: P(active) and expected purchases fall, and
// accounts that were active get a churn-risk flag.
import { afterAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPglite, useDatabase, closeDatabase, type Database } from "@/lib/db/client";
import { openTestDatabase } from "@/lib/db/testing";
import { addPurchaseHistory, createSalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";

const DAYS = 150;
const DAY_MS = 86_400_000;
const onServer = Boolean(process.env.DATABASE_URL);
const hasFaketime = spawnSync("faketime", ["--version"]).status === 0 || fs.existsSync("/usr/bin/faketime");
let db: Database | null = null;
let pgliteDir: string | null = null;

afterAll(async () => {
  await db?.close();
  await closeDatabase().catch(() => {});
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

interface Snapshot {
  accountId: string;
  pAlive: number;
  expectedPurchases: number;
  churnRisk: boolean;
  purchaseDays: number;
  computedAt: Date;
}

async function snapshot(database: Database): Promise<Map<string, Snapshot>> {
  const rows = await database.prisma.accountMetrics.findMany({
    select: { accountId: true, pAlive: true, expectedPurchases: true, churnRisk: true, purchaseDays: true, computedAt: true },
  });
  return new Map(rows.map((row) => [row.accountId, row]));
}

function runLater(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  // node itself with tsx as a loader, under faketime: the whole process lives 150 days on.
  const child = spawn("faketime", [`+${DAYS} days`, process.execPath, "--import", "tsx", "lib/jobs/testing/server-jobs-child.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, APP_TIME_ZONE: "UTC", DAILY_RECOMPUTE_CRON: "off", NEXT_MANUAL_SIG_HANDLE: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (data: Buffer) => (output += data.toString()));
  child.stderr.on("data", (data: Buffer) => (output += data.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe(`metrics age with the calendar (${onServer ? "PostgreSQL" : "PGlite on disk"})`, () => {
  it.runIf(hasFaketime)(
    `a restart ${DAYS} days later with no writes recomputes every account as of the new day`,
    async () => {
      let childEnv: Record<string, string>;
      if (onServer) {
        db = await openTestDatabase();
        const name = String((await db.runner.query<{ name: string }>(`SELECT current_database() AS name`))[0]!.name);
        const url = new URL(process.env.DATABASE_URL!);
        url.pathname = `/${name}`;
        childEnv = { DATABASE_URL: url.toString() };
      } else {
        pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-asof-"));
        db = await openPglite(path.join(pgliteDir, "db"));
        childEnv = { DATABASE_URL: "", PGLITE_DATA_DIR: path.join(pgliteDir, "db") };
      }
      useDatabase(db);
      const fx = await createSalesFixture(db.prisma, { accountsPerRep: 12 });
      await addPurchaseHistory(db.prisma, fx, 7);
      // Recent orders for some accounts, so they are active (no churn risk) today.
      const active = [...fx.accounts.rep1.slice(0, 6), ...fx.accounts.rep2.slice(0, 6)];
      for (const [i, accountId] of active.entries()) {
        for (const daysAgo of [75, 50, 25, 3 + (i % 4)]) {
          await db.prisma.purchase.create({
            data: {
              accountId,
              purchasedAt: new Date(Date.now() - daysAgo * DAY_MS),
              total: "119.80",
              grossProfit: "59.80",
              loggedById: fx.admin.id,
              lines: {
                create: [{ productId: fx.products.toner, quantity: 2, unitPrice: "59.90", unitCost: "30.00", lineTotal: "119.80" }],
              },
            },
          });
        }
      }
      await recomputeAllMetrics(db);
      const before = await snapshot(db);
      const activeBefore = active.filter((id) => !before.get(id)!.churnRisk);
      expect(activeBefore.length).toBeGreaterThan(6);
      if (!onServer) {
        await db.close();
        db = null;
      }

      const { code, output } = await runLater(childEnv);
      expect(code, output).toBe(0);
      expect(output).toContain("catch-up queued");

      if (!onServer) db = await openPglite(path.join(pgliteDir!, "db"));
      const after = await snapshot(db!);
      const laterDay = new Date(Date.now() + DAYS * DAY_MS);
      // Every account is now as of the later day (the child's clock), none was left behind.
      expect(after.size).toBe(before.size);
      for (const row of after.values()) expect(Math.abs(row.computedAt.getTime() - laterDay.getTime())).toBeLessThan(2 * DAY_MS);

      // Repeat buyers, silent for 150 more days: P(active) and expected purchases fall for every one.
      const repeat = [...before.values()].filter((row) => row.purchaseDays >= 2);
      expect(repeat.length).toBeGreaterThan(10);
      for (const row of repeat) {
        const later = after.get(row.accountId)!;
        expect(later.pAlive, row.accountId).toBeLessThan(row.pAlive);
        expect(later.expectedPurchases, row.accountId).toBeLessThan(row.expectedPurchases);
      }
      // Accounts that were active are now flagged as churn risks.
      const flaggedNow = activeBefore.filter((id) => after.get(id)!.churnRisk);
      expect(flaggedNow.length).toBeGreaterThan(0);
      expect([...after.values()].filter((r) => r.churnRisk).length).toBeGreaterThan([...before.values()].filter((r) => r.churnRisk).length);

      // The run is recorded as that day's as-of job.
      const job = await db!.prisma.job.findFirstOrThrow({ where: { kind: "metrics-as-of" } });
      expect(job.status).toBe("SUCCEEDED");
      expect((job.detail as { result: { asOfDay: string } }).result.asOfDay).toBe(laterDay.toISOString().slice(0, 10));
    },
    300_000,
  );
});
