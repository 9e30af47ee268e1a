import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { updateUser } from "@/lib/users/change-user";
import { updateUserInput } from "@/lib/users/schema";

type Context = { params: Promise<{ id: string }> };

export const PATCH = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = parseWith(recordId("a user id"), (await context.params).id, "Invalid path");
  return NextResponse.json(await updateUser(actor, id, await parseJsonBody(request, updateUserInput)));
});

export const dynamic = "force-dynamic";
