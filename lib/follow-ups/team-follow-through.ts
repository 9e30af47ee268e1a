// The manager's view of follow-through per rep (issue 15): open and overdue follow-ups on
// each rep's accounts, and flags the rep acted on in the last 7 days.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { appToday } from "@/lib/app-day";
import { DAY_MS } from "@/lib/days";

export interface RepFollowThrough {
  repId: string;
  name: string;
  openFollowUps: number;
  overdueFollowUps: number;
  flagsActed7d: number;
}

export async function teamFollowThrough(actor: Actor, now = new Date()): Promise<RepFollowThrough[]> {
  if (!can(actor, "read", "dashboard")) throw new Forbidden("Your role may not read the team's figures.");
  const prisma = await getPrisma();
  // Overdue: due before today as the business counts days (APP_TIME_ZONE).
  const today = appToday(now);
  const rows = await prisma.$queryRawUnsafe<Array<{ id: string; name: string; open: number; overdue: number; acted: number }>>(
    `SELECT u.id::text AS id, u.name,
            coalesce(f.open, 0)::int AS open, coalesce(f.overdue, 0)::int AS overdue, coalesce(e.acted, 0)::int AS acted
       FROM users u
       LEFT JOIN (SELECT a.owner_id, count(*) AS open, count(*) FILTER (WHERE fu.due_on < $1::date) AS overdue
                    FROM follow_ups fu JOIN accounts a ON a.id = fu.account_id
                   WHERE fu.status = 'open' GROUP BY a.owner_id) f ON f.owner_id = u.id
       LEFT JOIN (SELECT actor_id, count(DISTINCT flag_id) AS acted FROM account_flag_events
                   WHERE to_state = 'acted' AND at >= $2::timestamptz GROUP BY actor_id) e ON e.actor_id = u.id
      WHERE u.role = 'REP' AND u.active
      ORDER BY u.name, u.id`,
    today,
    new Date(now.getTime() - 7 * DAY_MS).toISOString(),
  );
  return rows.map((row) => ({
    repId: row.id,
    name: row.name,
    openFollowUps: row.open,
    overdueFollowUps: row.overdue,
    flagsActed7d: row.acted,
  }));
}
