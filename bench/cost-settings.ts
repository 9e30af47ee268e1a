// Times the cost-inputs preview and save-and-recompute on the database in the
// environment (embedded PGlite at PGLITE_DATA_DIR, or DATABASE_URL), seeded first
// with `npm run seed -- --accounts N`. Changes the default margin by +1 point and back.
//   PGLITE_DATA_DIR=/tmp/bench-pglite npx tsx bench/cost-settings.ts
import { closeDatabase, database } from "@/lib/db/client";
import { applyCostChange, getCostSettings, previewCostChange } from "@/lib/settings/cost-settings";
import { startJobQueue, stopJobQueue, whenJobsIdle } from "@/lib/jobs/queue";
import { JOB_KINDS } from "@/lib/background/kinds";
import { costChangeInput } from "@/lib/settings/schema";
import { parseWith } from "@/lib/http/route";

async function main() {
  const db = await database();
  await startJobQueue(db, JOB_KINDS, { pollingIntervalSeconds: 0.5 });
  const admin = await db.prisma.user.findFirstOrThrow({ where: { role: "ADMIN", active: true } });
  const actor = { id: admin.id, role: admin.role, email: admin.email, name: admin.name };
  const accounts = await db.prisma.account.count();
  for (const step of [0.01, -0.01]) {
    const settings = await getCostSettings(actor);
    const current = settings.inForce!;
    const input = parseWith(costChangeInput, {
      default: { ...current.default, grossMargin: Number((current.default.grossMargin + step).toFixed(4)) },
      basedOn: current.id,
    });
    let started = performance.now();
    const preview = await previewCostChange(actor, input);
    const previewMs = performance.now() - started;
    started = performance.now();
    const { job } = await applyCostChange(actor, input);
    await whenJobsIdle({ timeoutMs: 3_600_000 });
    const applyMs = performance.now() - started;
    const done = await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    console.log(
      JSON.stringify({
        backend: db.kind,
        accounts,
        marginTo: input.default.grossMargin,
        changed: preview.changed.formulaLtv,
        previewMs: Math.round(previewMs),
        applyMs: Math.round(applyMs),
        job: done.status,
        detail: done.detail,
      }),
    );
  }
  await stopJobQueue();
  await closeDatabase();
}

main().catch(async (error) => {
  console.error(error);
  await closeDatabase().catch(() => {});
  process.exit(1);
});
