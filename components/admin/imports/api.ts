// Browser-side calls of the import screen.
import { ApiError, apiFetch } from "@/components/api-client";
import type { ImportView } from "@/lib/imports/view";

export const importKey = (id: string) => ["import", id] as const;
export const importsKey = ["imports"] as const;

export const fetchImport = (id: string) => apiFetch<ImportView>(`/api/imports/${id}`);
export const fetchImports = () => apiFetch<{ items: ImportView[] }>(`/api/imports`);
export const resumeImport = (id: string) => apiFetch<ImportView>(`/api/imports/${id}/resume`, { method: "POST" });

/** multipart/form-data, so not apiFetch (which sends JSON). */
export async function uploadImport(form: FormData): Promise<ImportView> {
  const response = await fetch("/api/imports", { method: "POST", body: form });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error ?? `Upload failed (${response.status})`, body.issues ?? []);
  return body as ImportView;
}

export const isRunning = (status: ImportView["status"] | undefined) => status === "VALIDATING" || status === "IMPORTING";

export const STATUS_LABEL: Record<ImportView["status"], string> = {
  VALIDATING: "Checking rows…",
  IMPORTING: "Importing…",
  REJECTED: "Rejected: nothing was imported",
  COMPLETED: "Done",
  INTERRUPTED: "Interrupted",
  FAILED: "Failed",
};
