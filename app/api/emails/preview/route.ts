import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { composeEmailInput } from "@/lib/emails/schema";
import { previewEmail } from "@/lib/emails/emails";

// What the e-mail would say; nothing is kept or sent.
export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await previewEmail(actor, await parseJsonBody(request, composeEmailInput)));
});

export const dynamic = "force-dynamic";
