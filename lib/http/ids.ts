import { z } from "zod";

/** A record id (UUID text). Lenient about the version bits: ids may come from imports. */
export const recordId = (what = "id") =>
  z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, `must be ${what}`);
