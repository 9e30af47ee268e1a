// Before an account is created: is it already here? A similar name (trigram
// similarity, the index accounts_name_trgm_idx serves it) or a contact with the
// same e-mail domain. Accounts the actor may read are named; others are only
// counted, so a rep learns a colleague has it without seeing that book.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";

export const similarAccountsQuery = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
    email: z.string().trim().max(254, "must be at most 254 characters").optional(),
  })
  .strict();
export type SimilarAccountsQuery = z.infer<typeof similarAccountsQuery>;

// A shared mailbox provider says nothing about the company.
const PUBLIC_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "t-online.de",
  "aol.com",
  "proton.me",
  "protonmail.com",
]);

export function companyDomain(email: string | undefined): string | null {
  const domain = email?.trim().toLowerCase().split("@")[1];
  if (!domain || !domain.includes(".") || PUBLIC_DOMAINS.has(domain)) return null;
  return domain;
}

export interface SimilarAccount {
  id: string;
  name: string;
  ownerName: string;
  reason: "name" | "domain";
}

const NAME_SIMILARITY = 0.45;
// One name holding the other whole ("Kern AG" and "Kern AG (second site)") is a likely
// duplicate; plain similarity falls under the bar when the addition is long against a
// short name. Names this short ("AG", "Bau") would be found inside too much to mean anything.
const CONTAINED_SIMILARITY = 0.8;
const CONTAINED_MIN_LENGTH = 6;

export async function findSimilarAccounts(
  actor: Actor,
  query: SimilarAccountsQuery,
): Promise<{ items: SimilarAccount[]; elsewhere: number }> {
  if (!can(actor, "write", "account")) throw new Forbidden("Your role may not create accounts.");
  const prisma = await getPrisma();
  const domain = companyDomain(query.email);
  const rows = await prisma.$queryRawUnsafe<
    Array<{ id: string; name: string; owner_id: string; owner_name: string; reason: "name" | "domain" }>
  >(
    `SELECT a.id::text AS id, a.name, a.owner_id::text AS owner_id, u.name AS owner_name,
            CASE WHEN named.yes THEN 'name' ELSE 'domain' END AS reason
       FROM accounts a
       JOIN users u ON u.id = a.owner_id
       -- % and %>> (the new name inside an existing one) are what the trigram index serves;
       -- both let through more than the bars below, which decide.
       CROSS JOIN LATERAL (
         SELECT (a.name % $1 OR a.name %>> $1)
                AND (similarity(lower(a.name), lower($1)) >= $2
                     OR (char_length(a.name) >= $5 AND char_length($1) >= $5
                         AND greatest(strict_word_similarity(a.name, $1), strict_word_similarity($1, a.name)) >= $4)) AS yes
       ) named
      WHERE named.yes
         OR ($3::text IS NOT NULL AND EXISTS (SELECT 1 FROM contacts c WHERE c.account_id = a.id AND lower(c.email) LIKE '%@' || $3::text))
      ORDER BY named.yes DESC, similarity(lower(a.name), lower($1)) DESC, a.name
      LIMIT 20`,
    query.name,
    NAME_SIMILARITY,
    domain,
    CONTAINED_SIMILARITY,
    CONTAINED_MIN_LENGTH,
  );
  const ownerId = accountOwnerFilter(actor);
  const visible = rows.filter((row) => ownerId === null || row.owner_id === ownerId);
  return {
    items: visible.slice(0, 5).map((row) => ({ id: row.id, name: row.name, ownerName: row.owner_name, reason: row.reason })),
    elsewhere: rows.length - visible.length,
  };
}
