// Opaque keyset cursors: base64url JSON, validated on the way back in.
import type { ZodType } from "zod";
import { Invalid } from "@/lib/errors";

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeCursor<T>(cursor: string, schema: ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new Invalid("Invalid cursor", [{ field: "cursor", reason: "not a cursor this API returned" }]);
  }
}
