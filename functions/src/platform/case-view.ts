import {
  allowedActions,
  type Case,
  type CaseAccessFacts,
  type CaseEvent,
  maskCase,
  type Principal,
  piiAccess,
} from '@citydesk/domain';
import { audit } from './case-access.ts';
import { type HttpRequest, json } from './http-handler.ts';

/**
 * A case as staff see it — personal data in clear, masked or absent by role — with
 * its timeline and the actions this principal may take now. Every response that
 * carries personal data in clear is recorded in the audit trail first.
 */
export async function respondWithCase(
  req: HttpRequest,
  principal: Principal,
  c: Case,
  events: CaseEvent[],
  facts: CaseAccessFacts,
) {
  const level = piiAccess(principal, facts);
  if (level === 'full' && c.contact) {
    await audit(req, principal, {
      action: 'case.pii-read',
      caseId: c.id,
      ...(c.ownerTenantId ? { ownerTenantId: c.ownerTenantId } : {}),
    });
  }
  return json(
    200,
    {
      case: maskCase(c, level),
      piiAccess: level,
      timeline: events,
      allowedActions: allowedActions(c, principal, facts),
    },
    req.lang,
  );
}
