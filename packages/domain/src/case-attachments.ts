import { MAX_ATTACHMENTS_PER_CASE } from './attachment-rules.ts';
import { type CaseAccessFacts, can } from './authorization.ts';
import type { Case, CaseAttachment, StoredAttachment } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import { actorOf } from './case-lifecycle.ts';
import type { OutboxIntent } from './outbox-intent.ts';
import type { Principal } from './principal.ts';

/*
 * Adding files to a case: who may, when, and what the change records. The upload
 * itself (presigned POST, type check of the stored bytes) happens around this; an
 * attachment exists on the case only once its upload is confirmed.
 */

/** Why a principal may not add a file to a case. */
export type AttachRefusal =
  /** The principal may read the case but not add to it (`case.comment`). */
  | 'forbidden'
  /** The case's personal data was erased (KVKK): no new personal data may join it. */
  | 'anonymised'
  /** The case already carries MAX_ATTACHMENTS_PER_CASE files. */
  | 'limit-reached';

/** A confirmed upload, as opposed to bare metadata a public submission recorded. */
export function isConfirmedAttachment(a: StoredAttachment): a is CaseAttachment {
  return 'id' in a;
}

/** The confirmed attachment with this id, if the case has it. */
export function findAttachment(c: Case, attachmentId: string): CaseAttachment | undefined {
  return c.attachments.find((a): a is CaseAttachment => isConfirmedAttachment(a) && a.id === attachmentId);
}

/**
 * May this principal add a file to this case now? Adding a file is adding to the
 * record, like a comment, so it needs `case.comment`. Returns the refusal, or
 * undefined when allowed.
 */
export function attachRefusal(
  c: Case,
  principal: Principal,
  facts: CaseAccessFacts,
): AttachRefusal | undefined {
  if (!can(principal, 'case.comment', facts)) return 'forbidden';
  if (c.anonymisedAt) return 'anonymised';
  if (c.attachments.filter(isConfirmedAttachment).length >= MAX_ATTACHMENTS_PER_CASE) return 'limit-reached';
  return undefined;
}

/** What confirming an upload does to a case. */
export type AttachOutcome =
  /** The attachment is already on the case: confirming again changes nothing. */
  | { ok: true; replayed: true; attachment: CaseAttachment }
  | {
      ok: true;
      replayed: false;
      attachment: CaseAttachment;
      after: Case;
      events: CaseEvent[];
      intents: OutboxIntent[];
    }
  | { ok: false; error: AttachRefusal };

/**
 * Appends a confirmed upload to a case: the next version with the attachment, an
 * internal `attachment_added` event and its analytics intent. The event names the
 * file by id, type and purpose only: file names often carry people's names.
 * Idempotent by attachment id.
 */
export function attachToCase(
  c: Case,
  attachment: CaseAttachment,
  ctx: { principal: Principal; facts: CaseAccessFacts; now: Date; newEventId: () => string },
): AttachOutcome {
  const existing = findAttachment(c, attachment.id);
  if (existing) return { ok: true, replayed: true, attachment: existing };
  const refusal = attachRefusal(c, ctx.principal, ctx.facts);
  if (refusal) return { ok: false, error: refusal };
  const at = ctx.now.toISOString();
  const after: Case = {
    ...c,
    attachments: [...c.attachments, attachment],
    updatedAt: at,
    version: c.version + 1,
  };
  const event: CaseEvent = {
    caseId: c.id,
    eventId: ctx.newEventId(),
    at,
    type: 'attachment_added',
    actor: actorOf(ctx.principal),
    visibility: 'internal',
    status: c.status,
    ...(c.ownerTenantId ? { tenantId: c.ownerTenantId } : {}),
    ...(c.ownerDepartmentCode ? { departmentCode: c.ownerDepartmentCode } : {}),
    data: {
      attachmentId: attachment.id,
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
      purpose: attachment.purpose,
    },
  };
  return {
    ok: true,
    replayed: false,
    attachment,
    after,
    events: [event],
    intents: [{ intent: 'analytics', caseId: c.id, eventId: event.eventId, eventType: 'attachment_added' }],
  };
}
