// Reminder e-mails against a real SMTP server process started here (smtp-server), and a
// refused connection that leaves the message failed, with its reason, and retryable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import type { Database } from "@/lib/db/client";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { type Invalid, NotFound } from "@/lib/errors";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { getAccount } from "@/lib/accounts/get-account";
import { composeEmailInput } from "./schema";
import { listEmails, previewEmail, retryEmail, sendEmail, updateTemplate } from "./emails";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const received: Array<{ from: string; to: string[]; raw: string }> = [];
let server: SMTPServer;
let smtpUrl: string;
let refusedUrl: string;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  // A port nobody listens on: open a server, note its port, close it.
  const probe = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  refusedUrl = `smtp://127.0.0.1:${(probe.server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const DAY = 86_400_000;

describe("reminder e-mails", () => {
  it("from a churn-risk flag: the SMTP server receives the rendered template; the flag is acted and the e-mail is on the timeline", async () => {
    const accountId = fx.accounts.rep1[0]!;
    for (let i = 0; i < 12; i++) {
      await db.prisma.purchase.create({
        data: {
          accountId,
          purchasedAt: new Date(Date.UTC(2026, 0, 1) - 30 * i * DAY),
          total: "59.90",
          grossProfit: "29.90",
          loggedById: fx.rep1.id,
          lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90", unitCost: "30.00", lineTotal: "59.90" }] },
        },
      });
    }
    await db.prisma.$transaction((tx) => recomputeAccountMetrics(tx, accountId));
    const churn = (await getAccount(fx.rep1, accountId)).flags.find((f) => f.type === "churn_risk")!;
    expect(churn.state).toBe("open");
    const contact = await db.prisma.contact.create({
      data: { accountId, name: "Dana Buyer", email: "dana@customer.test", decisionRole: "DECISION_MAKER" },
    });
    const input = composeEmailInput.parse({ accountId, contactId: contact.id, flagId: churn.id });

    const preview = await previewEmail(fx.rep1, input);
    // Last order: 1 Jan 2026 (the newest of the twelve); product: the last one bought; signature: the rep's name and address.
    expect(preview).toEqual({
      to: "dana@customer.test",
      subject: "Time to restock Toner Standard?",
      body: "Hello Dana Buyer,\n\nyour last order with us was on 1 Jan 2026. If your Toner Standard is running low, reply to this e-mail and I will arrange the next delivery.\n\nBest regards,\nrep1\nrep1@fixture.test",
    });
    expect(await db.prisma.outboundEmail.count()).toBe(0);

    const sent = await sendEmail(fx.rep1, input, { smtpUrl });
    expect(sent).toMatchObject({ status: "sent", error: null, attempts: 1, toAddress: "dana@customer.test", flagId: churn.id });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(["dana@customer.test"]);
    expect(received[0]!.raw).toMatch(/^Subject: Time to restock Toner Standard\?$/m);
    expect(received[0]!.raw).toContain("Hello Dana Buyer,");
    expect(received[0]!.raw).toContain("1 Jan 2026");

    const after = (await getAccount(fx.rep1, accountId)).flags.find((f) => f.id === churn.id)!;
    expect(after.state).toBe("acted");
    const timeline = await db.prisma.visit.findMany({ where: { accountId, type: "EMAIL" } });
    expect(timeline.map((v) => v.notes)).toEqual(["Time to restock Toner Standard?"]);
  });

  it("a refused connection leaves the message failed with the reason; a retry delivers it", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const contact = await db.prisma.contact.create({ data: { accountId, name: "Eli Owner", email: "eli@customer.test" } });
    const input = composeEmailInput.parse({ accountId, contactId: contact.id, subject: "Your order", body: "Hi {{contactName}}" });
    const failed = await sendEmail(fx.rep1, input, { smtpUrl: refusedUrl });
    expect(failed).toMatchObject({ status: "failed", attempts: 1, body: "Hi Eli Owner" });
    expect(failed.error).toMatch(/ECONNREFUSED/);
    await expect(retryEmail(fx.rep2, failed.id, { smtpUrl })).rejects.toBeInstanceOf(NotFound);
    const before = received.length;
    const retried = await retryEmail(fx.rep1, failed.id, { smtpUrl });
    expect(retried).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(received).toHaveLength(before + 1);
    expect(received.at(-1)!.raw).toContain("Hi Eli Owner");
  });

  it("without SMTP the message is kept in the outbox; the admin's template is used; a foreign contact is refused", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const contact = await db.prisma.contact.findFirstOrThrow({ where: { accountId, email: "eli@customer.test" } });
    await updateTemplate(fx.admin, { subject: "Reminder for {{contactName}}", body: "Regards, {{signature}}" });
    const stored = await sendEmail(fx.rep1, composeEmailInput.parse({ accountId, contactId: contact.id }), { smtpUrl: null });
    expect(stored).toMatchObject({
      status: "stored",
      attempts: 0,
      subject: "Reminder for Eli Owner",
      body: "Regards, rep1\nrep1@fixture.test",
    });
    expect((await listEmails(fx.admin, { limit: 10 })).items.map((e) => e.id)).toContain(stored.id);
    expect((await listEmails(fx.rep1, { accountId, limit: 10 })).items.map((e) => e.status)).toEqual(["stored", "sent"]);

    const foreign = await db.prisma.contact.create({ data: { accountId: fx.accounts.rep2[0]!, name: "Not here", email: "x@y.test" } });
    const before = await db.prisma.outboundEmail.count();
    const error = await sendEmail(fx.rep1, composeEmailInput.parse({ accountId, contactId: foreign.id }), { smtpUrl: null }).catch(
      (e: unknown) => e,
    );
    expect((error as Invalid).issues).toEqual([{ field: "contactId", reason: "no such contact on this account" }]);
    expect(await db.prisma.outboundEmail.count()).toBe(before);
  });
});
