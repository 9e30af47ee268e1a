import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { requirePermission } from "@/lib/auth/session";
import { Invalid } from "@/lib/errors";
import { MAX_RATES_FILE_BYTES } from "@/lib/fx-rates/schema";
import { importRates } from "@/lib/fx-rates/rates";

// POST /api/fx-rates/import (admins): a CSV in the ECB layout (Date,USD,JPY,…, per 1 EUR), as
// multipart/form-data with the field `file` or as a text/csv body. All or nothing.
export const POST = route(async (request) => {
  const actor = await requirePermission("write", "settings");
  const tooLarge = () => NextResponse.json({ error: `The file is larger than ${MAX_RATES_FILE_BYTES / 1024 / 1024} MB.` }, { status: 413 });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_RATES_FILE_BYTES + 64 * 1024) return tooLarge();
  const type = request.headers.get("content-type") ?? "";
  let fileName = "rates.csv";
  let bytes: Uint8Array;
  if (type.startsWith("multipart/form-data")) {
    const form = await request.formData().catch(() => null);
    const file = form?.get("file");
    if (!(file instanceof File))
      throw new Invalid("Invalid body: file: choose a CSV file", [{ field: "file", reason: "choose a CSV file" }]);
    fileName = file.name || fileName;
    bytes = new Uint8Array(await file.arrayBuffer());
  } else if (/^(text\/(csv|plain)|application\/csv)/.test(type)) {
    bytes = new Uint8Array(await request.arrayBuffer());
  } else {
    throw new Invalid("Send the file as multipart/form-data (field file) or as a text/csv body.", [
      { field: "(body)", reason: "not multipart/form-data or text/csv" },
    ]);
  }
  if (bytes.byteLength > MAX_RATES_FILE_BYTES) return tooLarge();
  if (bytes.byteLength === 0) throw new Invalid("Invalid body: file: the file is empty", [{ field: "file", reason: "the file is empty" }]);
  let content: string;
  try {
    content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    content = "\0";
  }
  if (content.includes("\0"))
    throw new Invalid("Invalid body: file: not a CSV text file (UTF-8)", [{ field: "file", reason: "not a CSV text file (UTF-8)" }]);
  return NextResponse.json(await importRates(actor, { fileName, content }));
});

export const dynamic = "force-dynamic";
