import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTemplate, listEmails } from "@/lib/emails/emails";
import { env } from "@/lib/env";
import { forbidden } from "next/navigation";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/app-calendar";
import { TemplateEditor } from "@/components/emails/template-editor";

export const metadata: Metadata = { title: "Outbox" };

const STATUS_LABEL = { sent: "Sent", stored: "In the outbox", failed: "Failed" } as const;

export default async function OutboxPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "settings")) forbidden();
  const [{ items }, template] = await Promise.all([listEmails(actor, { limit: 100 }), getTemplate(actor)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Outbox</h1>
        <p className="text-sm text-slate-600">
          {env().SMTP_URL
            ? "E-mails go out through the configured SMTP server; failed ones keep their reason and can be retried from the account."
            : "No SMTP server is configured (SMTP_URL): reminder e-mails are kept here, never lost."}
        </p>
      </div>
      <Card title="Reminder template">
        <TemplateEditor initial={{ subject: template.subject, body: template.body }} />
      </Card>
      <Card title={`Latest e-mails (${items.length})`}>
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">No e-mails yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="outbox">
            {items.map((email) => (
              <li key={email.id} className="py-2">
                {/* The account link sits outside the summary: a link inside the control that opens the body is a nested control. */}
                <p>
                  <Link href={`/rep/accounts/${email.accountId}`} className="text-brand-700 underline">
                    {email.accountName}
                  </Link>
                  {" · "}
                  {email.toAddress}
                </p>
                <details>
                  <summary className="cursor-pointer">
                    <span className="font-medium">{email.subject}</span>
                    {" · "}
                    <DateText value={email.createdAt} kind="instant" /> · {STATUS_LABEL[email.status]}
                    {email.error ? ` (${email.error})` : ""}
                  </summary>
                  <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-50 p-2 font-sans">{email.body}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export const dynamic = "force-dynamic";
