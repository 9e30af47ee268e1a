import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Invalid } from "@/lib/errors";
import { parseEmptyBody, parseJsonBody, parseWith } from "./route";

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
    expect(error!.issues).toEqual(expect.arrayContaining([
      { field: "ownerId", reason: "unknown field" },
      { field: "lines.0.price", reason: "unknown field" },
    ]));
  });

  it("answers malformed JSON with Invalid naming the body", async () => {
    const request = new Request("http://x/api", { method: "POST", body: "{nope" });
    await expect(parseJsonBody(request, schema)).rejects.toMatchObject({ issues: [{ field: "(body)", reason: "not valid JSON" }] });
  });
});

describe("parseEmptyBody", () => {
  const post = (body?: string) => new Request("http://x/api", { method: "DELETE", body });
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
    expect(issueOf({ name: "ok", lines: [{ note: "\u0000" }] })).toEqual([{ field: "lines.0.note", reason: "must not contain the NUL character" }]);
  });
  it("refuses lone UTF-16 surrogates but keeps real emoji", () => {
    expect(issueOf({ name: "\ud800" })).toEqual([{ field: "name", reason: "must be valid Unicode text" }]);
    expect(issueOf({ name: "x\udc00" })).toEqual([{ field: "name", reason: "must be valid Unicode text" }]);
    expect(issueOf({ name: "😀 Café" })).toBeNull();
  });
});
