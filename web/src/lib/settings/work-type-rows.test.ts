import type { WorkTypeOverride } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import type { StandardWorkType } from '#lib/api/tenant-settings-api.ts';
import { effectiveSlaHours, filterWorkTypeRows, withOverride, workTypeRows } from './work-type-rows.ts';

const standard = (code: string, tr: string, en: string, keywords: string[] = []): StandardWorkType => ({
  code,
  name: { tr, en },
  group: 'ROAD',
  keywords,
  departmentCode: 'FEN',
  slaHours: 120,
  defaultPriority: 'normal',
});
const workTypes = [
  standard('ROAD-POTHOLE-LOCAL', 'Sokakta asfalt çukuru', 'Pothole on a local street', ['yama']),
  standard('LIGHT-OUT', 'Sokak ışığı yanmıyor', 'Street light out', ['aydınlatma']),
  standard('WASTE-MISSED', 'Çöp alınmadı', 'Rubbish not collected'),
];
const override = (code: string, extra: Partial<WorkTypeOverride> = {}): WorkTypeOverride => ({
  workTypeCode: code,
  enabled: true,
  alwaysTriage: false,
  questions: [],
  ...extra,
});

describe('work-type override rows', () => {
  const rows = workTypeRows(workTypes, [override('LIGHT-OUT', { slaHours: 24 })]);

  it('searches with Turkish folding in both languages, codes and keywords', () => {
    expect(filterWorkTypeRows(rows, 'cukur').map((r) => r.workType.code)).toEqual(['ROAD-POTHOLE-LOCAL']);
    expect(filterWorkTypeRows(rows, 'IŞIĞI').map((r) => r.workType.code)).toEqual(['LIGHT-OUT']);
    expect(filterWorkTypeRows(rows, 'ışığı').map((r) => r.workType.code)).toEqual(['LIGHT-OUT']);
    expect(filterWorkTypeRows(rows, 'rubbish').map((r) => r.workType.code)).toEqual(['WASTE-MISSED']);
    expect(filterWorkTypeRows(rows, 'road pothole').map((r) => r.workType.code)).toEqual([
      'ROAD-POTHOLE-LOCAL',
    ]);
    expect(filterWorkTypeRows(rows, 'sokak')).toHaveLength(2);
    expect(filterWorkTypeRows(rows, '', true).map((r) => r.workType.code)).toEqual(['LIGHT-OUT']);
  });

  it('shows the effective SLA', () => {
    expect(rows.map(effectiveSlaHours)).toEqual([120, 24, 120]);
  });

  it('replaces an override in place, appends a new one and drops one that says nothing', () => {
    const list = [override('LIGHT-OUT', { slaHours: 24 }), override('WASTE-MISSED', { priority: 'high' })];
    expect(withOverride(list, 'LIGHT-OUT', override('LIGHT-OUT', { slaHours: 12 }))).toEqual({
      list: [override('LIGHT-OUT', { slaHours: 12 }), list[1]],
      index: 0,
    });
    expect(
      withOverride(list, 'ROAD-POTHOLE-LOCAL', override('ROAD-POTHOLE-LOCAL', { slaHours: 24 })).index,
    ).toBe(2);
    expect(withOverride(list, 'LIGHT-OUT', override('LIGHT-OUT')).list).toEqual([list[1]]);
    expect(withOverride(list, 'WASTE-MISSED', undefined)).toEqual({ list: [list[0]], index: -1 });
  });
});
