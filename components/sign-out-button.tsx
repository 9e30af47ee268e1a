"use client";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/login" })}
      className="min-h-11 rounded-md px-3 text-slate-700 hover:bg-slate-100"
    >
      Sign out
    </button>
  );
}
