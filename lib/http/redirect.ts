// Redirect targets sent by the client (callbackUrl): browsers read "/\host", "/%5Chost"
// after decoding, tabs and newlines inside "//host", and "/.//host" as another host,
// so a prefix check cannot tell. Parse against our own origin instead (WHATWG URL, as
// the browser will) and keep only the path, query and hash of a same-origin target.

/** A same-origin path ("/rep?x#y") for `value`, or `fallback` when it would leave the site or does not parse. */
export function sameOriginPath(value: unknown, ownOrigin: string, fallback = "/"): string {
  if (typeof value !== "string" || value === "") return fallback;
  let own: URL;
  let target: URL;
  try {
    own = new URL(ownOrigin);
    target = new URL(value, own);
  } catch {
    return fallback;
  }
  if (target.origin !== own.origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", a host again when followed; and a
  // second slash or backslash sent percent-encoded ("/%5Cevil") becomes one wherever it is decoded.
  if (!path.startsWith("/") || /^\/(\/|\\|%2f|%5c)/i.test(path)) return fallback;
  return path;
}
