// What the audit log keeps of a deal: the fields a person changes, ids as ids (the audit
// page resolves them to names), the amount as a number and dates as days.
import type { Prisma } from "@/lib/generated/prisma/client";

type AuditedDeal = Prisma.DealGetPayload<object>;

export function dealAuditState(deal: AuditedDeal) {
  return {
    accountId: deal.accountId,
    title: deal.title,
    type: deal.type,
    stage: deal.stage,
    amount: deal.amount.toNumber(),
    probability: deal.probability,
    expectedCloseAt: deal.expectedCloseAt ? deal.expectedCloseAt.toISOString().slice(0, 10) : null,
    productId: deal.productId,
    contactId: deal.contactId,
    notes: deal.notes,
    lostReason: deal.lostReason,
  };
}
