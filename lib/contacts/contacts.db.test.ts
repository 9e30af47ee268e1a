import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { createContact } from "./create-contact";
import { updateContact } from "./update-contact";
import { deleteContact } from "./delete-contact";
import { listContacts, type ContactView } from "./list-contacts";
import { createContactInput, listContactsQuery, updateContactInput } from "./schema";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";

let db: Database;
let fx: SalesFixture;

useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 2 });

const newContact = (accountId: string, extra: Record<string, unknown> = {}) =>
  createContactInput.parse({ accountId, name: "Alex Purchaser", ...extra });

describe("contacts", () => {
  it("creates and lists an account's contacts by name", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const alex = await createContact(
      fx.rep1,
      newContact(accountId, {
        name: "  Alex Purchaser ",
        title: "Head of purchasing",
        email: "alex@customer.test",
        phone: "+49 30 1234-56 ext. 7",
        decisionRole: "DECISION_MAKER",
      }),
    );
    expect(alex).toMatchObject({
      accountId,
      name: "Alex Purchaser",
      email: "alex@customer.test",
      decisionRole: "DECISION_MAKER",
      version: 1,
    });
    await createContact(fx.rep1, newContact(accountId, { name: "Bo Office", email: "" }));
    const page = await listContacts(fx.rep1, listContactsQuery.parse({ accountId, limit: "1" }));
    expect(page.items.map((c) => c.name)).toEqual(["Alex Purchaser"]);
    const rest = await listContacts(fx.rep1, listContactsQuery.parse({ accountId, cursor: page.nextCursor! }));
    expect(rest.items.map((c) => [c.name, c.email, c.decisionRole])).toEqual([["Bo Office", null, "OTHER"]]);
    expect(rest.nextCursor).toBeNull();
    expect((await listContacts(fx.manager, listContactsQuery.parse({ accountId }))).items).toHaveLength(2);
  });

  it("updates with the version read, and answers a stale version with Conflict carrying the current record", async () => {
    const contact = await createContact(fx.rep1, newContact(fx.accounts.rep1[1]!));
    const renamed = await updateContact(fx.rep1, contact.id, updateContactInput.parse({ title: "Buyer", version: 1 }));
    expect(renamed).toMatchObject({ title: "Buyer", version: 2, name: "Alex Purchaser" });
    const error = await updateContact(fx.rep1, contact.id, updateContactInput.parse({ title: "Owner", version: 1 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).details as ContactView).toMatchObject({ id: contact.id, title: "Buyer", version: 2 });
    // null or blank clears an optional field.
    expect(await updateContact(fx.rep1, contact.id, updateContactInput.parse({ title: null, phone: "", version: 2 }))).toMatchObject({
      title: null,
      phone: null,
      version: 3,
    });
  });

  it("deletes, refusing a stale version and another rep's contact", async () => {
    const contact = await createContact(fx.rep1, newContact(fx.accounts.rep1[1]!, { name: "To delete" }));
    await updateContact(fx.rep1, contact.id, updateContactInput.parse({ name: "To delete soon", version: 1 }));
    await expect(deleteContact(fx.rep2, contact.id)).rejects.toBeInstanceOf(NotFound);
    await expect(deleteContact(fx.manager, contact.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteContact(fx.rep1, contact.id, { version: 1 })).rejects.toBeInstanceOf(Conflict);
    const visit = await db.prisma.visit.create({
      data: { accountId: contact.accountId, contactId: contact.id, repId: fx.rep1.id, occurredAt: new Date() },
    });
    const deal = await db.prisma.deal.create({
      data: { accountId: contact.accountId, contactId: contact.id, ownerId: fx.rep1.id, title: "With the contact", amount: "100.00" },
    });
    const followUp = await db.prisma.followUp.create({
      data: { accountId: contact.accountId, contactId: contact.id, title: "Call them", dueOn: new Date("2026-12-01") },
    });
    // A stale version deletes nothing and keeps every reference to the contact.
    await expect(deleteContact(fx.rep1, contact.id, { version: 1 })).rejects.toBeInstanceOf(Conflict);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: deal.id } })).contactId).toBe(contact.id);
    await deleteContact(fx.rep1, contact.id, { version: 2 });
    expect(await db.prisma.contact.findFirst({ where: { id: contact.id } })).toBeNull();
    // The visit stays on the timeline, the deal and the follow-up on the account, without the contact
    // (cleared by the delete itself: the keys hold account_id, so the database cannot SET NULL).
    expect((await db.prisma.visit.findFirstOrThrow({ where: { id: visit.id } })).contactId).toBeNull();
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: deal.id } })).contactId).toBeNull();
    expect((await db.prisma.followUp.findFirstOrThrow({ where: { id: followUp.id } })).contactId).toBeNull();
    await expect(deleteContact(fx.rep1, contact.id)).rejects.toBeInstanceOf(NotFound);
  });

  it("hides another rep's account (404) and does not let a manager write (403)", async () => {
    const theirs = fx.accounts.rep2[0]!;
    await expect(createContact(fx.rep1, newContact(theirs))).rejects.toBeInstanceOf(NotFound);
    await expect(listContacts(fx.rep1, listContactsQuery.parse({ accountId: theirs }))).rejects.toBeInstanceOf(NotFound);
    await expect(createContact(fx.manager, newContact(theirs))).rejects.toBeInstanceOf(Forbidden);
    const contact = await createContact(fx.rep2, newContact(theirs));
    await expect(updateContact(fx.rep1, contact.id, updateContactInput.parse({ name: "Hijack", version: 1 }))).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(updateContact(fx.manager, contact.id, updateContactInput.parse({ name: "Hijack", version: 1 }))).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(updateContact(fx.rep1, randomUUID(), updateContactInput.parse({ name: "Ghost", version: 1 }))).rejects.toBeInstanceOf(
      NotFound,
    );
    expect((await db.prisma.contact.findFirstOrThrow({ where: { id: contact.id } })).name).toBe("Alex Purchaser");
  });

  it("validates the body at the edge, naming each field", () => {
    const result = createContactInput.safeParse({
      accountId: randomUUID(),
      name: "  ",
      email: "not-an-email",
      phone: "1".repeat(41),
      decisionRole: "BOSS",
      ownerId: randomUUID(),
    });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["name", "email", "phone", "decisionRole"]));
    expect(result.error!.issues.some((issue) => issue.code === "unrecognized_keys")).toBe(true);
    expect(updateContactInput.safeParse({ name: "X" }).error!.issues.map((i) => i.path.join("."))).toEqual(["version"]);
  });
});
