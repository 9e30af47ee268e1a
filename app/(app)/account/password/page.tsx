import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { NEW_PASSWORD_MIN_LENGTH } from "@/lib/auth/password-policy";
import { passwordChangeReason } from "@/lib/auth/change-password";
import { Card } from "@/components/ui/card";
import { ChangePasswordForm } from "@/components/account-settings/change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  // Not requireActor: a user who must change their password may open this page, and only this one.
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const reason = await passwordChangeReason(actor);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-semibold">{reason === "new-user" ? "Choose your password" : "Change password"}</h1>
      {reason === "new-user" ? (
        <p className="text-slate-700">
          Welcome, {actor.name}. Choose your own password to start: the one you were given was only for this first sign-in. Type the
          password you were given once more, then your new one twice.
        </p>
      ) : reason === "reset" ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          An administrator reset your password. Type the password they gave you, then choose a new one to continue.
        </p>
      ) : null}
      <Card>
        <ChangePasswordForm email={actor.email} minLength={NEW_PASSWORD_MIN_LENGTH} firstPassword={reason !== null} />
      </Card>
    </div>
  );
}

export const dynamic = "force-dynamic";
