"use client";
// The admin's reminder template, with a live preview filled with sample values.
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { PLACEHOLDERS, renderTemplate, unknownPlaceholders } from "@/lib/emails/template";
import { apiFetch } from "@/components/api-client";
import { errorText } from "@/components/flags/flag-card";
import { buttonClass } from "@/components/ui/button";

const SAMPLE = {
  contactName: "Dana Buyer",
  product: "Toner Standard",
  lastOrderDate: "3 Aug 2026",
  signature: "Rita Rep\nrita@example.com",
};

export function TemplateEditor({ initial }: { initial: { subject: string; body: string } }) {
  const [subject, setSubject] = useState(initial.subject);
  const [body, setBody] = useState(initial.body);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const save = useMutation({
    mutationFn: () => apiFetch("/api/settings/email-template", { method: "PUT", body: JSON.stringify({ subject, body }) }),
    onSuccess: () => setMessage({ tone: "ok", text: "Template saved." }),
    onError: (e) => setMessage({ tone: "error", text: `Not saved: ${errorText(e)}` }),
  });
  const unknown = unknownPlaceholders(`${subject} ${body}`);
  return (
    <form
      className="grid gap-4 lg:grid-cols-2"
      aria-label="Reminder template"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        save.mutate();
      }}
    >
      <div className="space-y-2">
        <label className="block text-sm">
          Subject
          <input
            value={subject}
            maxLength={200}
            onChange={(e) => setSubject(e.target.value)}
            className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 px-3"
          />
        </label>
        <label className="block text-sm">
          Message
          <textarea
            value={body}
            maxLength={4000}
            onChange={(e) => setBody(e.target.value)}
            className="mt-1 block min-h-48 w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm"
          />
        </label>
        <p className="text-xs text-slate-600">Placeholders: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}</p>
        {unknown.length ? (
          <p role="alert" className="text-sm text-red-700">
            Unknown placeholders: {unknown.map((p) => `{{${p}}}`).join(", ")}
          </p>
        ) : null}
        <button type="submit" className={buttonClass("primary")} disabled={save.isPending}>
          Save template
        </button>
        {message ? (
          <p
            role={message.tone === "error" ? "alert" : "status"}
            className={`text-sm ${message.tone === "error" ? "text-red-700" : "text-emerald-800"}`}
          >
            {message.text}
          </p>
        ) : null}
      </div>
      <div className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="template-preview">
        <p className="text-xs uppercase tracking-wide text-slate-500">Preview (sample contact)</p>
        <p className="mt-1 font-medium">{renderTemplate(subject, SAMPLE)}</p>
        <pre className="mt-2 whitespace-pre-wrap font-sans text-sm">{renderTemplate(body, SAMPLE)}</pre>
      </div>
    </form>
  );
}
