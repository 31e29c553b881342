import { randomInt } from 'node:crypto';
import { MasterCaseNotOpenError, type NewCase, newId } from '@citydesk/data';
import {
  type Case,
  type ClosedAtIntake,
  type ClosingEvidence,
  can,
  closeAtIntake,
  formatTrackingNumber,
  generateTrackingNumber,
  type Principal,
  type ResultCode,
  type ValidatedSubmission,
  validationMessages,
} from '@citydesk/domain';
import { fileCase, idempotencyKeyOf } from '#platform/case-filing.ts';
import type { CityRuntime } from '#platform/city-runtime.ts';
import type { HttpRequest } from '#platform/http-handler.ts';
import { lifecycleReference } from '#platform/lifecycle-runtime.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * Shared by the call-centre handlers that file a case and close it in the same
 * transaction (staff-caller-console.ts: first-contact answers; staff-duplicate-
 * intake.ts: linked duplicates). The domain's `closeAtIntake` decides; this module
 * builds its context and turns its refusals into problems.
 */

/** Whoever may file a case for a citizen (agents, desk officers, coordinators…), before anything else. */
export function requireIntakeRight(principal: Principal): void {
  if (!can(principal, 'case.create', { formerOwnerTenantIds: [], status: 'NEW' })) {
    throw new ProblemError('forbidden', {
      tr: 'Başvuru kaydetme yetkiniz yok.',
      en: 'You may not file cases.',
    });
  }
}

/** Files `submission` and closes it at once with `result`; idempotent with the request's key. */
export async function fileClosedAtIntake(input: {
  req: HttpRequest;
  principal: Principal;
  runtime: CityRuntime;
  submission: ValidatedSubmission;
  operation: string;
  result: { resultCode: ResultCode; publicAnswer: string; internalNote: string; evidence?: ClosingEvidence };
  subscribeTo?: (newCaseId: string) => NewCase['subscribeTo'];
}): Promise<{ body: ClosedAtIntake; case: Case; replayed: boolean }> {
  const { principal, runtime } = input;
  try {
    const { case: c, replayed } = await fileCase({
      runtime,
      submission: input.submission,
      actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
      operation: input.operation,
      idempotencyKey: idempotencyKeyOf(input.req),
      // Closed in the call (answered, or a duplicate of a case already being worked).
      requireAnswers: false,
      closeAtIntake: (filed) => {
        const outcome = closeAtIntake(filed, input.result, {
          ...lifecycleReference(runtime, new Date(filed.case.createdAt)),
          principal,
          newChildIdentity: () => ({ caseId: newId(), trackingNo: generateTrackingNumber(randomInt) }),
        });
        if (!outcome.ok) {
          if (outcome.error === 'forbidden') {
            throw new ProblemError('forbidden', {
              tr: 'Bu başvuruyu ilk temasta kapatma yetkiniz yok.',
              en: 'You may not close this case at first contact.',
            });
          }
          throw new ProblemError(
            'business-rule-violated',
            undefined,
            outcome.violations.map((v) => ({ path: v.path, message: validationMessages[v.message] })),
          );
        }
        const { ok: _ok, ...closed } = outcome;
        const subscribeTo = input.subscribeTo?.(closed.case.id);
        return { ...closed, ...(subscribeTo ? { subscribeTo } : {}) };
      },
    });
    const body: ClosedAtIntake = {
      caseId: c.id,
      trackingNo: formatTrackingNumber(c.trackingNo),
      status: c.status,
      createdAt: c.createdAt,
      slaDueAt: c.slaDueAt,
      resultCode: c.result?.code ?? input.result.resultCode,
      ...(input.result.evidence?.masterCaseId ? { masterCaseId: input.result.evidence.masterCaseId } : {}),
    };
    return { body, case: c, replayed };
  } catch (err) {
    if (err instanceof MasterCaseNotOpenError) throw masterNotOpen();
    throw err;
  }
}

/** The master closed (or vanished) between the check and the link. */
export const masterNotOpen = () =>
  new ProblemError('business-rule-violated', {
    tr: 'Ana başvuru artık açık değil; yeni başvuru olarak kaydedin.',
    en: 'The master case is no longer open; file this as a new case.',
  });
