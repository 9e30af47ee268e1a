import { NextResponse } from "next/server";
import { route, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { getAccount } from "@/lib/accounts/get-account";
import { recordId } from "@/lib/http/ids";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const actor = await requireActor();
  const id = parseWith(recordId("an account id"), (await params).id, "Invalid path");
  return NextResponse.json(await getAccount(actor, id));
});

export const dynamic = "force-dynamic";
