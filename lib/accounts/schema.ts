import { z } from "zod";
import { recordId, recordVersion } from "@/lib/http/ids";
import { acquisitionDate } from "@/lib/dates";
import { createContactInput } from "@/lib/contacts/schema";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

const mainContactInput = createContactInput.omit({ accountId: true });

export const createAccountInput = z
  .object({
    name: text(200),
    segment: text(50),
    industry: text(100).optional(),
    region: text(100).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR")
      .default("EUR"),
    acquiredAt: acquisitionDate().optional(),
    acquisitionChannel: text(100).optional(),
    externalId: text(100).optional(),
    // Managers and admins may create an account for a rep; a rep's own accounts are always theirs.
    ownerId: recordId("a user id").optional(),
    /** The first person at the account, created in the same transaction. */
    contact: mainContactInput.optional(),
  })
  .strict();
export type CreateAccountInput = z.infer<typeof createAccountInput>;

export const updateAccountInput = z
  .object({
    version: recordVersion(),
    name: text(200).optional(),
    segment: text(50).optional(),
    industry: text(100).nullable().optional(),
    region: text(100).nullable().optional(),
    acquisitionChannel: text(100).nullable().optional(),
    status: z.enum(["ACTIVE", "PROSPECT", "CHURNED", "ARCHIVED"]).optional(),
    ownerId: recordId("a user id").optional(),
  })
  .strict();
export type UpdateAccountInput = z.infer<typeof updateAccountInput>;
