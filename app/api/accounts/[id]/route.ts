import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { getAccount } from "@/lib/accounts/get-account";
import { updateAccount } from "@/lib/accounts/change-account";
import { updateAccountInput } from "@/lib/accounts/schema";
import { recordId } from "@/lib/http/ids";

type Context = { params: Promise<{ id: string }> };
const accountId = async (context: Context) => parseWith(recordId("an account id"), (await context.params).id, "Invalid path");

export const GET = route<Context>(async (_request, context) => {
  const actor = await requireActor();
  return NextResponse.json(await getAccount(actor, await accountId(context)));
});

export const PATCH = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = await accountId(context);
  return NextResponse.json(await updateAccount(actor, id, await parseJsonBody(request, updateAccountInput)));
});

export const dynamic = "force-dynamic";
