// API route helpers: one wrapper that maps typed domain errors to HTTP, and zod
// parsing of query strings and bodies into 400s that name the field.
import { NextResponse, type NextRequest } from "next/server";
import { z, type ZodType } from "zod";
import { Conflict, Forbidden, Invalid, NotFound, TooManyRequests, Unauthorized, Unprocessable } from "@/lib/errors";
import { env } from "@/lib/env";
import { crossSiteRefusal } from "./csrf";
import { isNumericOverflow } from "@/lib/db/errors";

export const MAX_JSON_BODY_BYTES = 1_000_000;
/** No body this API takes nests deeper than a few levels; deeper ones are refused before any schema walks them. */
export const MAX_JSON_DEPTH = 20;

export function issuesOf(error: z.ZodError): Array<{ field: string; reason: string }> {
  return error.issues.flatMap((issue) =>
    // An unknown field is named itself, not its parent object.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join("."), reason: "unknown field" }))
      : [{ field: issue.path.join(".") || "(body)", reason: issue.message }],
  );
}

/**
 * The path of the first string PostgreSQL cannot store: a NUL character, or a lone
 * UTF-16 surrogate (not valid Unicode, so not valid UTF-8). Without this check such
 * text passes every schema and fails in the database with a 500.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableText(input: unknown, path: Array<string | number> = []): { field: string; reason: string } | null {
  if (typeof input === "string") {
    if (input.includes("\u0000")) return { field: path.join(".") || "(body)", reason: "must not contain the NUL character" };
    if (LONE_SURROGATE.test(input)) return { field: path.join(".") || "(body)", reason: "must be valid Unicode text" };
    return null;
  }
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = unstorableText(input[i], [...path, i]);
      if (found) return found;
    }
  } else if (input && typeof input === "object") {
    for (const [key, value] of Object.entries(input)) {
      const found = unstorableText(key, [...path, key]) ?? unstorableText(value, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export function parseWith<T>(schema: ZodType<T>, input: unknown, what = "Invalid input"): T {
  const unstorable = unstorableText(input);
  if (unstorable) throw new Invalid(`${what}: ${unstorable.field}: ${unstorable.reason}`, [unstorable]);
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new Invalid(`${what}: ${issues.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, issues);
  }
  return result.data;
}

export function parseQuery<T>(request: NextRequest | Request, schema: ZodType<T>): T {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  return parseWith(schema, params, "Invalid query");
}

/** How deep `value` nests (a scalar is 0, `[]` and `{}` are 1), counted without recursion so no input can overflow the stack. */
export function jsonDepthOver(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** application/json, with or without parameters (charset), or a +json type. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

async function readJson(request: Request): Promise<{ empty: true } | { empty: false; body: unknown }> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_JSON_BODY_BYTES) throw new PayloadTooLarge();
  const text = await request.text();
  if (text.length > MAX_JSON_BODY_BYTES) throw new PayloadTooLarge();
  if (text.trim() === "") return { empty: true };
  // A form or text/plain body is what a cross-site <form> can send without a preflight: JSON only.
  if (!JSON_MEDIA_TYPE.test(request.headers.get("content-type") ?? "")) throw new UnsupportedMediaType();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Invalid("The body is not valid JSON.", [{ field: "(body)", reason: "not valid JSON" }]);
  }
  if (jsonDepthOver(body, MAX_JSON_DEPTH)) {
    throw new Invalid(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`, [
      { field: "(body)", reason: `nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  return { empty: false, body };
}

export async function parseJsonBody<T>(request: Request, schema: ZodType<T>): Promise<T> {
  const read = await readJson(request);
  if (read.empty) throw new Invalid("The body is not valid JSON.", [{ field: "(body)", reason: "not valid JSON" }]);
  return parseWith(schema, read.body, "Invalid body");
}

/**
 * For requests that take no body (DELETE, actions without input): nothing, or an
 * empty JSON object, else 400, so a stray or forged body is never silently ignored.
 */
export async function parseEmptyBody(request: Request): Promise<void> {
  const read = await readJson(request);
  if (read.empty) return;
  parseWith(z.object({}).strict(), read.body, "This request takes no body");
}

class PayloadTooLarge extends Error {}
class UnsupportedMediaType extends Error {}

export function errorResponse(error: unknown): NextResponse {
  const json = (status: number, body: Record<string, unknown>, headers?: HeadersInit) => NextResponse.json(body, { status, headers });
  if (error instanceof Invalid) return json(400, { error: error.message, issues: error.issues });
  if (error instanceof Unauthorized) return json(401, { error: error.message });
  if (error instanceof Forbidden) return json(403, { error: error.message });
  if (error instanceof NotFound) return json(404, { error: error.message });
  if (error instanceof Conflict) {
    const issues = error.field ? { issues: [{ field: error.field, reason: "already in use" }] } : {};
    return json(409, { error: error.message, current: error.details ?? null, ...issues });
  }
  if (error instanceof PayloadTooLarge) return json(413, { error: `The body is larger than ${MAX_JSON_BODY_BYTES} bytes.` });
  if (error instanceof UnsupportedMediaType) return json(415, { error: "Send the body as JSON (Content-Type: application/json)." });
  if (error instanceof Unprocessable) return json(422, { error: error.message });
  if (error instanceof TooManyRequests) {
    return json(429, { error: error.message }, { "Retry-After": String(error.retryAfterSeconds) });
  }
  // A safety net: every money amount is bounded at the edge, but a value too large for its column must never be a 500.
  if (isNumericOverflow(error)) {
    return json(400, {
      error: "A number is too large to store; nothing was saved.",
      issues: [{ field: "(body)", reason: "a number is too large to store" }],
    });
  }
  console.error(error);
  return json(500, { error: "Something went wrong on our side; nothing was saved." });
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Wraps a route handler so every thrown domain error becomes its HTTP answer.
 * Mutations sent by another site's page are refused first (CSRF, lib/http/csrf.ts).
 */
export function route<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      if (crossSiteRefusal(request, env().NEXTAUTH_URL)) {
        return NextResponse.json({ error: "Cross-site request refused." }, { status: 403 });
      }
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
