import { NextResponse } from "next/server";
import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { listProducts, listProductsQuery } from "@/lib/products/list-products";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listProducts(actor, parseQuery(request, listProductsQuery)));
});

export const dynamic = "force-dynamic";
