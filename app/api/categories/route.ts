import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createCategory, listCategories } from "@/lib/products/categories";
import { createCategoryInput } from "@/lib/products/schema";

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json(await listCategories(actor));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await createCategory(actor, await parseJsonBody(request, createCategoryInput)), { status: 201 });
});

export const dynamic = "force-dynamic";
