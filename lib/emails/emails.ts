// Composing, keeping and delivering reminder e-mails. Every message is written to the
// outbox (emails table) in the transaction that logs it on the account's timeline (a visit
// of type EMAIL) and marks its flag acted; delivery over SMTP follows the commit, so a
// refused connection never loses the message: it stays "failed" with the reason, retryable.
import "server-only";
import { DEFAULT_DATE_FORMAT, dateFormatter } from "@/lib/date-format";
import { appTimeZone } from "@/lib/app-day";
import nodemailer from "nodemailer";
import { getPrisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { can, type Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { FLAGS_ACTED_BY_CONTACT, markAccountFlagsActed, markFlagActed, txQuery } from "@/lib/flag-records/flag-actions";
import { DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME, renderTemplate, type PlaceholderValues } from "./template";
import type { ComposeEmailInput, UpdateTemplateInput } from "./schema";

export interface EmailView {
  id: string;
  accountId: string;
  accountName: string;
  toAddress: string;
  subject: string;
  body: string;
  status: "stored" | "sent" | "failed";
  error: string | null;
  attempts: number;
  flagId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface TemplateView {
  id: string | null;
  name: string;
  subject: string;
  body: string;
}

type EmailRow = Prisma.OutboundEmailGetPayload<{ include: { account: { select: { name: true } } } }>;
const emailView = (row: EmailRow): EmailView => ({
  id: row.id,
  accountId: row.accountId,
  accountName: row.account.name,
  toAddress: row.toAddress,
  subject: row.subject,
  body: row.body,
  status: row.status,
  error: row.error,
  attempts: row.attempts,
  flagId: row.flagId,
  createdAt: row.createdAt.toISOString(),
  sentAt: row.sentAt?.toISOString() ?? null,
});

type Db = Prisma.TransactionClient;

export async function currentTemplate(db: Pick<Db, "emailTemplate">, templateId?: string): Promise<TemplateView> {
  const row = templateId
    ? await db.emailTemplate.findUnique({ where: { id: templateId } })
    : await db.emailTemplate.findUnique({ where: { name: DEFAULT_TEMPLATE_NAME } });
  if (templateId && !row)
    throw new Invalid("Invalid body: templateId: no such template", [{ field: "templateId", reason: "no such template" }]);
  return row
    ? { id: row.id, name: row.name, subject: row.subject, body: row.body }
    : { id: null, name: DEFAULT_TEMPLATE_NAME, ...DEFAULT_TEMPLATE };
}

/** The values the placeholders take for this contact, account, flag and rep. */
async function placeholderValues(
  tx: Db,
  actor: Actor,
  accountId: string,
  contactName: string,
  flagId: string | null,
): Promise<PlaceholderValues> {
  const flag = flagId ? await tx.accountFlag.findFirst({ where: { id: flagId, accountId }, select: { type: true, subject: true } }) : null;
  const productId = flag?.type === "replenishment" ? flag.subject : null;
  const [product, lastLine, metrics] = await Promise.all([
    productId ? tx.product.findUnique({ where: { id: productId }, select: { name: true } }) : null,
    tx.purchaseLine.findFirst({
      where: { accountId },
      orderBy: { purchase: { purchasedAt: "desc" } },
      select: { product: { select: { name: true } } },
    }),
    tx.accountMetrics.findUnique({ where: { accountId }, select: { lastPurchaseAt: true } }),
  ]);
  return {
    contactName,
    product: product?.name ?? lastLine?.product.name ?? "our products",
    lastOrderDate: dateFormatter({ locale: DEFAULT_DATE_FORMAT.locale, timeZone: appTimeZone() }).instant(metrics?.lastPurchaseAt),
    signature: `${actor.name}\n${actor.email}`,
  };
}

interface Composed {
  account: { id: string };
  contact: { id: string; email: string };
  subject: string;
  body: string;
}

async function compose(tx: Db, actor: Actor, input: ComposeEmailInput): Promise<Composed> {
  const account = await accountFor(tx, actor, input.accountId, "write", "email", { lock: true });
  const contact = await tx.contact.findFirst({
    where: { id: input.contactId, accountId: account.id },
    select: { id: true, name: true, email: true },
  });
  if (!contact)
    throw new Invalid("Invalid body: contactId: no such contact on this account", [
      { field: "contactId", reason: "no such contact on this account" },
    ]);
  if (!contact.email)
    throw new Invalid("Invalid body: contactId: this contact has no e-mail address", [
      { field: "contactId", reason: "this contact has no e-mail address" },
    ]);
  const template = input.subject && input.body ? { subject: input.subject, body: input.body } : await currentTemplate(tx, input.templateId);
  const values = await placeholderValues(tx, actor, account.id, contact.name, input.flagId);
  return {
    account,
    contact: { id: contact.id, email: contact.email },
    subject: renderTemplate(template.subject, values),
    body: renderTemplate(template.body, values),
  };
}

/** What the e-mail would say, without keeping or sending anything (the rep's preview). */
export async function previewEmail(actor: Actor, input: ComposeEmailInput): Promise<{ to: string; subject: string; body: string }> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const composed = await compose(tx, actor, input);
    return { to: composed.contact.email, subject: composed.subject, body: composed.body };
  });
}

