import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Invalid } from "@/lib/errors";
import { MAX_JSON_DEPTH, errorResponse, jsonDepthOver, parseEmptyBody, parseJsonBody, parseWith } from "./route";

const schema = z.object({ accountId: z.string(), lines: z.array(z.object({ quantity: z.number().int().min(1) }).strict()) }).strict();

describe("request parsing", () => {
  it("names unknown fields, including nested ones", () => {
    const error = (() => {
      try {
        parseWith(schema, { accountId: "a", lines: [{ quantity: 1, price: 2 }], ownerId: "x" });
      } catch (e) {
        return e as Invalid;
      }
    })();
    expect(error).toBeInstanceOf(Invalid);
    expect(error!.issues).toEqual(
      expect.arrayContaining([
        { field: "ownerId", reason: "unknown field" },
        { field: "lines.0.price", reason: "unknown field" },
      ]),
    );
  });

  it("answers malformed JSON with Invalid naming the body", async () => {
    const request = new Request("http://x/api", { method: "POST", body: "{nope", headers: { "content-type": "application/json" } });
    await expect(parseJsonBody(request, schema)).rejects.toMatchObject({ issues: [{ field: "(body)", reason: "not valid JSON" }] });
  });
});

describe("parseEmptyBody", () => {
  const post = (body?: string) => new Request("http://x/api", { method: "DELETE", body, headers: { "content-type": "application/json" } });
  it("accepts no body or an empty object", async () => {
    await expect(parseEmptyBody(post())).resolves.toBeUndefined();
    await expect(parseEmptyBody(post("  "))).resolves.toBeUndefined();
    await expect(parseEmptyBody(post("{}"))).resolves.toBeUndefined();
  });
  it("refuses any other body with a 400 that names it", async () => {
    await expect(parseEmptyBody(post('{"force":true}'))).rejects.toMatchObject({ issues: [{ field: "force", reason: "unknown field" }] });
    await expect(parseEmptyBody(post("[1]"))).rejects.toBeInstanceOf(Invalid);
    await expect(parseEmptyBody(post("nope"))).rejects.toMatchObject({ issues: [{ field: "(body)", reason: "not valid JSON" }] });
  });
});

// Found by e2e/fuzz.spec.ts: these passed the schemas and failed in PostgreSQL with a 500.
describe("text PostgreSQL cannot store answers 400, not 500", () => {
  const named = z.object({ name: z.string(), lines: z.array(z.object({ note: z.string() })).optional() }).strict();
  const issueOf = (input: unknown) => {
    try {
      parseWith(named, input);
    } catch (error) {
      return (error as Invalid).issues;
    }
    return null;
  };
  it("refuses a NUL character anywhere, naming the field", () => {
    expect(issueOf({ name: "a\u0000b" })).toEqual([{ field: "name", reason: "must not contain the NUL character" }]);
    expect(issueOf({ name: "ok", lines: [{ note: "\u0000" }] })).toEqual([
      { field: "lines.0.note", reason: "must not contain the NUL character" },
    ]);
  });
  it("refuses lone UTF-16 surrogates but keeps real emoji", () => {
    expect(issueOf({ name: "\ud800" })).toEqual([{ field: "name", reason: "must be valid Unicode text" }]);
    expect(issueOf({ name: "x\udc00" })).toEqual([{ field: "name", reason: "must be valid Unicode text" }]);
    expect(issueOf({ name: "😀 Café" })).toBeNull();
  });
});

describe("JSON bodies only, and not nested without end", () => {
  const request = (body: string, contentType?: string) =>
    new Request("http://x/api", { method: "POST", body, headers: contentType ? { "content-type": contentType } : {} });
  const statusOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 200;
    } catch (error) {
      return errorResponse(error).status;
    }
  };
  const body = JSON.stringify({ accountId: "a", lines: [{ quantity: 1 }] });

  it("answers 415 to a body that is not sent as JSON", async () => {
    for (const type of [
      undefined,
      "text/plain",
      "text/plain;charset=UTF-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonp",
      "application/json-seq",
    ]) {
      expect(await statusOf(parseJsonBody(request(body, type), schema)), String(type)).toBe(415);
      expect(await statusOf(parseEmptyBody(request("{}", type))), String(type)).toBe(415);
    }
    for (const type of ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"]) {
      expect(await statusOf(parseJsonBody(request(body, type), schema)), type).toBe(200);
    }
    // A body-less DELETE needs no content type.
    await expect(parseEmptyBody(new Request("http://x/api", { method: "DELETE" }))).resolves.toBeUndefined();
  });

  it("measures depth without recursion", () => {
    expect(jsonDepthOver(1, 0)).toBe(false);
    expect(jsonDepthOver([], 0)).toBe(true);
    expect(jsonDepthOver({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonDepthOver({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(jsonDepthOver(JSON.parse("[".repeat(200_000) + "]".repeat(200_000)), MAX_JSON_DEPTH)).toBe(true);
  });

  it("refuses a body nested deeper than the limit with 400 on (body), before any schema or text check walks it", async () => {
    const nested = (depth: number) => `{"accountId":"a","lines":[{"quantity":1}],"x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    await expect(parseJsonBody(request(nested(100_000), "application/json"), schema)).rejects.toMatchObject({
      issues: [{ field: "(body)", reason: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
    await expect(parseEmptyBody(request(nested(MAX_JSON_DEPTH), "application/json"))).rejects.toMatchObject({
      issues: [{ field: "(body)", reason: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
    // Within the limit the schema answers as usual (x is an unknown field).
    await expect(parseJsonBody(request(nested(MAX_JSON_DEPTH - 2), "application/json"), schema)).rejects.toMatchObject({
      issues: [{ field: "x", reason: "unknown field" }],
    });
  });
});
