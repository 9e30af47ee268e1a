import { route } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { NotFound } from "@/lib/errors";
import { EXPORT_FILES, type ExportFile } from "@/lib/imports/formats";
import { exportCsv } from "@/lib/exports/export-csv";

// GET /api/export/{accounts|contacts|products|purchases|visits|deals}.csv: the whole entity, streamed.
export const GET = route<{ params: Promise<{ file: string }> }>(async (_request, { params }) => {
  const actor = await requireActor();
  const { file } = await params;
  const name = file.endsWith(".csv") ? file.slice(0, -4) : "";
  if (!(EXPORT_FILES as readonly string[]).includes(name)) throw new NotFound(`No export named ${file}.`);
  const body = await exportCsv(actor, name as ExportFile);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
});

export const dynamic = "force-dynamic";
