import { describe, expect, it } from "vitest";
import { type Database } from "@/lib/db/client";
import { type SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { Invalid } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { createAccount } from "./change-account";
import { createAccountInput } from "./schema";
import { findSimilarAccounts, similarAccountsQuery } from "./similar-accounts";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 1 });

const similar = (actor: SalesFixture["rep1"], name: string, email?: string) =>
  findSimilarAccounts(actor, similarAccountsQuery.parse({ name, ...(email ? { email } : {}) }));

describe("creating an account from the UI", () => {
  it("creates the account and its main contact together", async () => {
    const account = await createAccount(
      fx.rep1,
      createAccountInput.parse({
        name: "Muller Druck GmbH",
        segment: "SMB",
        contact: { name: "Anna Berg", email: "anna@mullerdruck.de", phone: "+49 30 1234567" },
      }),
    );
    const contacts = await db.prisma.contact.findMany({ where: { accountId: account.id } });
    expect(contacts).toMatchObject([{ name: "Anna Berg", email: "anna@mullerdruck.de", phone: "+49 30 1234567", decisionRole: "OTHER" }]);
  });

  it("a bad contact phone writes nothing and names contact.phone", async () => {
    const before = await db.prisma.account.count();
    const error = (() => {
      try {
        parseWith(
          createAccountInput,
          { name: "Half Written AG", segment: "SMB", contact: { name: "X", phone: "call me" } },
          "Invalid body",
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues).toEqual([{ field: "contact.phone", reason: "must be a phone number, such as +49 30 1234567" }]);
    expect(await db.prisma.account.count()).toBe(before);
  });

  it("warns about a similar name or the same e-mail domain; other reps' lookalikes are counted, not named", async () => {
    // Worked example: one letter off, different case and legal form spacing.
    expect((await similar(fx.rep1, "Müller Druck GmbH")).items).toEqual([
      expect.objectContaining({ name: "Muller Druck GmbH", reason: "name", ownerName: "rep1" }),
    ]);
    expect((await similar(fx.rep1, "muller druck gmbh")).items.map((a) => a.name)).toEqual(["Muller Druck GmbH"]);
    // Same company domain under a new name.
    expect((await similar(fx.rep1, "MD Print", "jonas@MullerDruck.de")).items).toEqual([
      expect.objectContaining({ name: "Muller Druck GmbH", reason: "domain" }),
    ]);
    // A second site of an existing account: the whole name inside the new one, however long the
    // addition (plain trigram similarity of this pair is 18 shared of 41 trigrams ≈ 0.44, under the 0.45 bar).
    expect((await similar(fx.rep1, "Muller Druck GmbH, Werk Nord und Lager Süd")).items.map((a) => a.name)).toEqual(["Muller Druck GmbH"]);
    // and the new name inside an existing one.
    expect((await similar(fx.rep1, "Muller Druck")).items.map((a) => a.name)).toEqual(["Muller Druck GmbH"]);
    // A short word found inside a name says nothing.
    expect((await similar(fx.rep1, "GmbH")).items).toEqual([]);
    // A public mailbox domain and an unrelated name match nothing.
    expect(await similar(fx.rep1, "Baumann Logistik", "someone@gmail.com")).toEqual({ items: [], elsewhere: 0 });
    // rep2 learns that one exists, not whose or what it is called.
    expect(await similar(fx.rep2, "Muller Druck GmbH")).toEqual({ items: [], elsewhere: 1 });
    expect((await similar(fx.manager, "Muller Druck GmbH")).items.map((a) => a.name)).toEqual(["Muller Druck GmbH"]);
  });
});
