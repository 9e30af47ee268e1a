import { NextResponse } from "next/server";
import { route, parseJsonBody, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { createPurchaseInput, listPurchasesQuery } from "@/lib/purchases/schema";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { listPurchases } from "@/lib/purchases/list-purchases";

export const GET = route(async (request) => {
  const actor = await requireActor();
  return NextResponse.json(await listPurchases(actor, parseQuery(request, listPurchasesQuery)));
});

export const POST = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, createPurchaseInput);
  const result = await createPurchase(actor, input);
  // A replay answers exactly as the first request did; the header says it was one.
  return NextResponse.json(
    { purchase: result.purchase, metrics: result.metrics, flags: result.flags, closedFollowUps: result.closedFollowUps },
    { status: 201, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
  );
});

export const dynamic = "force-dynamic";
