// Logging a visit (or call, e-mail, meeting): one transaction writes the visit
// and refreshes the account's live metrics (last visit, flags), so every screen
// shows it at once. The idempotency key (unique per rep) makes a retried
// submission return the first result instead of logging the visit twice.
import { createHash } from "node:crypto";
import { getPrisma } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { metricsView, type MetricsView } from "@/lib/accounts/metrics-view";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { FLAGS_ACTED_BY_CONTACT, markAccountFlagsActed, txQuery } from "@/lib/flag-records/flag-actions";
import { closeFollowUpsIn, createFollowUpIn, type FollowUpView } from "@/lib/follow-ups/follow-ups";
import { Invalid, Unprocessable } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { CreateVisitInput } from "./schema";
import { visitView, VISIT_INCLUDE, type VisitView } from "./list-visits";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import { recordAudit } from "@/lib/audit/record-audit";

export interface LoggedVisit {
  visit: VisitView;
  /** The follow-up made from the visit's next step and its due date; null on a replay or without a date. */
  followUp: FollowUpView | null;
  /** The follow-ups the visit closed (closeFollowUpIds); empty on a replay. */
  closedFollowUps: FollowUpView[];
  metrics: MetricsView | null;
  replayed: boolean;
}

export function visitRequestHash(input: CreateVisitInput): string {
  const { idempotencyKey: _key, ...body } = input;
  // Fixed key order and explicit nulls: the same visit always hashes the same.
  const canonical = {
    accountId: body.accountId,
    contactId: body.contactId ?? null,
    type: body.type,
    occurredAt: body.occurredAt.toISOString(),
    outcome: body.outcome ?? null,
    notes: body.notes ?? null,
    nextStep: body.nextStep ?? null,
    // Only when given, so keys stored before the field existed still hash the same.
    ...(body.nextStepDueOn ? { nextStepDueOn: body.nextStepDueOn.toISOString().slice(0, 10) } : {}),
    ...(body.closeFollowUpIds ? { closeFollowUpIds: [...body.closeFollowUpIds].sort() } : {}),
  };
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/**
 * A unique-constraint violation, however it arrives: Prisma's P2002 (pg adapter),
 * or the PGlite adapter's own DriverAdapterError (it ships an older copy of
 * driver-adapter-utils, so Prisma does not recognise and map it).
 */
async function replay(prisma: PrismaClient, actor: Actor, input: CreateVisitInput, hash: string): Promise<LoggedVisit | null> {
  // Unique per account (Citus keys hold account_id): this account's use of the key, else its
  // use on another account (a different visit: 422 below).
  const key = { repId: actor.id, idempotencyKey: input.idempotencyKey };
  const existing =
    (await prisma.visit.findFirst({ where: { accountId: input.accountId, ...key }, include: VISIT_INCLUDE })) ??
    (await prisma.visit.findFirst({ where: key, include: VISIT_INCLUDE }));
  if (!existing) return null;
  if (existing.idempotencyHash !== hash) {
    throw new Unprocessable("This idempotency key was already used for a different visit; generate a new key for a new visit.");
  }
  // Still the caller's to read? (An account reassigned since then must not leak through a replay.)
  await accountFor(prisma, actor, existing.accountId, "read", "visit");
  const metrics = await prisma.accountMetrics.findUnique({ where: { accountId: existing.accountId } });
  return {
    visit: visitView(existing),
    followUp: null,
    closedFollowUps: [],
    metrics: metrics ? metricsView(metrics) : null,
    replayed: true,
  };
}

export async function createVisit(actor: Actor, input: CreateVisitInput): Promise<LoggedVisit> {
  const prisma = await getPrisma();
  const hash = visitRequestHash(input);
  const previous = await replay(prisma, actor, input, hash);
  if (previous) return previous;
  try {
    return await prisma.$transaction(async (tx) => {
      // Lock first, as create-purchase does: writers of one account queue here.
      await tx.$queryRawUnsafe(`SELECT id FROM accounts WHERE id = $1::uuid FOR UPDATE`, input.accountId);
      const account = await accountFor(tx, actor, input.accountId, "write", "visit");
      if (input.contactId) {
        const contact = await tx.contact.findFirst({ where: { id: input.contactId, accountId: account.id }, select: { id: true } });
        if (!contact) {
          throw new Invalid("Invalid body: contactId: no such contact on this account", [
            { field: "contactId", reason: "no such contact on this account" },
          ]);
        }
      }
      // Before the visit is written: a follow-up that is not this account's refuses the whole request.
      const closedFollowUps = await closeFollowUpsIn(tx, account.id, input.closeFollowUpIds ?? [], new Date());
      const visit = await tx.visit.create({
        data: {
          accountId: account.id,
          contactId: input.contactId ?? null,
          // The rep is whoever is signed in, never a client-supplied id.
          repId: actor.id,
          type: input.type,
          occurredAt: input.occurredAt,
          outcome: input.outcome ?? null,
          notes: input.notes ?? null,
          nextStep: input.nextStep ?? null,
          idempotencyKey: input.idempotencyKey,
          idempotencyHash: hash,
        },
        include: VISIT_INCLUDE,
      });
      await recomputeAccountMetrics(tx, account.id);
      await recordAudit(tx, {
        actorId: actor.id,
        action: "visit.create",
        entityType: "visit",
        entityId: visit.id,
        after: {
          accountId: account.id,
          contactId: visit.contactId,
          type: visit.type,
          occurredAt: visit.occurredAt,
          outcome: visit.outcome,
          nextStep: visit.nextStep,
        },
      });
      // Contact answers the account's open churn-risk and replenishment flags.
      await markAccountFlagsActed(txQuery(tx), account.id, FLAGS_ACTED_BY_CONTACT, new Date(), actor.id, `visit:${input.type}`);
      const followUp =
        input.nextStepDueOn && input.nextStep
          ? await createFollowUpIn(tx, actor, account.id, {
              title: input.nextStep,
              dueOn: input.nextStepDueOn,
              contactId: input.contactId ?? null,
              visitId: visit.id,
            })
          : null;
      const metrics = await tx.accountMetrics.findUnique({ where: { accountId: account.id } });
      return { visit: visitView(visit), followUp, closedFollowUps, metrics: metrics ? metricsView(metrics) : null, replayed: false };
    }, LIVE_WRITE_TRANSACTION);
  } catch (error) {
    // A concurrent retry with the same key won the race: answer with its result.
    if (isUniqueViolation(error)) {
      const winner = await replay(prisma, actor, input, hash);
      if (winner) return winner;
    }
    throw error;
  }
}
