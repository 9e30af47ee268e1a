import { NextResponse } from "next/server";
import { route, parseWith } from "@/lib/http/route";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { Forbidden, Invalid } from "@/lib/errors";
import { MAX_IMPORT_BYTES, startImportInput } from "@/lib/imports/schema";
import { listImports, startImport } from "@/lib/imports/imports";

// POST /api/imports (multipart/form-data: file, entity, mode) → 202 with the import;
// it is checked and written in the background (poll GET /api/imports/{id}).
export const POST = route(async (request) => {
  const actor = await requireActor();
  // Refuse before reading a large body.
  if (!can(actor, "write", "import")) throw new Forbidden("Only admins import data.");
  const tooLarge = () => NextResponse.json({ error: `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` }, { status: 413 });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_IMPORT_BYTES + 64 * 1024) return tooLarge();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Invalid("Send the file as multipart/form-data with the fields file, entity and mode.", [
      { field: "(body)", reason: "not multipart/form-data" },
    ]);
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new Invalid("Invalid body: file: choose a CSV file", [{ field: "file", reason: "choose a CSV file" }]);
  if (file.size > MAX_IMPORT_BYTES) return tooLarge();
  if (file.size === 0) throw new Invalid("Invalid body: file: the file is empty", [{ field: "file", reason: "the file is empty" }]);
  const looksCsv = /\.(csv|txt)$/i.test(file.name) || /^(text\/(csv|plain)|application\/(csv|vnd\.ms-excel))/.test(file.type);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    content = "\0";
  }
  if (!looksCsv || content.includes("\0")) {
    throw new Invalid("Invalid body: file: not a CSV text file (UTF-8)", [{ field: "file", reason: "not a CSV text file (UTF-8)" }]);
  }
  const input = parseWith(
    startImportInput,
    { entity: String(form.get("entity") ?? ""), mode: String(form.get("mode") ?? ""), fileName: file.name || "upload.csv", content },
    "Invalid body",
  );
  return NextResponse.json(await startImport(actor, input), { status: 202 });
});

// GET /api/imports: the 20 most recent imports (without their files).
export const GET = route(async () => {
  const actor = await requireActor();
  return NextResponse.json({ items: await listImports(actor) });
});

export const dynamic = "force-dynamic";
