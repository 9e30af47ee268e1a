import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { resetPassword } from "@/lib/users/change-user";
import { resetPasswordInput } from "@/lib/users/schema";

type Context = { params: Promise<{ id: string }> };

/** Sets a temporary password (the admin's, or a generated one returned once in the body). */
export const POST = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a user id"), (await context.params).id, "Invalid path");
  return NextResponse.json(await resetPassword(actor, id, await parseJsonBody(request, resetPasswordInput)), {
    headers: { "Cache-Control": "no-store" },
  });
});

export const dynamic = "force-dynamic";
