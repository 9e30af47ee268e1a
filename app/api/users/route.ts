import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/list-users";
import { createUser } from "@/lib/users/change-user";
import { createUserInput } from "@/lib/users/schema";

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json({ items: await listUsers(actor) });
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await createUser(actor, await parseJsonBody(request, createUserInput)), {
    status: 201,
    // The body may carry a generated password: never cache it anywhere.
    headers: { "Cache-Control": "no-store" },
  });
});

export const dynamic = "force-dynamic";
