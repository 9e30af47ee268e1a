"use client";
// The app's dialogs on Radix (focus trap, Escape, focus returns to the opener,
// aria-modal and labelling): a centred dialog and a side drawer share the frame.
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode } from "react";

export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  side = "center",
  onOpenAutoFocus,
  testId,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** "right": a drawer from the right edge (full screen on phones). */
  side?: "center" | "right";
  onOpenAutoFocus?: (event: Event) => void;
  testId?: string;
}) {
  const frame =
    side === "right"
      ? "fixed inset-y-0 right-0 flex w-full max-w-md flex-col overflow-y-auto bg-white p-4 shadow-xl sm:p-5"
      : "fixed left-1/2 top-1/2 max-h-[90vh] w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl bg-white p-4 shadow-xl";
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <RadixDialog.Content
          className={`z-50 ${frame}`}
          data-testid={testId}
          onOpenAutoFocus={onOpenAutoFocus}
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <RadixDialog.Title className="mb-3 pr-10 text-lg font-semibold leading-snug">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="mb-3 text-sm text-slate-700">{description}</RadixDialog.Description> : null}
          {children}
          {/* Last in the DOM, so the focus starts on the first field, not on Close. */}
          <RadixDialog.Close
            className="absolute right-2 top-2 inline-flex min-h-11 min-w-11 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100"
            aria-label="Close"
          >
            ✕
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
