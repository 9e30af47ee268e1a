import { route, parseQuery } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { rankingsExportQuery } from "@/lib/rankings/schema";
import { rankingCsv } from "@/lib/rankings/export";

// GET /api/rankings/export.csv?measure&ownerId&segment&region&flag&q: the whole current view, streamed.
export const GET = route(async (request) => {
  const actor = await requireActor();
  const filter = parseQuery(request, rankingsExportQuery);
  // Opens the first batch before answering, so a refusal is still a proper 4xx.
  const body = await rankingCsv(actor, filter);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ltv-ranking-${filter.measure}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});

export const dynamic = "force-dynamic";
