import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { updateTemplateInput } from "@/lib/emails/schema";
import { getTemplate, updateTemplate } from "@/lib/emails/emails";

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json(await getTemplate(actor));
});

export const PUT = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await updateTemplate(actor, await parseJsonBody(request, updateTemplateInput)));
});

export const dynamic = "force-dynamic";
