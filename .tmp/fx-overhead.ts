// Ad-hoc: CPU cost of the conversion per account (metricsRowOf with fx vs the same compute without it).
import { openPostgres } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { loadMetricsContext } from "@/lib/metrics/context";
import { loadMetricsAccounts } from "@/lib/metrics/store";
import { metricsRowOf } from "@/lib/metrics/recompute";
import { computeAccountMetrics } from "@/lib/metrics/compute";

const db = await openPostgres(process.argv[2]!, { poolMax: 2 });
const q = runnerQuery(db);
const ids = (await q(`SELECT id FROM accounts ORDER BY id LIMIT 5000`, [])).map((r) => String(r.id));
const ctx = await loadMetricsContext(q);
const accounts = [...(await loadMetricsAccounts(q, ids)).values()];
const asOf = new Date();
const currencies = new Map<string, number>();
for (const a of accounts) currencies.set(a.currency, (currencies.get(a.currency) ?? 0) + 1);
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  for (const a of accounts) computeAccountMetrics(a, ctx.costsFor(a.segment), ctx.model, ctx.portfolio, ctx.catalog, asOf);
  const plain = performance.now() - t;
  t = performance.now();
  let missing = 0;
  for (const a of accounts) if (!metricsRowOf(a, ctx, asOf).reporting.values) missing++;
  const withFx = performance.now() - t;
  console.log(JSON.stringify({ accounts: accounts.length, currencies: Object.fromEntries(currencies), plainMs: Math.round(plain), withFxMs: Math.round(withFx), overhead: `${Math.round((withFx / plain - 1) * 100)} %`, missing }));
}
await db.close();
