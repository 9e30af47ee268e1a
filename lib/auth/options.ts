// next-auth v4: credentials sign-in with a JWT session carrying user id and role.
// The role in the token is only a hint for navigation; every request re-reads the
// user from the database (lib/auth/session.ts), so deactivation and role changes
// take effect at once.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { checkCredentials } from "@/lib/auth/login";
import { authSecret } from "./secret";
import { clientIp } from "@/lib/http/client-address";
import { unstorableText } from "@/lib/http/route";
import { sameOriginPath } from "@/lib/http/redirect";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";
import { claimsOf, type SessionClaims } from "./session-check";
import { endSessions, sessionUser } from "./session-user";

const credentialsSchema = z.object({
  email: z.string().trim().email().max(254),
  password: z.string().min(1).max(1024),
});

class SessionEnded extends Error {}

/** What the session callback adds for session.ts (the browser sees it too; it holds nothing secret). */
export type SessionWithClaims = { claims?: SessionClaims };

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    // maxAge: for JWTs next-auth re-issues the cookie on each /api/auth/session call, so
    // this is an idle timeout; the absolute lifetime is checked per request in
    // session.ts (signedInAt). updateAge only matters for database sessions.
    session: { strategy: "jwt", maxAge: env().SESSION_MAX_AGE_MINUTES * 60, updateAge: 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success || unstorableText(parsed.data)) return null;
          return checkCredentials(parsed.data.email, parsed.data.password, clientIp(request?.headers ?? {}));
        },
      }),
    ],
    callbacks: {
      // next-auth's own callbackUrl (sign-in and sign-out redirects): same origin only, as on the login page.
      async redirect({ url, baseUrl }) {
        return new URL(sameOriginPath(url, baseUrl), baseUrl).toString();
      },
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as unknown as { role: Role; sessionVersion: number };
          token.uid = user.id;
          token.role = signedIn.role;
          // Compared with the user row on every request (session-check.ts): a bump ends this session.
          token.sv = signedIn.sessionVersion;
          token.signedInAt = Date.now();
          return token;
        }
        // Reading a session (/api/auth/session, getServerSession): a revoked, deactivated or
        // expired one is no session; next-auth answers {} and clears the cookie.
        const current = await sessionUser(token.uid as string | undefined, claimsOf(token));
        if (!current) throw new SessionEnded();
        token.role = current.role;
        return token;
      },
      async session({ session, token }) {
        session.user = {
          id: token.uid as string,
          role: token.role as Role,
          email: token.email ?? "",
          name: token.name ?? "",
        };
        (session as SessionWithClaims).claims = claimsOf(token);
        return session;
      },
    },
    events: {
      // Sign-out ends the session on the server too: a copy of the cookie stops working.
      async signOut({ token }) {
        if (typeof token?.uid === "string" && typeof token.sv === "number") await endSessions(token.uid, token.sv);
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEnded) return; // an ended session is expected, not an error
        console.error(`[next-auth][error][${code}]`, metadata);
      },
    },
  };
}
