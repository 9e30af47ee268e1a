// Issue #7: kill the server in the middle of an import. A child process runs a
// purchases import in small chunks; we SIGKILL it once some chunks have committed,
// then check that the database holds whole orders only, exactly as many as the
// checkpoint says, that the import shows as interrupted, and that resuming it
// finishes with exact counts and no duplicates.
// On PostgreSQL the child writes to this test's database while we watch. On PGlite
// (one process per data directory) the database lives in a temporary directory the
// child opens alone; we reopen it after the kill, which also shows what PGlite keeps
// through a hard kill.
import { runnerQuery } from "@/lib/db/sql";
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPglite, useDatabase, closeDatabase, type Database } from "@/lib/db/client";
import { openTestDatabase } from "@/lib/db/testing";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { findMetricsMismatches } from "@/lib/metrics/reconcile";
import { talliesOutOfStep } from "@/lib/metrics/testing/tallies-in-step";
import { getImport, resumeImport, startImport } from "./imports";
import { expectFullyRecomputed } from "./testing/metrics";

const ROWS = 3000;
const CHUNK_ROWS = 60;
const onServer = Boolean(process.env.DATABASE_URL);
let db: Database | null = null;
let pgliteDir: string | null = null;

afterAll(async () => {
  await db?.close();
  await closeDatabase().catch(() => {});
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

/** A purchases file: orders of 1–3 lines over the fixture's accounts (referenced by id: they have no external id). */
function purchasesCsv(fx: SalesFixture): { content: string; orders: number } {
  const accounts = [...fx.accounts.rep1, ...fx.accounts.rep2];
  const skus = ["PRN-1", "TON-S", "TON-P", "PAP-1"];
  const lines = ["order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost"];
  let orders = 0;
  for (let row = 0; row < ROWS; orders++) {
    const size = Math.min(1 + (orders % 3), ROWS - row);
    const account = accounts[orders % accounts.length]!;
    const day = new Date(Date.UTC(2024, 0, 1) + (orders % 600) * 86_400_000).toISOString().slice(0, 10);
    for (let l = 0; l < size; l++, row++)
      lines.push(`KILL-${orders},${account},${day},${skus[(orders + l) % skus.length]},${1 + (l % 3)},${(10 + (orders % 50)).toFixed(2)},`);
  }
  return { content: lines.join("\n") + "\n", orders };
}

function runChild(target: string, importId: string): Promise<{ killedAt: number; exit: NodeJS.Signals | number | null; output: string }> {
  // node itself with tsx as a loader: the tsx CLI would run the script in a grandchild
  // that a SIGKILL of the CLI leaves running.
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "lib/imports/testing/import-child.ts", target, importId, String(CHUNK_ROWS), "40"],
    {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  let killedAt = -1;
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (data: Buffer) => {
      output += data.toString();
      const committed = [...output.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]));
      const last = committed[committed.length - 1] ?? 0;
      // Kill after a few chunks, well before the end: a hard kill, no cleanup.
      if (killedAt < 0 && last >= CHUNK_ROWS * 3) {
        killedAt = last;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (data: Buffer) => (output += data.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ killedAt, exit: signal ?? code, output }));
  });
}

