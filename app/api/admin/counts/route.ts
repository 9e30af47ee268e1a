import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { dataCounts } from "@/lib/audit/data-counts";

// GET /api/admin/counts (admins): row counts, last changes and the newest audit entry.
export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json(await dataCounts(actor));
});

export const dynamic = "force-dynamic";
