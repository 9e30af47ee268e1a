// Runs before every page: (1) a per-request nonce Content-Security-Policy
// (lib/http/csp.ts), (2) redirects only, never authorization: pages, actions and
// API routes check the session themselves. A page request without a session
// cookie goes to /login.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "@/lib/http/csp";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const OPEN_PATHS = ["/login"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && pathname !== "/" && !OPEN_PATHS.some((open) => pathname === open || pathname.startsWith(`${open}/`))) {
    const login = new URL("/login", request.url);
    login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  const csp = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  // Next.js takes the nonce from the request's CSP header while rendering.
  requestHeaders.set("content-security-policy", csp);
  // The (app) layout sends a user who must change their password to the password page.
  requestHeaders.set("x-pathname", pathname);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: the API answers 401 JSON itself and gets its headers from next.config.js;
  // static assets and prefetches need no CSP.
  matcher: [
    {
      source: "/((?!api/|_next/|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
