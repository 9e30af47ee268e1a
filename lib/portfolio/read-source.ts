// Where the dashboard's figures were read from (the read replica or the primary) and how far
// the replica is behind, for the small notice on /manager (lib/db/read-database.ts).
import { readRouting, type ReadRouting } from "@/lib/db/read-database";
import type { Actor } from "@/lib/auth/permissions";
import { assertDashboard } from "./charts";

export type DashboardReadSource = ReadRouting;

export async function dashboardReadSource(actor: Actor): Promise<DashboardReadSource> {
  assertDashboard(actor);
  return readRouting();
}
