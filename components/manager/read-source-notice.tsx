import type { DashboardReadSource } from "@/lib/portfolio/read-source";

function seconds(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-GB")} s`;
}

/** Where the figures come from when a read replica is configured; nothing without one. */
export function ReadSourceNotice({ routing }: { routing: DashboardReadSource }) {
  if (!routing.replicaConfigured) return null;
  const limit = seconds(routing.maxLagSeconds);
  let text: string;
  if (routing.source === "replica") {
    text = `Figures from the read replica, ${seconds(routing.lagSeconds ?? 0)} behind the primary (limit ${limit}).`;
  } else if (routing.fallback === "unreachable") {
    text = "The read replica did not answer: figures from the primary.";
  } else {
    const lag = routing.lagSeconds === null ? "too far" : seconds(routing.lagSeconds);
    text = `The read replica is ${lag} behind (limit ${limit}): figures from the primary.`;
  }
  const tone = routing.source === "replica" ? "text-slate-500" : "rounded bg-amber-50 px-2 py-1 text-amber-900 ring-1 ring-amber-200";
  return (
    <p className={`text-xs ${tone}`} data-testid="read-source" data-source={routing.source}>
      {text}
    </p>
  );
}
