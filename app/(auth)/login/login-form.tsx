"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-errors";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    // On success the button keeps saying "Signing in…" until the next page loads.
    if (!result || result.error) setPending(false);
    if (result?.status === 429) {
      setError("Too many sign-in attempts. Wait 15 minutes, then try again.");
      return;
    }
    if (!result || result.error) {
      // One message for unknown email and wrong password: nothing to learn about who has an account.
      setError("Email or password is not right.");
      return;
    }
    // A full page load, not a client-side navigation: the start page answers with redirects
    // (the role's home, or the password form for a new user), and a redirect from a layout
    // during a client-side navigation left the page blank, refetching in a loop.
    window.location.assign(next);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3"
        />
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3"
        />
      </label>
      <FormAlert message={error} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
