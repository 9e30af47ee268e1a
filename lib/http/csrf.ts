// Cross-site request refusal for state-changing API calls (OWASP CSRF cheat sheet:
// "verify origin with standard headers" + Fetch Metadata). The session cookie is
// SameSite=Lax already; this is the second, independent layer.
// - Sec-Fetch-Site cross-site or same-site: a browser says another site sent it.
// - Origin present and not ours: the same, from browsers without Fetch Metadata.
// - no Origin, but a Referer from another site: the same (OWASP: check the Referer when Origin is absent).
// Requests with none of these headers are not from a browser page (curl, scripts,
// server-to-server): they carry no ambient cookie from a victim, so they pass.

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The origins this app answers as: the request URL, the Host header, a proxy's X-Forwarded-Host, NEXTAUTH_URL. */
export function ownOrigins(request: Request, configuredUrl?: string): Set<string> {
  const origins = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (!value) return;
    try {
      origins.add(new URL(value).origin);
    } catch {
      // Not a URL: ignore.
    }
  };
  const url = new URL(request.url);
  add(url.origin);
  const host = request.headers.get("host");
  // A browser cannot set Host or X-Forwarded-Host on a cross-site request, so origins built from them are safe to trust.
  if (host) {
    add(`http://${host}`);
    add(`https://${host}`);
  }
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  if (forwardedHost) {
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
    add(`${proto}://${forwardedHost}`);
  }
  add(configuredUrl);
  return origins;
}

/** Why this request must be refused as cross-site, or null when it may go on. */
export function crossSiteRefusal(request: Request, configuredUrl?: string): string | null {
  if (!MUTATING.has(request.method.toUpperCase())) return null;
  const site = request.headers.get("sec-fetch-site")?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return `Sec-Fetch-Site: ${site}`;
  const origin = request.headers.get("origin");
  if (origin !== null) return foreignSource("Origin", origin, request, configuredUrl);
  // No Origin (older browsers, some same-origin navigations): a Referer naming another site still tells.
  const referer = request.headers.get("referer");
  if (referer !== null && referer !== "") return foreignSource("Referer", referer, request, configuredUrl);
  return null;
}

function foreignSource(header: "Origin" | "Referer", value: string, request: Request, configuredUrl?: string): string | null {
  // "null" is what sandboxed frames and some redirects send: never our own page.
  if (value === "null") return `${header}: null`;
  let parsed: string;
  try {
    parsed = new URL(value).origin;
  } catch {
    return `${header}: ${value.slice(0, 100)}`;
  }
  return ownOrigins(request, configuredUrl).has(parsed) ? null : `${header}: ${parsed}`;
}
