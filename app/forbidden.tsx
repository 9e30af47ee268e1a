import Link from "next/link";
import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/card";

export const metadata: Metadata = { title: "No access" };

// What forbidden() renders, with status 403: a page this role may not see.
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <EmptyState title="You don't have access to this page.">
        It is for other roles.{" "}
        <Link href="/" className="underline">
          Go back to your start page
        </Link>
        .
      </EmptyState>
    </main>
  );
}
