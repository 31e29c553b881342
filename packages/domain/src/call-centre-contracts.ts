import * as z from 'zod';
import { CaseId, CaseStatus, ResultCode } from './case.ts';
import { AssistedChannel, Channel } from './channel.ts';
import { NotificationPreference, PhoneNumber } from './citizen-contact.ts';
import { StaffCaseCreated, StaffCaseSubmission } from './staff-contracts.ts';
import { TenantId } from './tenant.ts';
import { CaseKind, WorkTypeCode } from './work-type.ts';

/*
 * Contracts of the call-centre console (docs/domain/call-centre.md): caller lookup by
 * phone, the caller's new statement on an existing case, and the case answered and
 * closed at first contact. Duplicate check and link: duplicate-detection.ts.
 */

/** The phone number travels in a POST body, so it never lands in access logs or URLs. */
export const CallerLookupRequest = z
  .object({ phone: PhoneNumber })
  .strict()
  .meta({ id: 'CallerLookupRequest' });
export type CallerLookupRequest = z.input<typeof CallerLookupRequest>;

/** One earlier case of the caller, as far as the agent may see it. */
export const CallerHistoryEntry = z
  .object({
    caseId: CaseId,
    trackingNo: z.string().meta({ example: '4827-3915-0266' }),
    status: CaseStatus,
    workTypeCode: WorkTypeCode,
    kind: CaseKind,
    channel: Channel,
    ownerTenantId: TenantId.optional(),
    ownerDepartmentCode: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    closedAt: z.iso.datetime().optional(),
    resultCode: ResultCode.optional(),
    neighbourhood: z.string().optional(),
    /** The first 200 characters of the citizen's description. */
    description: z.string(),
    /** The name on the case, in clear, masked or absent, by the agent's personal-data level. */
    contactName: z.string().optional(),
    piiAccess: z.enum(['full', 'masked', 'none']),
    /** The case is open and the agent may add the caller's new statement to it. */
    canAddStatement: z.boolean(),
  })
  .meta({ id: 'CallerHistoryEntry' });
export type CallerHistoryEntry = z.infer<typeof CallerHistoryEntry>;

export const CallerLookupResult = z
  .object({
    cases: z.array(CallerHistoryEntry),
    /** The caller's last stated preference (no personal data), to prefill the form. */
    preference: NotificationPreference.optional(),
    /** The caller's name from a case the agent sees in clear, to prefill the form. */
    name: z.string().optional(),
  })
  .meta({ id: 'CallerLookupResult' });
export type CallerLookupResult = z.infer<typeof CallerLookupResult>;

/**
 * The caller adds to an existing open case instead of opening a new one ("it is still
 * leaking, now into the basement"): an internal timeline entry with the channel it
 * came by. `statementId` (a client UUID) records it once however often it is sent.
 */
export const CallerStatementRequest = z
  .object({
    statementId: z.uuid(),
    text: z.string().trim().min(3).max(2000),
    channel: AssistedChannel,
  })
  .strict()
  .meta({ id: 'CallerStatementRequest' });
export type CallerStatementRequest = z.infer<typeof CallerStatementRequest>;

/** Result codes an agent may close with in the same call, with no evidence to attach. */
export const FirstContactResultCode = ResultCode.extract([
  'INFO_GIVEN',
  'SUGGESTION_NOTED',
  'THANKS_FORWARDED',
]);
export type FirstContactResultCode = z.infer<typeof FirstContactResultCode>;

/**
 * A request answered in the same call: recorded and closed at once with the answer
 * the agent gave, which the citizen also receives in writing (per their preference).
 */
export const FirstContactSubmission = StaffCaseSubmission.extend({
  resultCode: FirstContactResultCode.default('INFO_GIVEN'),
  publicAnswer: z.string().trim().min(10).max(2000),
  internalNote: z.string().trim().min(3).max(2000).optional(),
})
  .strict()
  .meta({ id: 'FirstContactSubmission' });
export type FirstContactSubmission = z.input<typeof FirstContactSubmission>;

/** A case closed at intake: first contact, or a linked duplicate. */
export const ClosedAtIntake = StaffCaseCreated.extend({
  resultCode: ResultCode,
  masterCaseId: CaseId.optional(),
}).meta({ id: 'ClosedAtIntake' });
export type ClosedAtIntake = z.infer<typeof ClosedAtIntake>;

/**
 * File the caller's report as a duplicate of `masterCaseId` (duplicate-detection.ts):
 * the new case is recorded (the citizen's own words, contact and consent) and closed
 * as DUPLICATE at once; its citizen follows the master from then on.
 */
export const DuplicateLinkRequest = StaffCaseSubmission.extend({ masterCaseId: CaseId })
  .strict()
  .meta({ id: 'DuplicateLinkRequest' });
export type DuplicateLinkRequest = z.input<typeof DuplicateLinkRequest>;
