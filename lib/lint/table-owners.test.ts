// One owner per table (issue 19): every write to account_metrics lives in lib/metrics. Other
// features call its functions (rollups.ts, store.ts, recompute.ts); a raw write elsewhere fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, readRepoFile } from "./source-files";

const WRITE =
  /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?account_metrics"?\b|\baccountMetrics\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/i;

describe("table owners", () => {
  it("only lib/metrics writes account_metrics", () => {
    const sources = ["app", "components", "lib"].flatMap((dir) => filesUnder(dir, /^(?!.*\.test\.tsx?$).*\.tsx?$/));
    const writers = sources.filter((file) => WRITE.test(readRepoFile(file)));
    expect(writers.length).toBeGreaterThan(0); // the pattern finds lib/metrics' own writers
    expect(writers.filter((file) => !file.startsWith(path.join("lib", "metrics") + path.sep))).toEqual([]);
  });

  // Issue 18's tables: revenue goals (lib/team-goals) and the reassignment records (lib/accounts/account-moves.ts).
  const OWNED: Array<{ table: string; model: string; owner: string }> = [
    { table: "rep_goals", model: "repGoal", owner: path.join("lib", "team-goals") + path.sep },
    { table: "account_moves", model: "accountMove", owner: path.join("lib", "accounts", "account-moves.ts") },
    { table: "account_move_items", model: "accountMoveItem", owner: path.join("lib", "accounts", "account-moves.ts") },
    // The dashboard's monthly rollups (decision 0016): rewritten with the orders by lib/metrics only.
    { table: "account_revenue_months", model: "accountRevenueMonth", owner: path.join("lib", "metrics", "revenue-months.ts") },
    { table: "portfolio_revenue_months", model: "portfolioRevenueMonth", owner: path.join("lib", "metrics", "revenue-months.ts") },
    { table: "portfolio_cohort_months", model: "portfolioCohortMonth", owner: path.join("lib", "metrics", "revenue-months.ts") },
    // The key of account_metrics' state: rows added by a trigger, and by the swap and the fold in lib/metrics/generation.ts.
    { table: "metrics_changes", model: "metricsChange", owner: path.join("lib", "metrics", "generation.ts") },
    { table: "metrics_generation", model: "metricsGeneration", owner: path.join("lib", "metrics", "generation.ts") },
    { table: "metrics_tallies", model: "metricsTally", owner: path.join("lib", "metrics", "tallies.ts") },
  ];
  it.each(OWNED)("only $owner writes $table", ({ table, model, owner }) => {
    const write = new RegExp(
      `\\b(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+"?${table}"?(?![\\w])|\\b${model}\\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\\b`,
      "i",
    );
    const sources = ["app", "components", "lib", "prisma"].flatMap((dir) => filesUnder(dir, /^(?!.*\.test\.tsx?$).*\.tsx?$/));
    const writers = sources.filter((file) => write.test(readRepoFile(file)));
    expect(writers.length).toBeGreaterThan(0); // the pattern finds the owner's own writes
    expect(writers.filter((file) => !file.startsWith(owner))).toEqual([]);
  });
});
