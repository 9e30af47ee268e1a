// Tests: the accounts whose current flag records do not match the flags stored with their
// metrics (one current record per type|subject a stored flag names, and none other). Every
// writer of flags syncs, and readers only read, so a test after any writer expects [].
import type { Query } from "@/lib/flag-records/store";
import { flagKey, flagSubject } from "@/lib/flag-records/machine";
import { flagsFromJson } from "@/lib/flag-records/sync";

export interface OutOfStep {
  accountId: string;
  stored: string[];
  recorded: string[];
}

export async function flagRecordsOutOfStep(query: Query): Promise<OutOfStep[]> {
  const [metrics, records] = await Promise.all([
    query(`SELECT account_id::text AS account_id, flags FROM account_metrics ORDER BY account_id`, []),
    query(`SELECT account_id::text AS account_id, type, subject FROM account_flags WHERE closed_at IS NULL`, []),
  ]);
  const recorded = new Map<string, string[]>();
  for (const row of records) {
    const list = recorded.get(String(row.account_id)) ?? [];
    list.push(flagKey(String(row.type), String(row.subject)));
    recorded.set(String(row.account_id), list);
  }
  const out: OutOfStep[] = [];
  for (const row of metrics) {
    const accountId = String(row.account_id);
    const stored = [...new Set(flagsFromJson(row.flags).map((flag) => flagKey(flag.type, flagSubject(flag))))].sort();
    const current = [...(recorded.get(accountId) ?? [])].sort();
    if (stored.join(",") !== current.join(",")) out.push({ accountId, stored, recorded: current });
  }
  return out;
}
