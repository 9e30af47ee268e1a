import { NextResponse } from "next/server";
import { database } from "@/lib/db/client";

// Readiness for Playwright and load balancers: answers once the database is open.
export async function GET() {
  try {
    const db = await database();
    await db.runner.query("SELECT 1");
    return NextResponse.json({ ok: true, database: db.kind });
  } catch (error) {
    return NextResponse.json({ ok: false, error: (error as Error).message }, { status: 503 });
  }
}

export const dynamic = "force-dynamic";
