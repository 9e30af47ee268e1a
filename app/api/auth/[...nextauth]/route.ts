import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { checkSignIn } from "@/lib/auth/throttle";
import { clientIp } from "@/lib/http/client-address";
import { unstorableText } from "@/lib/http/route";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so the build step never touches the secret or the database.
function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions());
}

// A locked-out sign-in answers 429 with Retry-After before next-auth sees it.
// The body keeps next-auth's { url } shape so its client can read the error.
async function post(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    const form = await request
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "");
    // Only a plausible email is looked up (text PostgreSQL cannot store would fail the
    // query with a 500); anything else goes on to authorize(), which refuses it.
    const plausible = email.length <= 254 && !unstorableText(email);
    const verdict = plausible
      ? await checkSignIn(email, clientIp(request.headers), { count: false })
      : { allowed: true, retryAfterSeconds: 0 };
    if (!verdict.allowed) {
      const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
      const message = `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
      return NextResponse.json(
        { error: message, url: new URL(`/login?error=locked`, request.url).toString() },
        { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds) } },
      );
    }
  }
  return handler(request, context);
}

export { handler as GET, post as POST };
