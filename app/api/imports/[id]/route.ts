import { NextResponse } from "next/server";
import { z } from "zod";
import { route, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { getImport } from "@/lib/imports/imports";

// GET /api/imports/{id}: status, counts, progress and the row-level errors.
export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(z.object({ id: recordId("an import id") }), await params, "Invalid path").id;
  return NextResponse.json(await getImport(actor, id));
});

export const dynamic = "force-dynamic";
