"use client";
import { signIn, signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, apiFetch } from "@/components/api-client";
import { FormAlert } from "@/components/ui/form-errors";

type Field = "currentPassword" | "newPassword" | "confirmPassword";

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 aria-[invalid=true]:border-red-600";

/**
 * `firstPassword`: a new user (or one after an admin's reset) replaces the password they were
 * given and goes on to their start page, signed in with the new password.
 */
export function ChangePasswordForm({
  email,
  minLength,
  firstPassword = false,
}: {
  email: string;
  minLength: number;
  firstPassword?: boolean;
}) {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<"signed-in" | "sign-in-again" | null>(null);

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
      // The change ended every session, this one too; signing in with the new password at once
      // spares the user a second sign-in (the other devices stay signed out).
      const again = await signIn("credentials", { email, password: newPassword, redirect: false });
      if (!again || again.error) {
        setDone("sign-in-again");
      } else if (firstPassword) {
        // A full page load: the start page is picked by the server from the role.
        window.location.assign("/");
        return;
      } else {
        setDone("signed-in");
      }
    } catch (error) {
      if (error instanceof ApiError && error.issues.length > 0) {
        const byField: Partial<Record<Field, string>> = {};
        for (const issue of error.issues) {
          if (issue.field === "currentPassword")
            byField.currentPassword = firstPassword ? "This is not the password you were given." : `This ${issue.reason}.`;
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

  if (done === "signed-in") {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        Password changed. You stay signed in here; your other devices were signed out.
      </p>
    );
  }
  if (done === "sign-in-again") {
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

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {/* Lets password managers pair the new password with the account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <PasswordField
        name="currentPassword"
        label={firstPassword ? "Password you were given" : "Current password"}
        autoComplete="current-password"
        error={errors.currentPassword}
      />
      <PasswordField
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        error={errors.newPassword}
        hint={`At least ${minLength} characters; a few unrelated words work well.`}
      />
      <PasswordField name="confirmPassword" label="New password again" autoComplete="new-password" error={errors.confirmPassword} />
      <FormAlert message={message} />
      {firstPassword ? null : <p className="text-sm text-slate-600">Changing your password signs you out on your other devices.</p>}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Saving…" : firstPassword ? "Save my password" : "Change password"}
      </Button>
    </form>
  );
}

/** A labelled password input; the hint and the error sit outside the label so the field's name stays its label. */
function PasswordField({
  name,
  label,
  autoComplete,
  error,
  hint,
}: {
  name: Field;
  label: string;
  autoComplete: string;
  error?: string;
  hint?: string;
}) {
  const described = error ? `${name}-error` : hint ? `${name}-hint` : undefined;
  return (
    <div>
      <label htmlFor={name} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        className={inputClass}
        aria-invalid={Boolean(error)}
        aria-describedby={described}
      />
      {error ? (
        <p id={`${name}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
