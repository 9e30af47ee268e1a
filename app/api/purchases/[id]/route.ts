import { NextResponse } from "next/server";
import { z } from "zod";
import { parseEmptyBody, route, parseJsonBody, parseQuery, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId, recordVersionQuery } from "@/lib/http/ids";
import { updatePurchaseInput } from "@/lib/purchases/schema";
import { deletePurchase, updatePurchase } from "@/lib/purchases/change-purchase";

type Context = { params: Promise<{ id: string }> };
const purchaseId = async (context: Context) => parseWith(recordId("an order id"), (await context.params).id, "Invalid path");

export const PATCH = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = await purchaseId(context);
  return NextResponse.json(await updatePurchase(actor, id, await parseJsonBody(request, updatePurchaseInput)));
});

const deleteQuery = z.object({ version: recordVersionQuery().optional() }).strict();

export const DELETE = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = await purchaseId(context);
  const { version } = parseQuery(request, deleteQuery);
  await parseEmptyBody(request);
  return NextResponse.json(await deletePurchase(actor, id, version));
});

export const dynamic = "force-dynamic";
