import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { sameOriginPath } from "@/lib/http/redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const actor = await currentActor();
  if (actor) redirect(homePath(actor.role));
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in is a phishing aid.
  const host = (await headers()).get("host");
  const next = sameOriginPath(callbackUrl, env().NEXTAUTH_URL ?? `http://${host ?? "localhost"}`);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-4">
      <h1 className="mb-1 text-2xl font-semibold">Sign in to LTV CRM</h1>
      <p className="mb-6 text-sm text-slate-600">Lifetime value, churn risk and next best actions for your accounts.</p>
      <LoginForm next={next} />
    </main>
  );
}

// Reads the session on every request.
export const dynamic = "force-dynamic";
