import { NextResponse } from "next/server";
import { z } from "zod";
import { route, parseWith, parseEmptyBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { resumeImport } from "@/lib/imports/imports";

// POST /api/imports/{id}/resume: continue an interrupted import from its checkpoint (409 while it still runs).
export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(z.object({ id: recordId("an import id") }), await params, "Invalid path").id;
  await parseEmptyBody(request);
  return NextResponse.json(await resumeImport(actor, id), { status: 202 });
});

export const dynamic = "force-dynamic";
