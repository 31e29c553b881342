import { describe, expect, it } from 'vitest';
import { caseAccessFacts } from './authorization.ts';
import { closeAtIntake, recordCallerStatement } from './call-centre-intake.ts';
import type { Case, CaseStatus } from './case.ts';
import { openCase } from './case-intake.ts';
import type { LifecycleContext } from './case-lifecycle.ts';
import type { Principal, Role } from './principal.ts';
import { defaultCalendar } from './sla-clock.ts';
import type { WorkType } from './work-type.ts';

const METRO = 'balikesir-bb';
const KARESI = 'karesi';
const NOW = new Date('2026-12-07T09:00:00.000Z');
const info: WorkType = {
  code: 'GENERAL-INFO',
  name: { tr: 'Bilgi talebi', en: 'Information request' },
  group: 'GENERAL',
  kind: 'information',
  tenantLevel: 'metropolitan',
  departmentCode: 'SKM',
  slaHours: 24,
  defaultPriority: 'normal',
  requiresLocation: false,
  keywords: [],
};

const agent = (tenantId: string, roles: Role[] = ['agent']): Principal => ({
  kind: 'user',
  userId: `u-${tenantId}`,
  tenantId,
  tenantType: tenantId === METRO ? 'metropolitan' : 'district',
  roles,
});

let seq = 0;
const ctx = (principal: Principal): Omit<LifecycleContext, 'facts'> => ({
  principal,
  now: NOW,
  newEventId: () => `ev-${++seq}`,
  newChildIdentity: () => ({ caseId: 'x', trackingNo: 'y' }),
  workTypes: new Map([[info.code, info]]),
  tenants: new Map(),
  metroTenantId: METRO,
  slaDueAt: (w, start) => new Date(start.getTime() + w.slaHours * 3_600_000),
});

const filed = (principal: Principal) =>
  openCase({
    submission: {
      workTypeCode: info.code,
      description: 'Su faturası ne zaman kesilir diye soruyor.',
      channel: 'call_center',
      attachments: [],
      contact: {
        phone: '+905321234567',
        preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '1' },
    },
    workType: info,
    cityId: 'balikesir',
    catalogVersion: '1',
    caseId: '01J9Z3M6W8X2Y4Q5R7S9T1V3W5',
    eventId: 'ev-created',
    trackingNo: '482739150266',
    actor: { kind: 'staff', id: principal.userId, tenantId: principal.tenantId },
    now: NOW,
    calendar: defaultCalendar,
  });

const answer = { publicAnswer: 'Faturanız her ayın 5’inde kesilir.', internalNote: 'Bilgi verildi.' };

describe('closeAtIntake', () => {
  it('files and closes an information request in one go, owned by the agent’s tenant, never routed', () => {
    const principal = agent(KARESI);
    const outcome = closeAtIntake(filed(principal), { resultCode: 'INFO_GIVEN', ...answer }, ctx(principal));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome));
    expect(outcome.case).toMatchObject({ status: 'CLOSED', ownerTenantId: KARESI, version: 2 });
    expect(outcome.case.result).toMatchObject({ code: 'INFO_GIVEN', publicAnswer: answer.publicAnswer });
    expect([outcome.event.type, ...outcome.followingEvents.map((e) => e.type)]).toEqual([
      'created',
      'closed',
      'note',
    ]);
    expect(outcome.followingEvents[0]?.data).toMatchObject({
      atFirstContact: true,
      resultCode: 'INFO_GIVEN',
    });
    expect(outcome.intents.map((i) => i.intent)).not.toContain('route-case');
    expect(outcome.intents).toContainEqual(
      expect.objectContaining({
        intent: 'notify-citizen',
        step: 'closed',
        eventId: outcome.followingEvents[0]?.eventId,
      }),
    );
    expect(outcome.intents).toContainEqual(
      expect.objectContaining({ intent: 'analytics', eventType: 'created', eventId: 'ev-created' }),
    );
  });

  it('keeps the lifecycle’s rules: only first-contact codes, with their evidence', () => {
    const principal = agent(METRO);
    const resolved = closeAtIntake(filed(principal), { resultCode: 'RESOLVED', ...answer }, ctx(principal));
    expect(resolved).toMatchObject({ ok: false, error: 'rule-violation' });
    const duplicate = closeAtIntake(filed(principal), { resultCode: 'DUPLICATE', ...answer }, ctx(principal));
    expect(duplicate).toMatchObject({
      ok: false,
      violations: [{ path: 'evidence.masterCaseId', message: 'evidence.master-case-required' }],
    });
    const linked = closeAtIntake(
      filed(principal),
      { resultCode: 'DUPLICATE', ...answer, evidence: { masterCaseId: '01J9Z3M6W8X2Y4Q5R7S9T1V3W6' } },
      ctx(principal),
    );
    expect(linked.ok).toBe(true);
  });

  it('refuses roles that may file but not close (staff, muhtar)', () => {
    for (const principal of [agent(KARESI, ['staff']), agent(KARESI, ['muhtar'])]) {
      expect(
        closeAtIntake(filed(principal), { resultCode: 'INFO_GIVEN', ...answer }, ctx(principal)),
      ).toEqual({
        ok: false,
        error: 'forbidden',
      });
    }
  });
});

describe('recordCallerStatement', () => {
  const openCaseIn = (status: CaseStatus, owner = METRO): Case => ({
    ...filed(agent(METRO)).case,
    status,
    ownerTenantId: owner,
  });
  const input = {
    statementId: '7d9c7e0a-3c1b-4a3e-9a51-1f1c4b0e2a11',
    text: 'Hâlâ akıyor.',
    channel: 'call_center' as const,
  };

  it('adds an internal comment with the channel to an open case', () => {
    const c = openCaseIn('IN_PROGRESS');
    const principal = agent(METRO);
    const outcome = recordCallerStatement(c, input, { ...ctx(principal), facts: caseAccessFacts(c) });
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.events[0]).toMatchObject({
      type: 'comment',
      visibility: 'internal',
      data: {
        text: 'Hâlâ akıyor.',
        commentId: input.statementId,
        kind: 'caller-statement',
        channel: 'call_center',
      },
    });
  });

  it('refuses an ended case, and a case the agent may not comment on', () => {
    const closed = openCaseIn('CLOSED');
    expect(
      recordCallerStatement(closed, input, { ...ctx(agent(METRO)), facts: caseAccessFacts(closed) }),
    ).toEqual({
      ok: false,
      error: 'case-ended',
    });
    const metroOwned = openCaseIn('ROUTED');
    const district = agent(KARESI);
    expect(
      recordCallerStatement(metroOwned, input, { ...ctx(district), facts: caseAccessFacts(metroOwned) }),
    ).toEqual({ ok: false, error: 'forbidden' });
  });
});
