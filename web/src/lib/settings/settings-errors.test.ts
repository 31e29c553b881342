import { describe, expect, it } from 'vitest';
import { errorAt, errorsUnder, locateSettingsErrors } from './settings-errors.ts';

describe('locating settings errors', () => {
  it('places a saved section’s shape errors relative to the section', () => {
    const located = locateSettingsErrors(
      [
        { path: 'value.0.slaHours', message: 'too small' },
        { path: 'value', message: 'not a list' },
        { path: 'expectedVersion', message: 'missing' },
      ],
      'workTypeOverrides',
    );
    expect(located).toEqual([
      { section: 'workTypeOverrides', path: '0.slaHours', message: 'too small' },
      { section: 'workTypeOverrides', path: '', message: 'not a list' },
      { section: undefined, path: 'expectedVersion', message: 'missing' },
    ]);
    expect(errorAt(located, 'workTypeOverrides', '0.slaHours')).toBe('too small');
  });

  it('places the city-wide checks and import errors in their section', () => {
    const located = locateSettingsErrors([
      { path: 'tenants.3.settings.deputies', message: 'cycle' },
      { path: 'tenants.3.settings.workTypeOverrides.2.departmentCode', message: 'unknown department' },
      { path: 'settings.calendar.workingHours.start', message: 'bad time' },
      { path: 'tenants.3.boundary', message: 'not ours' },
    ]);
    expect(located.map((e) => [e.section, e.path])).toEqual([
      ['deputies', ''],
      ['workTypeOverrides', '2.departmentCode'],
      ['calendar', 'workingHours.start'],
      [undefined, 'tenants.3.boundary'],
    ]);
    expect(errorsUnder(located, 'workTypeOverrides', '2').map((e) => e.message)).toEqual([
      'unknown department',
    ]);
    expect(errorsUnder(located, 'workTypeOverrides', '1')).toEqual([]);
  });
});
