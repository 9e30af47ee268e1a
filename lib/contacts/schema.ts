// People at an account: validated once, here, at the edge.
import { z } from "zod";
import { recordId, recordVersion, recordVersionQuery } from "@/lib/http/ids";
import { DecisionRole } from "@/lib/generated/prisma/enums";
import { isPhoneNumber } from "./phone";

const name = z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters");
const title = z.string().trim().max(120, "must be at most 120 characters");
const email = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .pipe(z.union([z.literal(""), z.email("must be an e-mail address")]));
// Phone numbers are written every which way (+49 30 …, (030) …, ext. 12): kept as typed, checked for digits (phone.ts).
const phone = z
  .string()
  .trim()
  .max(40, "must be at most 40 characters")
  .refine((value) => value === "" || isPhoneNumber(value), "must be a phone number, such as +49 30 1234567");
const decisionRole = z.enum(DecisionRole, { error: "must be one of DECISION_MAKER, INFLUENCER, USER, GATEKEEPER, OTHER" });

/** Blank or null clears an optional field; undefined leaves it alone (on update). */
const blankToNull = (value: string | null | undefined) => (value === undefined ? undefined : value === null || value === "" ? null : value);

export const createContactInput = z
  .object({
    accountId: recordId("an account id"),
    name,
    title: title.nullish().transform(blankToNull),
    email: email.nullish().transform(blankToNull),
    phone: phone.nullish().transform(blankToNull),
    decisionRole: decisionRole.default("OTHER"),
  })
  .strict();
export type CreateContactInput = z.infer<typeof createContactInput>;

export const updateContactInput = z
  .object({
    name: name.optional(),
    title: title.nullish().transform(blankToNull),
    email: email.nullish().transform(blankToNull),
    phone: phone.nullish().transform(blankToNull),
    decisionRole: decisionRole.optional(),
    version: recordVersion(),
  })
  .strict();
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const deleteContactQuery = z
  .object({
    // Optional: with it, deleting a contact someone else just edited answers 409 instead.
    version: recordVersionQuery().optional(),
  })
  .strict();
export type DeleteContactQuery = z.infer<typeof deleteContactQuery>;

export const listContactsQuery = z
  .object({
    accountId: recordId("an account id"),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListContactsQuery = z.infer<typeof listContactsQuery>;
