import { demoCityCatalog } from '@citydesk/domain/demo-city';
import { describe, expect, it } from 'vitest';
import { createWorkTypeSearch } from './work-type-search.ts';

const catalog = demoCityCatalog();
const publicCatalog = {
  groups: catalog.groups,
  workTypes: catalog.workTypes.map((w) => ({
    code: w.code,
    name: w.name,
    group: w.group,
    kind: w.kind,
    requiresLocation: w.requiresLocation,
    keywords: w.keywords,
    tenantLevel: w.tenantLevel,
    departmentCode: w.departmentCode,
  })),
};
const turkish = createWorkTypeSearch(publicCatalog, 'tr');
const english = createWorkTypeSearch(publicCatalog, 'en');

/** Codes in the order the picker shows them. */
const codes = (search: typeof turkish, query: string) =>
  search.search(query).flatMap((g) => g.workTypes.map((w) => w.code));

describe('work-type search', () => {
  it('lists every work type for an empty query', () => {
    expect(codes(turkish, '')).toHaveLength(catalog.workTypes.length);
  });

  it.each(['çukur', 'cukur', 'ÇUKUR', 'Çukurlar', 'cukurlari', 'çukuru'])(
    '"%s" finds the pothole work types first',
    (query) => {
      expect(codes(turkish, query).slice(0, 2).sort()).toEqual([
        'ROAD-POTHOLE-ARTERIAL',
        'ROAD-POTHOLE-LOCAL',
      ]);
    },
  );

  it('finds a work type from inflected words of its name', () => {
    expect(codes(turkish, 'ağaçlar budanmalı')[0]).toBe('TREE-PRUNING');
    expect(codes(turkish, 'agaclar budanmali')[0]).toBe('TREE-PRUNING');
    expect(codes(turkish, 'sokak lambaları yanmıyor')[0]).toBe('LIGHT-STREETLIGHT-OUT');
    expect(codes(turkish, 'sokakta cukur')[0]).toBe('ROAD-POTHOLE-LOCAL');
  });

  it('finds a work type by its keywords, folded and inflected', () => {
    expect(codes(turkish, 'vidanjör')).toContain('SEWER-SEPTIC');
    expect(codes(turkish, 'VIDANJOR')).toContain('SEWER-SEPTIC');
    expect(codes(turkish, 'rögar kapağı')[0]).toBe('SEWER-MANHOLE-MISSING');
  });

  it('matches what is typed so far', () => {
    expect(codes(turkish, 'kaldır')).toContain('SIDEWALK-DAMAGE-LOCAL');
    expect(codes(turkish, 'ISIK')).toContain('TRAFFIC-SIGNAL-FAILURE');
  });

  it('ignores filler words but keeps every subject word required', () => {
    expect(codes(turkish, 'sokakta bir çukur var')[0]).toBe('ROAD-POTHOLE-LOCAL');
    expect(codes(turkish, 'çukur zürafa')).toEqual([]);
  });

  it('searches English names for English visitors', () => {
    expect(codes(english, 'pothole')[0]).toMatch(/^ROAD-POTHOLE-/);
    expect(codes(english, 'streetlight')).toContain('LIGHT-STREETLIGHT-OUT');
  });

  it('groups the results by catalogue group, the best group first', () => {
    const groups = turkish.search('köpek');
    expect(groups[0]?.code).toBe('ANIMAL');
    expect(groups[0]?.name.tr).toBeTruthy();
  });
});
