"use client";
// Upload a CSV (entity + mode), follow its progress, see earlier imports and resume an interrupted one.
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { IMPORT_FORMATS, IMPORT_MODES, type ImportEntityName } from "@/lib/imports/formats";
import type { ImportView } from "@/lib/imports/view";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { fetchImports, importKey, importsKey, isRunning, resumeImport, STATUS_LABEL, uploadImport } from "./api";
import { ImportProgress } from "./import-progress";
import { plural } from "@/lib/plural";

type Mode = keyof typeof IMPORT_MODES;

export function ImportScreen() {
  const queryClient = useQueryClient();
  const [entity, setEntity] = useState<ImportEntityName>("accounts");
  const [mode, setMode] = useState<Mode>("ALL_OR_NOTHING");
  const [file, setFile] = useState<File | null>(null);
  const [current, setCurrent] = useState<ImportView | null>(null);
  const history = useQuery({
    queryKey: importsKey,
    queryFn: fetchImports,
    refetchInterval: (q) => (q.state.data?.items.some((item) => isRunning(item.status)) ? 2000 : false),
  });
  const remember = (view: ImportView) => {
    queryClient.setQueryData(importKey(view.id), view);
    setCurrent(view);
    void queryClient.invalidateQueries({ queryKey: importsKey });
  };
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.set("file", file!);
      form.set("entity", entity);
      form.set("mode", mode);
      return uploadImport(form);
    },
    onSuccess: remember,
  });
  const resume = useMutation({ mutationFn: resumeImport, onSuccess: remember });
  const format = IMPORT_FORMATS[entity];

  return (
    <div className="space-y-4">
      <Card title="Import a CSV file">
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (file) upload.mutate();
          }}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <label className="block text-sm">
              <span className="font-medium text-slate-800">What to import</span>
              <select
                className="mt-1 block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3"
                value={entity}
                onChange={(event) => setEntity(event.target.value as ImportEntityName)}
              >
                {Object.values(IMPORT_FORMATS).map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              <span className="font-medium text-slate-800">CSV file</span>
              <input
                type="file"
                accept=".csv,text/csv"
                className="mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border-0 file:bg-slate-100 file:px-3"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              />
            </label>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">When some rows have errors</legend>
            {(Object.keys(IMPORT_MODES) as Mode[]).map((key) => (
              <label key={key} className="flex gap-3 rounded-lg p-2 ring-1 ring-slate-200 has-[:checked]:ring-brand-600">
                <input type="radio" name="mode" value={key} checked={mode === key} onChange={() => setMode(key)} className="mt-1" />
                <span className="text-sm">
                  <span className="font-medium">{IMPORT_MODES[key].label}</span>
                  <span className="block text-slate-600">{IMPORT_MODES[key].explanation}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={!file || upload.isPending}>
              {upload.isPending ? "Uploading…" : "Upload and import"}
            </Button>
            {upload.isError ? (
              <p role="alert" className="text-sm text-risk-600">
                {upload.error.message}
              </p>
            ) : null}
          </div>
          <details className="rounded-lg bg-slate-50 p-3 text-sm">
            <summary className="cursor-pointer font-medium">
              Columns of {/^[aeiou]/i.test(format.label) ? "an" : "a"} {format.label.toLowerCase()} file
            </summary>
            <p className="mt-2 text-slate-700">
              {format.matching} The first line must name the columns; the full guide is in docs/import-formats.md.
            </p>
            <ul className="mt-2 divide-y divide-slate-200">
              {format.columns.map((column) => (
                <li key={column.name} className="py-1.5">
                  <code className="font-mono text-xs font-semibold">{column.name}</code>
                  <span className="ml-2 text-xs text-slate-500">{column.required ? "required" : "optional"}</span>
                  <span className="block text-slate-700">
                    {column.description}{" "}
                    <span className="text-slate-500">
                      Example: <code className="font-mono text-xs">{column.example}</code>
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </form>
      </Card>

      {current ? (
        <Card title="This import">
          <ImportProgress key={current.id} id={current.id} initial={current} />
        </Card>
      ) : null}

      <Card title="Recent imports">
        {history.isPending ? (
          <p className="text-sm text-slate-600">Loading…</p>
        ) : history.isError ? (
          <p role="alert" className="text-sm text-risk-600">
            Could not load the imports: {history.error.message}
          </p>
        ) : history.data.items.length === 0 ? (
          <p className="text-sm text-slate-600">No imports yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {history.data.items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <button type="button" className="min-w-0 text-left hover:underline" onClick={() => setCurrent(item)}>
                  <span className="block truncate font-medium">{item.fileName}</span>
                  <span className="text-slate-600">
                    {item.entity} · <DateText value={item.createdAt} kind="instant" /> · {item.created.toLocaleString("en-GB")} created
                    {item.entity === "purchases" ? "" : `, ${item.updated.toLocaleString("en-GB")} updated`},{" "}
                    {plural(item.rowsInvalid, "row")} with errors
                  </span>
                </button>
                <span className="flex items-center gap-2">
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">{STATUS_LABEL[item.status]}</span>
                  {item.resumable ? (
                    <Button
                      type="button"
                      variant="secondary"
                      className="min-h-9"
                      disabled={resume.isPending}
                      onClick={() => resume.mutate(item.id)}
                    >
                      Resume
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
        {resume.isError ? (
          <p role="alert" className="mt-2 text-sm text-risk-600">
            {resume.error.message}
          </p>
        ) : null}
      </Card>
    </div>
  );
}