describe(`killing the process in the middle of an import (${onServer ? "PostgreSQL" : "PGlite on disk"})`, () => {
  it("leaves whole orders only, as many as the checkpoint says, and resumes to exact counts", async () => {
    let target: string;
    if (onServer) {
      db = await openTestDatabase();
      useDatabase(db);
      const name = String((await db.runner.query<{ name: string }>(`SELECT current_database() AS name`))[0]!.name);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      target = url.toString();
    } else {
      pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-kill-"));
      db = await openPglite(path.join(pgliteDir, "db"));
      useDatabase(db);
      target = `pglite:${path.join(pgliteDir, "db")}`;
    }
    const fx: SalesFixture = await createSalesFixture(db.prisma, { accountsPerRep: 4 });
    await recomputeAllMetrics(db, { refit: false });
    const file = purchasesCsv(fx);
    const orders = file.orders;
    const started = await startImport(
      fx.admin,
      { entity: "PURCHASES", mode: "ALL_OR_NOTHING", fileName: "kill.csv", content: file.content },
      { background: false },
    );
    const importId = started.id;
    // PGlite: one process per data directory, so close ours while the child works.
    if (!onServer) await db.close();

    const child = await runChild(target, importId);
    expect(child.exit, child.output).toBe("SIGKILL");
    expect(child.killedAt).toBeGreaterThan(0);
    expect(child.killedAt).toBeLessThan(ROWS);

    if (!onServer) {
      db = await openPglite(path.join(pgliteDir!, "db"));
      useDatabase(db);
    }
    const prisma = db!.prisma;
    const checkpoint = await prisma.import.findUniqueOrThrow({ where: { id: importId } });
    expect(checkpoint.status).toBe("IMPORTING");
    expect(checkpoint.rowsCommitted).toBeGreaterThan(0);
    expect(checkpoint.rowsCommitted).toBeLessThan(ROWS);
    // The kill landed at or after the last chunk the child reported.
    expect(checkpoint.rowsCommitted).toBeGreaterThanOrEqual(child.killedAt);

    // No order without its lines, and exactly the checkpoint's orders and lines.
    const [{ orphans, imported, lines }] = (await db!.runner.query<{ orphans: number; imported: number; lines: number }>(
      `SELECT (SELECT count(*)::int FROM purchases p WHERE p.external_id LIKE 'KILL-%'
                 AND NOT EXISTS (SELECT 1 FROM purchase_lines l WHERE l.purchase_id = p.id)) AS orphans,
              (SELECT count(*)::int FROM purchases WHERE external_id LIKE 'KILL-%') AS imported,
              (SELECT count(*)::int FROM purchase_lines l JOIN purchases p ON p.id = l.purchase_id WHERE p.external_id LIKE 'KILL-%') AS lines`,
    )) as [{ orphans: number; imported: number; lines: number }];
    expect(orphans).toBe(0);
    expect(imported).toBe(checkpoint.created + checkpoint.skipped);
    expect(lines).toBe(checkpoint.rowsCommitted);
    expect(await findMetricsMismatches(runnerQuery(db!))).toEqual([]);
    // The ranking totals' tallies were written in the same transactions as the rows they count.
    expect(await talliesOutOfStep(runnerQuery(db!))).toEqual([]);

    // The dead runner's heartbeat goes stale: the import reads as interrupted and can be resumed.
    expect((await getImport(fx.admin, importId, { staleAfterMs: 0 })).status).toBe("INTERRUPTED");
    expect((await getImport(fx.admin, importId, { staleAfterMs: 60_000 })).status).toBe("IMPORTING");
    const resumed = await resumeImport(fx.admin, importId, { staleAfterMs: 0, background: false, run: { chunkRows: 500, refit: false } });
    expect(resumed).toMatchObject({
      status: "COMPLETED",
      rowsTotal: ROWS,
      rowsCommitted: ROWS,
      created: orders,
      skipped: 0,
      rowsInvalid: 0,
    });
    const [after] = await db!.runner.query<{ orders: number; distinct_orders: number; lines: number }>(
      `SELECT count(DISTINCT p.id)::int AS orders, count(DISTINCT p.external_id)::int AS distinct_orders, count(l.id)::int AS lines
         FROM purchases p JOIN purchase_lines l ON l.purchase_id = p.id WHERE p.external_id LIKE 'KILL-%'`,
    );
    expect(after).toEqual({ orders, distinct_orders: orders, lines: ROWS });
    expect(await findMetricsMismatches(runnerQuery(db!))).toEqual([]);
    expect(await talliesOutOfStep(runnerQuery(db!))).toEqual([]);
    // Accounts written before the kill get their full recompute too when the resumed import finishes.
    await expectFullyRecomputed(db!, [...fx.accounts.rep1, ...fx.accounts.rep2]);
  });
});
