"use client";
import { Button } from "@/components/ui/button";

export default function ManagerError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded-xl bg-red-50 p-4 text-red-800 ring-1 ring-red-200">
      <h1 className="text-lg font-semibold">The dashboard could not be loaded.</h1>
      <p className="text-sm">Nothing was changed. Try again in a moment.</p>
      <Button variant="secondary" onClick={() => reset()}>
        Try again
      </Button>
    </div>
  );
}
