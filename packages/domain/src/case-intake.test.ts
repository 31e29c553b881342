import { describe, expect, it } from 'vitest';
import { workingHoursBetween } from './business-calendar.ts';
import { applyRouting, checkSubmissionRules, openCase } from './case-intake.ts';
import { decideRouting } from './case-routing.ts';
import { demoCityBoundaries, demoCityCatalog, demoRoutingConfig } from './demo-city.ts';
import { createDistrictLocator } from './district-locator.ts';
import { PublicCaseSubmission } from './public-contracts.ts';
import { defaultCalendar } from './sla-clock.ts';

const catalog = demoCityCatalog();
const pothole = catalog.workTypes.find((w) => w.code === 'ROAD-POTHOLE-LOCAL');
if (!pothole) throw new Error('catalogue lacks ROAD-POTHOLE-LOCAL');

const submission = PublicCaseSubmission.parse({
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  description: 'Sokağın ortasında derin bir çukur var, araçlar zarar görüyor.',
  location: { lat: 39.6505, lon: 27.889, neighbourhood: 'Gümüşçeşme' },
  contact: {
    name: 'Ayşe Yılmaz',
    phone: '0532 123 45 67',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
});

const opened = openCase({
  submission,
  workType: pothole,
  cityId: 'balikesir',
  catalogVersion: catalog.version,
  caseId: '01JD0000000000000000000000',
  eventId: '01JD0000000000000000000001',
  trackingNo: '482739150266',
  actor: { kind: 'citizen' },
  now: new Date('2026-11-22T08:00:00Z'),
  calendar: defaultCalendar,
});

describe('opening a case', () => {
  it('normalises the phone to E.164 and defaults the channel to web', () => {
    expect(submission.contact?.phone).toBe('+905321234567');
    expect(submission.channel).toBe('web');
  });

  it('starts NEW at version 1 with the SLA of the work type and an intent to route', () => {
    expect(opened.case).toMatchObject({ status: 'NEW', version: 1, priority: pothole.defaultPriority });
    // Filed on a Sunday: the clock counts working hours only, from Monday 08:30.
    const due = new Date(opened.case.slaDueAt);
    expect(workingHoursBetween(new Date(opened.case.createdAt), due, defaultCalendar)).toBe(pothole.slaHours);
    expect(opened.case.legalDueAt).toBeUndefined();
    expect(opened.event).toMatchObject({ type: 'created', visibility: 'public', status: 'NEW' });
    expect(opened.intents).toEqual([
      { intent: 'route-case', caseId: opened.case.id, eventId: opened.event.eventId },
      { intent: 'analytics', caseId: opened.case.id, eventId: opened.event.eventId, eventType: 'created' },
    ]);
  });

  it('keeps the legal clock of a CİMER application: 30 days, to the end of a working day', () => {
    const cimer = openCase({
      submission,
      channel: 'cimer',
      workType: pothole,
      cityId: 'balikesir',
      catalogVersion: catalog.version,
      caseId: '01JD0000000000000000000002',
      eventId: '01JD0000000000000000000003',
      trackingNo: '482739150274',
      actor: { kind: 'staff', id: 'agent-1' },
      // Monday 2 November 2026: day 30 is Wednesday 2 December, due at 17:30 Istanbul time.
      now: new Date('2026-11-02T07:00:00Z'),
      calendar: defaultCalendar,
    });
    expect(cimer.case.legalDueAt).toBe('2026-12-02T14:30:00.000Z');
  });

  it('requires a location when the work type does', () => {
    const { location: _omit, ...rest } = submission;
    expect(checkSubmissionRules(rest, pothole)).toEqual([{ path: 'location', message: 'location.required' }]);
    expect(checkSubmissionRules(submission, pothole)).toEqual([]);
  });

  it('rejects unknown fields, a bad phone and missing consent', () => {
    const bad = PublicCaseSubmission.safeParse({
      ...submission,
      extra: 1,
      contact: { ...submission.contact, phone: '123' },
      consent: { accepted: false, noticeVersion: '2026-11' },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain('phone.invalid');
    expect(messages).toContain('consent.required');
    expect(bad.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('requires the phone for SMS notifications', () => {
    const r = PublicCaseSubmission.safeParse({
      ...submission,
      contact: { preference: { channel: 'sms', granularity: 'result_only', language: 'en' } },
    });
    expect(r.error?.issues[0]).toMatchObject({
      path: ['contact', 'phone'],
      message: 'contact.phone-required',
    });
  });
});

describe('routing a case', () => {
  const context = {
    catalog,
    config: demoRoutingConfig(),
    locate: createDistrictLocator(catalog, demoCityBoundaries()),
  };
  const decision = decideRouting(context, {
    workType: pothole,
    location: opened.case.location,
    description: opened.case.description,
  });
  let n = 0;
  const ids = () => `01JD00000000000000000001${String(n++).padStart(2, '0')}`;
  const routed = applyRouting(opened.case, decision, ids, new Date('2026-11-22T08:00:05Z'));

  it('moves NEW to ROUTED with the owner, bumps the version and records a public event', () => {
    expect(routed?.after).toMatchObject({
      status: 'ROUTED',
      ownerTenantId: decision.tenantId,
      ownerDepartmentCode: 'FEN',
      version: 2,
    });
    expect(routed?.events[0]).toMatchObject({
      type: 'routed',
      tenantId: decision.tenantId,
      visibility: 'public',
    });
  });

  it('is idempotent: an already routed case is left alone', () => {
    if (!routed) throw new Error('not routed');
    expect(applyRouting(routed.after, decision, ids, new Date())).toBeUndefined();
  });
});
