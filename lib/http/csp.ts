// The pages' Content-Security-Policy, built per request with a fresh nonce (proxy.ts).
// Next.js reads the nonce from the request's CSP header and puts it on its own
// scripts; 'strict-dynamic' lets those load the rest of the bundle.
// Pure (no Node or Next imports): proxy.ts runs it on every page request.

/** A fresh, unguessable nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // React's dev build needs eval for its error overlays; the production build does not.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // Inline style *attributes* (React style={…}, recharts' SVG positioning) cannot carry a
    // nonce, so styles stay 'unsafe-inline'; styles cannot run code, scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'", // no <base> element is ever needed
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
