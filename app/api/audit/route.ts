import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listAudit, listAuditQuery } from "@/lib/audit/list-audit";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listAudit(actor, parseQuery(request, listAuditQuery)));
});

export const dynamic = "force-dynamic";
