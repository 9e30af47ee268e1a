import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listAccounts, listAccountsQuery } from "@/lib/accounts/list-accounts";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listAccounts(actor, parseQuery(request, listAccountsQuery)));
});

export const dynamic = "force-dynamic";
