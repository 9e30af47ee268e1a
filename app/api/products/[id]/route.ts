import { NextResponse } from "next/server";
import { route, parseJsonBody, parseWith, parseEmptyBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { recordId } from "@/lib/http/ids";
import { removeProduct, updateProduct } from "@/lib/products/change-product";
import { updateProductInput } from "@/lib/products/schema";

type Context = { params: Promise<{ id: string }> };
const productId = async (context: Context) => parseWith(recordId("a product id"), (await context.params).id, "Invalid path");

export const PATCH = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = await productId(context);
  return NextResponse.json(await updateProduct(actor, id, await parseJsonBody(request, updateProductInput)));
});

/** Deletes an unused product; archives one that purchases or deals refer to. The body says which. */
export const DELETE = route<Context>(async (request, context) => {
  const actor = await requireActor();
  const id = await productId(context);
  await parseEmptyBody(request);
  return NextResponse.json(await removeProduct(actor, id));
});

export const dynamic = "force-dynamic";
