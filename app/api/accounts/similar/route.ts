import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { findSimilarAccounts, similarAccountsQuery } from "@/lib/accounts/similar-accounts";

// Likely duplicates of an account about to be created (similar name, same e-mail domain).
export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await findSimilarAccounts(actor, parseQuery(request, similarAccountsQuery)));
});

export const dynamic = "force-dynamic";
