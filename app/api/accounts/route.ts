import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listAccounts, listAccountsQuery } from "@/lib/accounts/list-accounts";
import { createAccountInput } from "@/lib/accounts/schema";
import { createAccount } from "@/lib/accounts/change-account";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listAccounts(actor, parseQuery(request, listAccountsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await createAccount(actor, await parseJsonBody(request, createAccountInput)), { status: 201 });
});

export const dynamic = "force-dynamic";
