"use client";
// Keeps one failing dashboard section from taking the whole page down: the
// section shows its error state and a retry; the rest of the page stays usable.
import { Component, type ReactNode } from "react";
import { useRouter } from "next/navigation";

function Retry() {
  const router = useRouter();
  return (
    <button type="button" className="font-medium underline" onClick={() => router.refresh()}>
      Try again
    </button>
  );
}

export class SectionBoundary extends Component<{ title: string; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section role="alert" className="rounded-xl bg-red-50 p-4 text-sm text-red-800 ring-1 ring-red-200">
        <h2 className="font-semibold">{this.props.title}</h2>
        <p className="mt-1">
          This part of the dashboard could not be loaded. <Retry />
        </p>
      </section>
    );
  }
}
