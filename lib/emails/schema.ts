// Reminder e-mails: validated once, here, at the edge.
import { z } from "zod";
import { recordId } from "@/lib/http/ids";

const subject = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
// A reminder is a short e-mail; 4 000 characters leave room for a long one and keep the outbox small.
const body = z.string().trim().min(1, "must not be empty").max(4_000, "must be at most 4000 characters");

/** Either a template (the default one when neither is sent) or a subject and body written by the rep. */
export const composeEmailInput = z
  .object({
    accountId: recordId("an account id"),
    contactId: recordId("a contact id"),
    templateId: recordId("a template id").optional(),
    subject: subject.optional(),
    body: body.optional(),
    flagId: recordId("a flag id")
      .nullish()
      .transform((value) => value ?? null),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.templateId && (input.subject || input.body))
      ctx.addIssue({ code: "custom", path: ["templateId"], message: "send a templateId or a subject and body, not both" });
    if ((input.subject === undefined) !== (input.body === undefined))
      ctx.addIssue({ code: "custom", path: [input.subject === undefined ? "subject" : "body"], message: "subject and body go together" });
  });
export type ComposeEmailInput = z.infer<typeof composeEmailInput>;

export const updateTemplateInput = z.object({ subject, body }).strict();
export type UpdateTemplateInput = z.infer<typeof updateTemplateInput>;

export const listEmailsQuery = z
  .object({
    accountId: recordId("an account id").optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
