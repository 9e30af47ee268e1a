// Under Citus (decision 0013) a join between two tables distributed by the account is answered on
// one shard only when it pairs their distribution columns; a join on another key (a visit's
// contact by contact id alone) is a repartition join that Citus refuses or runs across every
// worker. The schema holds the keys (citus-rules.test.ts); this holds the queries: every raw SQL
// join of one distributed table to another, in the app's own code, names the account on both sides.
// Hand-written rather than a SQL parser: the app's joins are `JOIN <table> <alias> ON <condition>`
// in template strings, and a parser would need the strings' ${…} parts resolved first.
import { describe, expect, it } from "vitest";
import { CITUS_TABLES } from "./citus-schema";
import { filesUnder, readRepoFile } from "./source-files";

const distributed = new Map(
  Object.entries(CITUS_TABLES).flatMap(([table, kind]) => (kind.kind === "distributed" ? [[table, kind.column] as const] : [])),
);

interface Join {
  file: string;
  table: string;
  alias: string;
  condition: string;
}

/** `JOIN t x ON …` up to the next clause, with the FROM tables and aliases in the same statement text. */
function joinsIn(file: string, text: string): Join[] {
  const joins: Join[] = [];
  const pattern =
    /\bJOIN\s+(\w+)\s+(?:AS\s+)?(\w+)\s+ON\s+([\s\S]*?)(?=\b(?:LEFT\s+|RIGHT\s+|INNER\s+|CROSS\s+)?JOIN\b|\bWHERE\b|\bGROUP\b|\bORDER\b|\bLIMIT\b|\bHAVING\b|\bWINDOW\b|\bUNION\b|\)\s*(?:\w+\s*)?(?:,|$|\n\s*(?:WHERE|GROUP|ORDER|JOIN|LEFT|\)))|`|"|;)/gi;
  for (const match of text.matchAll(pattern)) {
    joins.push({ file, table: match[1]!.toLowerCase(), alias: match[2]!, condition: match[3]!.replace(/\s+/g, " ").trim() });
  }
  return joins;
}

/** The aliases a statement gives distributed tables (FROM and JOIN), to tell which side of a condition is one. */
function distributedAliases(text: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const match of text.matchAll(/\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)\b/gi)) {
    const table = match[1]!.toLowerCase();
    if (distributed.has(table)) aliases.set(match[2]!, table);
  }
  return aliases;
}

/** Whether a join condition pairs the joined table's distribution column with another distributed table's. */
function pairsAccounts(join: Join, aliases: Map<string, string>): boolean {
  const own = `${join.alias}.${distributed.get(join.table)}`;
  // The other side: a distributed table's column, or any alias's account_id (a subquery over one).
  const others = [...aliases].filter(([alias]) => alias !== join.alias).map(([alias, table]) => `${alias}.${distributed.get(table)}`);
  const isAccountOf = (side: string) => others.includes(side) || (/^\w+\.account_id$/.test(side) && !side.startsWith(`${join.alias}.`));
  const sides = join.condition.split(/\bAND\b/i).map((part) => part.replace(/[()]/g, "").trim());
  return sides.some((part) => {
    const [left, right] = part.split("=").map((side) => side?.trim());
    if (!left || !right) return false;
    return (left === own && isAccountOf(right)) || (right === own && isAccountOf(left));
  });
}

const sources = ["app", "lib"].flatMap((dir) => filesUnder(dir, /^(?!.*\.test\.tsx?$).*\.tsx?$/));

describe("joins between distributed tables", () => {
  it("finds the joins it checks (the scanner reads the app's SQL)", () => {
    const all = sources.flatMap((file) => joinsIn(file, readRepoFile(file)));
    expect(all.filter((join) => distributed.has(join.table)).length).toBeGreaterThan(20);
  });

  it("a join on another key is found, and one that pairs the account passes", () => {
    const bad = "SELECT 1 FROM visits v JOIN contacts c ON c.id = v.contact_id WHERE true";
    const good = "SELECT 1 FROM visits v JOIN contacts c ON c.account_id = v.account_id AND c.id = v.contact_id WHERE true";
    const check = (sql: string) => joinsIn("x", sql).map((join) => pairsAccounts(join, distributedAliases(sql)));
    expect(check(bad)).toEqual([false]);
    expect(check(good)).toEqual([true]);
    // accounts is distributed by its own id.
    expect(check("SELECT 1 FROM deals d JOIN accounts a ON a.id = d.account_id ORDER BY 1")).toEqual([true]);
  });

  it("every join of two distributed tables pairs their account columns", () => {
    const unpaired: string[] = [];
    for (const file of sources) {
      const text = readRepoFile(file);
      // One statement per template string or string literal with SQL in it.
      for (const statement of text.split(/`/).filter((part) => /\bJOIN\b/i.test(part) && /\b(SELECT|UPDATE|DELETE|INSERT)\b/i.test(part))) {
        const aliases = distributedAliases(statement);
        for (const join of joinsIn(file, statement)) {
          if (!distributed.has(join.table)) continue;
          const otherDistributed = [...aliases].some(([alias]) => alias !== join.alias);
          if (otherDistributed && !pairsAccounts(join, aliases))
            unpaired.push(`${file}: JOIN ${join.table} ${join.alias} ON ${join.condition}`);
        }
      }
    }
    expect(unpaired).toEqual([]);
  });
});
