// Demo goals (lib/seed calls this after loading the accounts): every active rep gets a goal
// for the six months before the demo's "today", its month and the next one, so the Team page
// compares real revenue with a real goal. A month's goal is 110 % of the rep's book's average
// monthly order revenue over the three months before it, rounded to €500 (at least €500): a
// stretch a manager would set, met in some months and missed in others.
import type { Query } from "@/lib/db/sql";
import { addMonths, firstDayOf, monthAt } from "@/lib/business-month";

export const SEEDED_GOAL_MONTHS_BACK = 6;
export const SEEDED_GOAL_MONTHS_AHEAD = 1;

/** Inserts the demo goals in one statement (existing goals are kept); returns how many it added. */
export async function seedRepGoals(query: Query, asOf: Date, timeZone: string): Promise<number> {
  const current = monthAt(asOf, timeZone);
  const rows = await query(
    `WITH months AS (
       SELECT m::date AS first_day
         FROM generate_series($1::date, $2::date, interval '1 month') AS m
     ),
     -- MATERIALIZED: referenced from the correlated subquery below, an inlined CTE re-ran this
     -- aggregate over recent purchases once per rep and month (~400 scans: minutes at 200 000 accounts).
     monthly AS MATERIALIZED (
       SELECT a.owner_id, date_trunc('month', p.purchased_at AT TIME ZONE $3)::date AS first_day, sum(p.total) AS revenue
         FROM purchases p JOIN accounts a ON a.id = p.account_id
        WHERE p.purchased_at >= ($4::date)::timestamp AT TIME ZONE $3
        GROUP BY 1, 2
     ),
     goals AS (
       SELECT u.id AS rep_id, m.first_day,
              coalesce((SELECT sum(x.revenue) FROM monthly x
                         WHERE x.owner_id = u.id AND x.first_day >= m.first_day - interval '3 months' AND x.first_day < m.first_day), 0)
                * 1.1 / 3 AS target
         FROM users u CROSS JOIN months m
        WHERE u.role = 'REP' AND u.active
     ),
     inserted AS (
       INSERT INTO rep_goals (rep_id, month, goal_cents, updated_at)
       SELECT rep_id, first_day, least(1000000000, greatest(50000, round(target / 500) * 50000))::int, now()
         FROM goals
       ON CONFLICT (rep_id, month) DO NOTHING
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [
      firstDayOf(addMonths(current, -SEEDED_GOAL_MONTHS_BACK)),
      firstDayOf(addMonths(current, SEEDED_GOAL_MONTHS_AHEAD)),
      timeZone,
      firstDayOf(addMonths(current, -SEEDED_GOAL_MONTHS_BACK - 3)),
    ],
  );
  return Number(rows[0]?.n ?? 0);
}
