import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case-event.ts';
import {
  assigneeAudience,
  collapseRecipients,
  eventRecipients,
  MarkNotificationsRead,
  type NotifiablePerson,
  queueAudience,
  StaffNotificationPreferences,
  slaAudience,
  slaReason,
  staffEmailDedupeKey,
  staffNotificationEmail,
  staffNotificationKey,
  supervisorsOf,
  type TenantStaff,
} from './staff-notifications.ts';

const person = (
  userId: string,
  roles: NotifiablePerson['roles'],
  departmentCode?: string,
): NotifiablePerson => ({
  userId,
  username: userId,
  roles,
  ...(departmentCode ? { departmentCode } : {}),
});

const karesi: TenantStaff = {
  tenantId: 'balikesir-karesi',
  people: [
    person('fen.1', ['staff'], 'FEN'),
    person('fen.2', ['staff'], 'FEN'),
    person('temizlik.1', ['staff'], 'TEMIZLIK'),
    person('karesi.staff', ['staff']),
    person('karesi.supervisor', ['supervisor']),
    person('karesi.manager', ['manager']),
    person('karesi.admin', ['admin']),
  ],
  settings: {
    departments: [{ code: 'FEN', supervisors: ['karesi.supervisor'] }],
    teams: [
      { id: 'karesi-fen-1', name: 'Fen 1', departmentCode: 'FEN', leader: 'karesi.staff' },
      { id: 'karesi-temizlik-1', name: 'Temizlik', departmentCode: 'TEMIZLIK' },
    ],
  },
};

const metro: TenantStaff = {
  tenantId: 'balikesir-bb',
  people: [person('metro.coordinator', ['coordinator']), person('metro.agent', ['agent'])],
};

const ids = (people: readonly { userId: string }[]) => people.map((p) => p.userId).sort();

function event(overrides: Partial<CaseEvent>): EventInput {
  return {
    type: 'routed',
    actor: { kind: 'system', id: 'routing' },
    status: 'ROUTED',
    tenantId: 'balikesir-karesi',
    departmentCode: 'FEN',
    ...overrides,
  };
}
type EventInput = Parameters<typeof eventRecipients>[0]['event'];

describe('who works a queue', () => {
  it("is the department's own people", () => {
    expect(ids(queueAudience(karesi, 'FEN'))).toEqual(['fen.1', 'fen.2']);
  });

  it('falls back to the supervisors the settings name, then to every supervisor', () => {
    expect(ids(queueAudience(karesi, 'PARK'))).toEqual(['karesi.supervisor']);
    const bare: TenantStaff = {
      ...karesi,
      people: karesi.people.filter((p) => p.departmentCode === undefined),
    };
    expect(ids(queueAudience(bare, 'FEN'))).toEqual(['karesi.supervisor']);
    expect(ids(supervisorsOf({ ...karesi, settings: undefined }, 'FEN'))).toEqual(['karesi.supervisor']);
  });
});

describe('who an assignment reaches', () => {
  it('a person: that person only', () => {
    expect(ids(assigneeAudience(karesi, { kind: 'user', id: 'fen.2' }))).toEqual(['fen.2']);
  });

  it("a team: its leader, else its department's people", () => {
    expect(ids(assigneeAudience(karesi, { kind: 'team', id: 'karesi-fen-1' }))).toEqual(['karesi.staff']);
    expect(ids(assigneeAudience(karesi, { kind: 'team', id: 'karesi-temizlik-1' }))).toEqual(['temizlik.1']);
    expect(assigneeAudience(karesi, { kind: 'team', id: 'unknown' })).toEqual([]);
  });
});

describe('SLA audiences', () => {
  const input = { owner: karesi, metro, departmentCode: 'FEN' };
  it('unit: the assignee, else the queue', () => {
    expect(
      ids(slaAudience({ ...input, audience: 'unit', assignee: { kind: 'user', id: 'fen.1' } }).people),
    ).toEqual(['fen.1']);
    expect(ids(slaAudience({ ...input, audience: 'unit' }).people)).toEqual(['fen.1', 'fen.2']);
  });

  it("supervisor, coordinator, manager: the department's head, the metro's coordinators, the tenant's managers", () => {
    expect(ids(slaAudience({ ...input, audience: 'supervisor' }).people)).toEqual(['karesi.supervisor']);
    const coordinators = slaAudience({ ...input, audience: 'coordinator' });
    expect(coordinators.tenantId).toBe('balikesir-bb');
    expect(ids(coordinators.people)).toEqual(['metro.coordinator']);
    expect(ids(slaAudience({ ...input, audience: 'manager' }).people)).toEqual(['karesi.manager']);
  });

  it('approaching warns; every higher level is a breach', () => {
    expect(slaReason('approaching')).toBe('sla-approaching');
    expect(slaReason('breached')).toBe('sla-breached');
    expect(slaReason('escalated-manager')).toBe('sla-breached');
  });
});

