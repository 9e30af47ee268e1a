"use client";
// User administration: create (with the password rule shown), change role,
// deactivate/activate, reset a password (a generated one is shown once).
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { UserView } from "@/lib/users/user-view";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { apiFetch } from "@/components/api-client";
import { inputClass, labelClass } from "../shared";
import { explainError } from "@/components/ui/form-errors";
import { plural } from "@/lib/plural";

type Role = UserView["role"];
const ROLES: Array<{ value: Role; label: string }> = [
  { value: "REP", label: "Sales rep" },
  { value: "MANAGER", label: "Manager" },
  { value: "ADMIN", label: "Admin" },
];
// Mirrors lib/auth/password-policy.ts (the server checks it; this only explains it).
const PASSWORD_RULE = "At least 12 characters (up to 128), any characters; not a well-known password and not containing the email name.";

type Notice = { kind: "ok" | "error"; text: string; password?: { email: string; value: string } } | null;

export function UsersManager({ users, currentUserId }: { users: UserView[]; currentUserId: string }) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function change(user: UserView, body: { role?: Role; active?: boolean }, done: string) {
    setBusy(user.id);
    try {
      await apiFetch(`/api/users/${user.id}`, { method: "PATCH", body: JSON.stringify(body) });
      setNotice({ kind: "ok", text: done });
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: `${user.name}: ${explainError(error)}` });
      router.refresh();
    } finally {
      setBusy(null);
    }
  }

  async function reset(user: UserView) {
    setBusy(user.id);
    try {
      const result = await apiFetch<{ temporaryPassword?: string }>(`/api/users/${user.id}/reset-password`, { method: "POST", body: "{}" });
      setNotice({
        kind: "ok",
        text: `${user.name}'s password was reset and their sessions ended. They must choose a new password when they sign in.`,
        password: result.temporaryPassword ? { email: user.email, value: result.temporaryPassword } : undefined,
      });
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: `${user.name}: ${explainError(error)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <Card title="Add a user">
        <CreateUserForm
          onCreated={(user, password) => {
            setNotice({
              kind: "ok",
              text: `Added ${user.name} (${user.email}). They must choose a new password when they first sign in.`,
              password: password ? { email: user.email, value: password } : undefined,
            });
            router.refresh();
          }}
        />
      </Card>

      <div role="status" aria-live="polite">
        {notice ? (
          <div
            className={`rounded-lg p-3 text-sm ${notice.kind === "ok" ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}
            data-testid="users-notice"
          >
            <p>{notice.text}</p>
            {notice.password ? (
              <p className="mt-2">
                Temporary password for {notice.password.email}:{" "}
                <code
                  className="select-all break-all rounded bg-white px-2 py-1 font-mono text-base text-slate-900"
                  data-testid="temporary-password"
                >
                  {notice.password.value}
                </code>
                <span className="mt-1 block text-xs">Copy it now and give it to them safely: it is shown only this once.</span>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      <Card title={`People (${users.length})`}>
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[860px] text-left text-sm" data-testid="users-table">
            <caption className="sr-only">Users</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Name
                </th>
                <th scope="col" className="py-2 pr-3">
                  Role
                </th>
                <th scope="col" className="py-2 pr-3">
                  Status
                </th>
                <th scope="col" className="py-2 pr-3 text-right">
                  Accounts
                </th>
                <th scope="col" className="py-2 pr-3">
                  Added
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => {
                const self = user.id === currentUserId;
                return (
                  <tr key={user.id} className="border-t border-slate-100" data-testid="user-row">
                    <th scope="row" className="py-2 pr-3 font-medium">
                      {user.name}
                      {self ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                      <span className="block text-xs font-normal text-slate-500">{user.email}</span>
                    </th>
                    <td className="py-2 pr-3">
                      <label className="sr-only" htmlFor={`role-${user.id}`}>
                        Role of {user.name}
                      </label>
                      <select
                        id={`role-${user.id}`}
                        className={`${inputClass} w-36`}
                        value={user.role}
                        disabled={self || busy === user.id}
                        title={self ? "You can't change your own role." : undefined}
                        onChange={(e) =>
                          change(
                            user,
                            { role: e.target.value as Role },
                            `${user.name} is now ${ROLES.find((r) => r.value === e.target.value)?.label.toLowerCase()}; their sessions ended.`,
                          )
                        }
                      >
                        {ROLES.map((role) => (
                          <option key={role.value} value={role.value}>
                            {role.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="py-2 pr-3">
                      {user.active ? (
                        <span className="text-emerald-700">active</span>
                      ) : (
                        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">deactivated</span>
                      )}
                      {user.mustChangePassword ? <span className="block text-xs text-slate-500">must change password</span> : null}
                      {user.lockedUntil && new Date(user.lockedUntil) > new Date() ? (
                        <span className="block text-xs text-risk-600">locked after failed sign-ins</span>
                      ) : null}
                    </td>
                    <td className="py-2 pr-3 text-right tabular-nums">{user.accounts.toLocaleString("en-GB")}</td>
                    <td className="whitespace-nowrap py-2 pr-3">
                      <DateText value={user.createdAt} kind="instant" />
                    </td>
                    <td className="py-1">
                      <div className="flex justify-end gap-1">
                        <Button
                          type="button"
                          variant="ghost"
                          aria-label={`Reset password of ${user.name}`}
                          disabled={busy === user.id}
                          onClick={() => reset(user)}
                        >
                          Reset password
                        </Button>
                        {self ? null : user.active ? (
                          <Button
                            type="button"
                            variant="ghost"
                            aria-label={`Deactivate ${user.name}`}
                            disabled={busy === user.id}
                            onClick={() =>
                              change(
                                user,
                                { active: false },
                                `${user.name} is deactivated and signed out everywhere.${user.accounts > 0 ? ` They still own ${plural(user.accounts, "account")}: reassign ${user.accounts === 1 ? "it" : "them"} below.` : ""}`,
                              )
                            }
                          >
                            Deactivate
                          </Button>
                        ) : (
                          <Button
                            type="button"
                            variant="ghost"
                            aria-label={`Activate ${user.name}`}
                            disabled={busy === user.id}
                            onClick={() => change(user, { active: true }, `${user.name} can sign in again.`)}
                          >
                            Activate
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

function CreateUserForm({ onCreated }: { onCreated: (user: UserView, temporaryPassword?: string) => void }) {
  const [draft, setDraft] = useState({ name: "", email: "", role: "REP" as Role, password: "" });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const body = { name: draft.name, email: draft.email, role: draft.role, ...(draft.password ? { password: draft.password } : {}) };
      const result = await apiFetch<{ user: UserView; temporaryPassword?: string }>("/api/users", {
        method: "POST",
        body: JSON.stringify(body),
      });
      setDraft({ name: "", email: "", role: "REP", password: "" });
      onCreated(result.user, result.temporaryPassword);
    } catch (caught) {
      setError(explainError(caught));
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="create-user-form">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className={labelClass}>
          Full name
          <input
            className={`${inputClass} mt-1`}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            required
            maxLength={100}
            autoComplete="off"
          />
        </label>
        <label className={labelClass}>
          Email
          <input
            type="email"
            className={`${inputClass} mt-1`}
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
            required
            maxLength={254}
            autoComplete="off"
          />
        </label>
        <label className={labelClass}>
          Role
          <select
            className={`${inputClass} mt-1`}
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}
          >
            {ROLES.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Initial password
          <input
            type="text"
            className={`${inputClass} mt-1 font-mono`}
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            minLength={12}
            maxLength={128}
            autoComplete="new-password"
            aria-describedby="initial-password-rule"
            placeholder="leave empty to generate"
          />
        </label>
      </div>
      <p id="initial-password-rule" className="text-xs text-slate-600">
        Initial password: {PASSWORD_RULE} Leave it empty and a random one is generated and shown once. Either way the person picks their own
        at first sign-in.
      </p>
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