/** Delivers one stored or failed message; records "sent" or "failed" with the reason. */
async function deliver(emailId: string, smtpUrl: string): Promise<EmailView> {
  const prisma = await getPrisma();
  const email = await prisma.outboundEmail.findFirstOrThrow({ where: { id: emailId } });
  let status: "sent" | "failed" = "sent";
  let error: string | null = null;
  try {
    const transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
    await transport.sendMail({ from: env().SMTP_FROM, to: email.toAddress, subject: email.subject, text: email.body });
    transport.close();
  } catch (cause) {
    status = "failed";
    error = (cause as Error).message.slice(0, 500) || "delivery failed";
  }
  const row = await prisma.outboundEmail.update({
    where: { accountId_id: { accountId: email.accountId, id: emailId } },
    data: { status, error, attempts: { increment: 1 }, sentAt: status === "sent" ? new Date() : null },
    include: { account: { select: { name: true } } },
  });
  return emailView(row);
}

export async function sendEmail(actor: Actor, input: ComposeEmailInput, opts: { smtpUrl?: string | null } = {}): Promise<EmailView> {
  const smtpUrl = opts.smtpUrl === undefined ? (env().SMTP_URL ?? null) : opts.smtpUrl;
  const prisma = await getPrisma();
  const stored = await prisma.$transaction(async (tx) => {
    const composed = await compose(tx, actor, input);
    const now = new Date();
    if (input.flagId)
      await markFlagActed(txQuery(tx), composed.account.id, input.flagId, ["replenishment", "churn_risk"], now, actor.id, "email");
    // On the account's timeline as an e-mail contact; last contact and flags follow in this transaction.
    const visit = await tx.visit.create({
      data: {
        accountId: composed.account.id,
        contactId: composed.contact.id,
        repId: actor.id,
        type: "EMAIL",
        occurredAt: now,
        outcome: "E-mail sent",
        notes: composed.subject,
      },
    });
    await recomputeAccountMetrics(tx, composed.account.id, { accountLocked: true });
    // An e-mail is contact, like a call: the account's other open churn-risk and replenishment flags are answered too.
    await markAccountFlagsActed(txQuery(tx), composed.account.id, FLAGS_ACTED_BY_CONTACT, now, actor.id, "visit:EMAIL");
    return tx.outboundEmail.create({
      data: {
        accountId: composed.account.id,
        contactId: composed.contact.id,
        flagId: input.flagId,
        visitId: visit.id,
        sentById: actor.id,
        toAddress: composed.contact.email,
        subject: composed.subject,
        body: composed.body,
      },
      include: { account: { select: { name: true } } },
    });
  }, LIVE_WRITE_TRANSACTION);
  return smtpUrl ? deliver(stored.id, smtpUrl) : emailView(stored);
}

/** Tries a failed (or still stored) message again. */
export async function retryEmail(actor: Actor, emailId: string, opts: { smtpUrl?: string | null } = {}): Promise<EmailView> {
  const smtpUrl = opts.smtpUrl === undefined ? (env().SMTP_URL ?? null) : opts.smtpUrl;
  const prisma = await getPrisma();
  const email = await prisma.outboundEmail.findFirst({ where: { id: emailId }, include: { account: { select: { name: true } } } });
  if (!email) throw new NotFound("No such e-mail.");
  try {
    await accountFor(prisma, actor, email.accountId, "write", "email");
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("No such e-mail.");
    throw error;
  }
  if (email.status === "sent") throw new Conflict("This e-mail was already sent.", emailView(email));
  if (!smtpUrl) throw new Conflict("No SMTP server is configured (SMTP_URL); the e-mail stays in the outbox.", emailView(email));
  return deliver(emailId, smtpUrl);
}

/** An account's e-mails (its readers), or the whole outbox (admins). */
export async function listEmails(actor: Actor, query: { accountId?: string; limit: number }): Promise<{ items: EmailView[] }> {
  const prisma = await getPrisma();
  if (query.accountId) await accountFor(prisma, actor, query.accountId, "read", "email");
  else if (!can(actor, "read", "settings")) throw new Forbidden("Only admins read the whole outbox.");
  const rows = await prisma.outboundEmail.findMany({
    where: query.accountId ? { accountId: query.accountId } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
    include: { account: { select: { name: true } } },
  });
  return { items: rows.map(emailView) };
}

export async function getTemplate(actor: Actor): Promise<TemplateView> {
  if (!can(actor, "read", "email")) throw new Forbidden("Your role may not read e-mail templates.");
  return currentTemplate(await getPrisma());
}

export async function updateTemplate(actor: Actor, input: UpdateTemplateInput): Promise<TemplateView> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins edit the e-mail template.");
  const prisma = await getPrisma();
  const row = await prisma.emailTemplate.upsert({
    where: { name: DEFAULT_TEMPLATE_NAME },
    create: { name: DEFAULT_TEMPLATE_NAME, subject: input.subject, body: input.body, updatedById: actor.id },
    update: { subject: input.subject, body: input.body, updatedById: actor.id },
  });
  return { id: row.id, name: row.name, subject: row.subject, body: row.body };
}
