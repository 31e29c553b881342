import { describe, expect, it } from 'vitest';
import type { Case, CaseStatus } from './case.ts';
import {
  DEFAULT_DUPLICATE_RULE,
  DuplicateDetectionSettings,
  duplicatePublicAnswer,
  duplicateRuleFor,
  duplicateWindowStart,
  rankDuplicateCandidates,
} from './duplicate-detection.ts';
import type { WorkType } from './work-type.ts';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const POINT = { lat: 39.6484, lon: 27.8826 };
/** About `metres` north of POINT. */
const north = (metres: number) => ({ lat: POINT.lat + metres / 111_195, lon: POINT.lon });

const pothole: WorkType = {
  code: 'ROAD-POTHOLE',
  name: { tr: 'Yol çukuru', en: 'Pothole' },
  group: 'ROAD',
  kind: 'complaint',
  tenantLevel: 'district',
  departmentCode: 'FEN',
  slaHours: 72,
  defaultPriority: 'normal',
  requiresLocation: true,
  keywords: [],
};
const GROUPS: Record<string, string> = {
  'ROAD-POTHOLE': 'ROAD',
  'ROAD-ASPHALT': 'ROAD',
  'PARK-TREE': 'PARK',
};

let n = 0;
function aCase(extra: Partial<Case> & { at?: { lat: number; lon: number }; ageDays?: number } = {}): Case {
  const { at = POINT, ageDays = 1, ...rest } = extra;
  n++;
  const created = new Date(NOW.getTime() - ageDays * 86_400_000).toISOString();
  return {
    id: `01J9Z3M6W8X2Y4Q5R7S9T${String(n).padStart(5, '0')}`,
    cityId: 'balikesir',
    trackingNo: `4827391502${String(n).padStart(2, '0')}`,
    status: 'ROUTED' as CaseStatus,
    workTypeCode: 'ROAD-POTHOLE',
    catalogVersion: '1',
    kind: 'complaint',
    priority: 'normal',
    channel: 'web',
    description: 'Çukur var',
    location: { lat: at.lat, lon: at.lon },
    attachments: [],
    consent: { accepted: true, noticeVersion: '1' },
    createdAt: created,
    updatedAt: created,
    slaDueAt: NOW.toISOString(),
    version: 1,
    ...rest,
  };
}

const rank = (cases: Case[], rule = duplicateRuleFor('ROAD')) =>
  rankDuplicateCandidates({
    point: POINT,
    workType: pothole,
    cases,
    rule,
    now: NOW,
    groupOf: (code) => GROUPS[code],
  });

describe('duplicate rules', () => {
  it('takes the city’s group rule, then the built-in one, then the city’s or built-in default', () => {
    const settings = DuplicateDetectionSettings.parse({
      radiusMetres: 250,
      windowDays: 5,
      groups: [{ group: 'ROAD', radiusMetres: 60, windowDays: 10 }],
    });
    expect(duplicateRuleFor('ROAD', settings)).toEqual({ radiusMetres: 60, windowDays: 10 });
    expect(duplicateRuleFor('ROAD')).toEqual({ radiusMetres: 100, windowDays: 30 });
    expect(duplicateRuleFor('WATER', settings)).toEqual({ radiusMetres: 500, windowDays: 3 });
    expect(duplicateRuleFor('CULTURE', settings)).toEqual({ radiusMetres: 250, windowDays: 5 });
    expect(duplicateRuleFor('CULTURE')).toEqual(DEFAULT_DUPLICATE_RULE);
  });

  it('refuses radii the geohash neighbours would not cover, and silly windows', () => {
    expect(DuplicateDetectionSettings.safeParse({ radiusMetres: 5000 }).success).toBe(false);
    expect(DuplicateDetectionSettings.safeParse({ windowDays: 0 }).success).toBe(false);
    expect(DuplicateDetectionSettings.parse({})).toEqual({ enabled: true, groups: [] });
  });

  it('starts the window `windowDays` before now', () => {
    expect(duplicateWindowStart({ radiusMetres: 100, windowDays: 2 }, NOW)).toBe('2026-12-05T09:00:00.000Z');
  });
});

describe('rankDuplicateCandidates', () => {
  it('keeps open cases of the same work type or group within the radius and window', () => {
    const near = aCase({ at: north(40) });
    const sameGroup = aCase({ workTypeCode: 'ROAD-ASPHALT', at: north(20) });
    const tooFar = aCase({ at: north(150) });
    const tooOld = aCase({ ageDays: 31 });
    const closed = aCase({ status: 'CLOSED' });
    const resolved = aCase({ status: 'RESOLVED' });
    const otherGroup = aCase({ workTypeCode: 'PARK-TREE' });
    const unlocated = aCase();
    delete unlocated.location;
    const ranked = rank([tooFar, sameGroup, tooOld, closed, resolved, otherGroup, unlocated, near]);
    expect(ranked.map((r) => r.case.id)).toEqual([near.id, sameGroup.id]);
    expect(ranked[0]).toMatchObject({ sameWorkType: true, distanceMetres: 40 });
    expect(ranked[1]).toMatchObject({ sameWorkType: false, distanceMetres: 20 });
  });

  it('ranks the nearest first, then the newest, counts a case read from two cells once, and stops at five', () => {
    const a = aCase({ at: north(30), ageDays: 3 });
    const b = aCase({ at: north(30), ageDays: 1 });
    const c = aCase({ at: north(10) });
    const many = Array.from({ length: 6 }, (_, i) => aCase({ at: north(50 + i) }));
    const ranked = rank([a, b, c, c, ...many]);
    expect(ranked.map((r) => r.case.id).slice(0, 3)).toEqual([c.id, b.id, a.id]);
    expect(ranked).toHaveLength(5);
  });

  it('includes each open status, NEW to ON_HOLD', () => {
    const statuses: CaseStatus[] = [
      'NEW',
      'TRIAGE',
      'ROUTED',
      'ACCEPTED',
      'ASSIGNED',
      'IN_PROGRESS',
      'ON_HOLD',
    ];
    const ranked = rankDuplicateCandidates({
      point: POINT,
      workType: pothole,
      cases: statuses.map((status) => aCase({ status })),
      rule: duplicateRuleFor('ROAD'),
      now: NOW,
      groupOf: (code) => GROUPS[code],
      limit: 10,
    });
    expect(ranked).toHaveLength(statuses.length);
  });
});

describe('duplicatePublicAnswer', () => {
  it('names the master’s tracking number, grouped for reading, in both languages', () => {
    const answer = duplicatePublicAnswer('482739150266');
    expect(answer.tr).toContain('4827-3915-0266');
    expect(answer.en).toContain('4827-3915-0266');
  });
});