describe('recipients of a timeline event', () => {
  it('a case routed to a department: its people, new in their queue', () => {
    const out = eventRecipients({ event: event({}), eventTenant: karesi, metro, watchers: [] });
    expect(out.map((r) => [r.userId, r.reason]).sort()).toEqual([
      ['fen.1', 'new-in-queue'],
      ['fen.2', 'new-in-queue'],
    ]);
  });

  it('a case put into triage: the metropolitan coordinators', () => {
    const out = eventRecipients({
      event: event({ status: 'TRIAGE', tenantId: 'balikesir-bb', departmentCode: undefined }),
      eventTenant: metro,
      metro,
      watchers: [],
    });
    expect(out).toEqual([{ userId: 'metro.coordinator', tenantId: 'balikesir-bb', reason: 'new-in-queue' }]);
  });

  it('an assignment: the assignee, never the person who assigned', () => {
    const out = eventRecipients({
      event: event({
        type: 'assigned',
        status: 'ASSIGNED',
        actor: { kind: 'staff', id: 'karesi.supervisor', tenantId: 'balikesir-karesi' },
        data: { assignee: { kind: 'user', id: 'fen.1', name: 'Fen 1' } },
      }),
      eventTenant: karesi,
      metro,
      watchers: [
        { userId: 'karesi.supervisor', tenantId: 'balikesir-karesi' },
        { userId: 'fen.1', tenantId: 'balikesir-karesi' },
        { userId: 'metro.coordinator', tenantId: 'balikesir-bb' },
      ],
    });
    // fen.1 watches too, but hears once, as the assignee; the supervisor acted.
    expect(out.map((r) => [r.userId, r.reason]).sort()).toEqual([
      ['fen.1', 'assigned'],
      ['metro.coordinator', 'watched-update'],
    ]);
  });

  it('watchers hear of everything but their own actions and what an SLA alert already told them', () => {
    const out = eventRecipients({
      event: event({ type: 'comment', status: 'IN_PROGRESS', actor: { kind: 'staff', id: 'fen.1' } }),
      eventTenant: karesi,
      metro,
      watchers: [
        { userId: 'fen.1', tenantId: 'balikesir-karesi' },
        { userId: 'fen.2', tenantId: 'balikesir-karesi' },
        { userId: 'metro.coordinator', tenantId: 'balikesir-bb' },
      ],
      alreadyAlerted: new Set(['metro.coordinator']),
    });
    expect(out).toEqual([{ userId: 'fen.2', tenantId: 'balikesir-karesi', reason: 'watched-update' }]);
  });

  it('collapses to the most specific reason per person', () => {
    expect(
      collapseRecipients([
        { userId: 'a', tenantId: 't', reason: 'watched-update' },
        { userId: 'a', tenantId: 't', reason: 'new-in-queue' },
        { userId: 'a', tenantId: 't', reason: 'assigned' },
        { userId: 'b', tenantId: 't', reason: 'watched-update' },
      ]),
    ).toEqual([
      { userId: 'a', tenantId: 't', reason: 'assigned' },
      { userId: 'b', tenantId: 't', reason: 'watched-update' },
    ]);
  });
});

describe('dedupe keys', () => {
  const base = { at: '2026-11-20T08:00:00.000Z', caseId: 'c1', eventId: 'e1' };
  it('are the same for the same (case, event, reason), whenever computed', () => {
    expect(staffNotificationKey({ ...base, reason: 'assigned' })).toBe(
      staffNotificationKey({ ...base, reason: 'assigned' }),
    );
    expect(staffNotificationKey({ ...base, reason: 'assigned' })).toBe(
      '2026-11-20T08:00:00.000Z#c1#e1#assigned',
    );
  });

  it('differ per reason, event and case, and sort by the event time', () => {
    const keys = new Set([
      staffNotificationKey({ ...base, reason: 'assigned' }),
      staffNotificationKey({ ...base, reason: 'watched-update' }),
      staffNotificationKey({ ...base, eventId: 'e2', reason: 'assigned' }),
      staffNotificationKey({ ...base, caseId: 'c2', reason: 'assigned' }),
    ]);
    expect(keys.size).toBe(4);
    const earlier = staffNotificationKey({ ...base, at: '2026-11-19T08:00:00.000Z', reason: 'assigned' });
    expect(earlier < staffNotificationKey({ ...base, reason: 'assigned' })).toBe(true);
  });

  it('the e-mail key names the person and the entry, never an address', () => {
    expect(staffEmailDedupeKey('u-1', 'k')).toBe('staff#u-1#k');
  });
});

describe('contracts', () => {
  it('preferences: e-mail off or immediate, known reasons, duplicates dropped, Turkish by default', () => {
    expect(
      StaffNotificationPreferences.parse({ email: 'immediate', events: ['assigned', 'assigned'] }),
    ).toEqual({
      email: 'immediate',
      events: ['assigned'],
      language: 'tr',
    });
    expect(StaffNotificationPreferences.safeParse({ email: 'daily', events: [] }).success).toBe(false);
    expect(StaffNotificationPreferences.safeParse({ email: 'off', events: ['everything'] }).success).toBe(
      false,
    );
  });

  it('mark read: some ids or all, nothing else', () => {
    expect(MarkNotificationsRead.safeParse({ all: true }).success).toBe(true);
    expect(MarkNotificationsRead.safeParse({ ids: ['x'] }).success).toBe(true);
    expect(MarkNotificationsRead.safeParse({ all: false }).success).toBe(false);
    expect(MarkNotificationsRead.safeParse({ ids: [] }).success).toBe(false);
  });

  it('the e-mail holds the tracking number, work type, status, reason and link, in the chosen language', () => {
    const mail = staffNotificationEmail(
      {
        trackingNo: '482739150266',
        workTypeCode: 'ROAD-POTHOLE-LOCAL',
        workType: { tr: 'Yol çukuru', en: 'Pothole' },
        status: 'ASSIGNED',
        reason: 'assigned',
        link: '/panel/basvuru?id=c1',
      },
      'en',
      'https://kentmasasi.example',
    );
    expect(mail.subject).toContain('4827-3915-0266');
    expect(mail.text).toContain('Pothole');
    expect(mail.text).toContain('Assigned');
    expect(mail.text).toContain('https://kentmasasi.example/en/panel/basvuru?id=c1');
  });
});
