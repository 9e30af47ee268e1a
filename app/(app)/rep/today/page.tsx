import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { todayFor } from "@/lib/follow-ups/today";
import { TodayView } from "@/components/today/today-view";

export const metadata: Metadata = { title: "Today" };

export default async function TodayPage() {
  const actor = await requireActor();
  return <TodayView data={await todayFor(actor)} />;
}

export const dynamic = "force-dynamic";
