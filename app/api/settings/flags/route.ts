import { NextResponse } from "next/server";
import { route, parseJsonBody } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { flagSettingsInput } from "@/lib/flag-records/schema";
import { readFlagSettings, setFlagSettings } from "@/lib/flag-records/settings";

export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json(await readFlagSettings(actor));
});

export const PUT = route(async (request) => {
  const actor = await requireActor();
  const input = await parseJsonBody(request, flagSettingsInput);
  return NextResponse.json(await setFlagSettings(actor, input));
});

export const dynamic = "force-dynamic";
