import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { EXPORT_FILES } from "@/lib/imports/formats";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { ImportScreen } from "@/components/admin/imports/import-screen";

export const metadata: Metadata = { title: "Import & export" };
export const dynamic = "force-dynamic";

export default async function ImportsPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "import")) forbidden();
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Import &amp; export</h1>
      <ImportScreen />
      <Card title="Export">
        <p className="mb-3 text-sm text-slate-600">
          Every record as CSV, with the same columns the import reads, so an exported file can be edited and imported back. Cells that a
          spreadsheet could run as a formula start with an apostrophe.
        </p>
        <ul className="flex flex-wrap gap-2">
          {EXPORT_FILES.map((file) => (
            <li key={file}>
              <a href={`/api/export/${file}.csv`} download className={buttonClass("secondary", "min-h-9")}>
                {file}.csv
              </a>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
