// Redirects only (never authorization: pages, actions and API routes check the
// session themselves). A page request without a session cookie goes to /login.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: the API answers 401 JSON itself; login and static assets stay open.
  matcher: ["/((?!api/|login|_next/|favicon.ico).+)"],
};
