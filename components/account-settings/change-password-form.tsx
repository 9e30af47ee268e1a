"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, apiFetch } from "@/components/account/api";

type Field = "currentPassword" | "newPassword" | "confirmPassword";

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600";

export function ChangePasswordForm({ email, minLength }: { email: string; minLength: number }) {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    if (newPassword !== String(form.get("confirmPassword") ?? "")) {
      setErrors({ confirmPassword: "The two new passwords differ." });
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    try {
      await apiFetch("/api/me/password", { method: "POST", body: JSON.stringify({ currentPassword, newPassword }) });
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        const byField: Partial<Record<Field, string>> = {};
        for (const issue of error.issues) {
          if (issue.field === "currentPassword") byField.currentPassword = `This ${issue.reason}.`;
          else if (issue.field === "newPassword") byField.newPassword = `The new password ${issue.reason}.`;
        }
        setErrors(byField);
        if (Object.keys(byField).length === 0) setMessage(error.message);
      } else {
        setMessage(error instanceof Error ? error.message : "Could not change the password.");
      }
    } finally {
      setPending(false);
    }
  }

  if (done) {
    return (
      <div className="space-y-3">
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          Password changed. You were signed out everywhere, here too: sign in again with the new password.
        </p>
        <Button type="button" onClick={() => signOut({ callbackUrl: "/login" })}>
          Sign in again
        </Button>
      </div>
    );
  }

  const describe = (field: Field) => (errors[field] ? `${field}-error` : undefined);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {/* Lets password managers pair the new password with the account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <label className="block">
        <span className="mb-1 block text-sm font-medium">Current password</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} aria-invalid={Boolean(errors.currentPassword)} aria-describedby={describe("currentPassword")} />
        {errors.currentPassword ? <span id="currentPassword-error" className="mt-1 block text-sm text-red-700">{errors.currentPassword}</span> : null}
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">New password</span>
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={minLength} className={inputClass} aria-invalid={Boolean(errors.newPassword)} aria-describedby={describe("newPassword") ?? "newPassword-hint"} />
        {errors.newPassword ? (
          <span id="newPassword-error" className="mt-1 block text-sm text-red-700">{errors.newPassword}</span>
        ) : (
          <span id="newPassword-hint" className="mt-1 block text-sm text-slate-600">At least {minLength} characters; a few unrelated words work well.</span>
        )}
      </label>
      <label className="block">
        <span className="mb-1 block text-sm font-medium">New password again</span>
        <input name="confirmPassword" type="password" autoComplete="new-password" required className={inputClass} aria-invalid={Boolean(errors.confirmPassword)} aria-describedby={describe("confirmPassword")} />
        {errors.confirmPassword ? <span id="confirmPassword-error" className="mt-1 block text-sm text-red-700">{errors.confirmPassword}</span> : null}
      </label>
      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      <p className="text-sm text-slate-600">Changing your password signs you out on every device, this one included.</p>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
