import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listProducts, listProductsQuery } from "@/lib/products/list-products";
import { createProduct } from "@/lib/products/change-product";
import { createProductInput } from "@/lib/products/schema";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listProducts(actor, parseQuery(request, listProductsQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await createProduct(actor, await parseJsonBody(request, createProductInput)), { status: 201 });
});

export const dynamic = "force-dynamic";
