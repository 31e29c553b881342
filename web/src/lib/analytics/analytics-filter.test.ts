import { describe, expect, it } from 'vitest';
import {
  filterFromSearch,
  filterToSearch,
  isIsoWeek,
  isoWeekOf,
  isoWeekRange,
  istanbulToday,
  nextIsoWeek,
  presetOf,
  presetRange,
  previousIsoWeek,
} from './analytics-filter.ts';

describe('ISO weeks', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(isoWeekOf('2026-12-07')).toBe('2026-W50');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    // 1 January 2027 is a Friday: it belongs to the last week of 2026, which has 53.
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
  });

  it('gives a week its Monday to Sunday and the week before', () => {
    expect(isoWeekRange('2026-W50')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(isoWeekRange('2025-W01')).toEqual({ from: '2024-12-30', to: '2025-01-05' });
    expect(previousIsoWeek('2026-W01')).toBe('2025-W52');
    expect(previousIsoWeek('2027-W01')).toBe('2026-W53');
    expect(nextIsoWeek('2026-W53')).toBe('2027-W01');
    expect(nextIsoWeek('2026-W49')).toBe('2026-W50');
  });

  it('accepts only weeks that exist', () => {
    expect(isIsoWeek('2026-W53')).toBe(true);
    expect(isIsoWeek('2025-W53')).toBe(false);
    expect(isIsoWeek('2026-W00')).toBe(false);
    expect(isIsoWeek('2026-50')).toBe(false);
  });
});

describe('date presets', () => {
  it("reads today in Türkiye's time", () => {
    // 22:30 UTC is already the next day in Istanbul.
    expect(istanbulToday(Date.parse('2026-12-06T22:30:00Z'))).toBe('2026-12-07');
    expect(istanbulToday(Date.parse('2026-12-06T20:30:00Z'))).toBe('2026-12-06');
  });

  it('computes each preset and recognises it again', () => {
    const today = '2026-12-09';
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
    expect(presetRange('7d', today)).toEqual({ from: '2026-12-03', to: today });
    expect(presetRange('30d', today)).toEqual({ from: '2026-11-10', to: today });
    expect(presetRange('month', today)).toEqual({ from: '2026-12-01', to: today });
    expect(presetRange('week', today)).toEqual({ from: '2026-12-07', to: today });
    expect(presetOf({ from: '2026-12-03', to: today }, today)).toBe('7d');
    expect(presetOf({ from: '2026-12-02', to: today }, today)).toBeUndefined();
  });
});

describe('the filter in the address', () => {
  const today = '2026-12-07';

  it('round-trips every filter', () => {
    const filter = {
      from: '2026-11-01',
      to: '2026-11-30',
      tenantId: 'karesi',
      departmentCode: 'FEN',
      workTypeGroup: 'ROAD',
      channel: 'whatsapp' as const,
    };
    expect(filterFromSearch(filterToSearch(filter), today)).toEqual(filter);
    expect(filterToSearch(filter).toString()).toBe(
      'from=2026-11-01&to=2026-11-30&tenantId=karesi&departmentCode=FEN&workTypeGroup=ROAD&channel=whatsapp',
    );
  });

  it('falls back to the last 30 days and drops what the API would refuse', () => {
    expect(
      filterFromSearch(new URLSearchParams('from=yesterday&channel=pigeon&tenantId=A B'), today),
    ).toEqual({
      from: '2026-11-08',
      to: today,
    });
  });

  it('puts a reversed range in order and cuts one longer than a year', () => {
    expect(filterFromSearch(new URLSearchParams('from=2026-12-01&to=2026-11-01'), today)).toMatchObject({
      from: '2026-11-01',
      to: '2026-12-01',
    });
    expect(filterFromSearch(new URLSearchParams('from=2020-01-01&to=2026-12-07'), today)).toMatchObject({
      from: '2025-12-07',
      to: '2026-12-07',
    });
  });
});
