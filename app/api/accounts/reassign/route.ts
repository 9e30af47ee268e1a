import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { reassignAccounts, reassignAccountsInput } from "@/lib/accounts/reassign-accounts";

/** { accountIds } or { fromOwnerId }, plus toOwnerId: all or nothing. */
export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await reassignAccounts(actor, await parseJsonBody(request, reassignAccountsInput)));
});

export const dynamic = "force-dynamic";
