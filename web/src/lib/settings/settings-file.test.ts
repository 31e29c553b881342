import { TenantSettings } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { parseSettingsFile, settingsFile, settingsFileName } from './settings-file.ts';

describe('settings export and import files', () => {
  const settings = TenantSettings.parse({ contact: { phone: '0266 239 00 00' } });

  it('round-trips an exported file', () => {
    const file = settingsFile(
      { tenantId: 'balikesir-karesi', cityId: 'balikesir', version: 7, settings },
      new Date('2026-11-20T09:00:00Z'),
    );
    expect(file.exportedAt).toBe('2026-11-20T09:00:00.000Z');
    expect(parseSettingsFile(JSON.stringify(file))).toEqual({
      ok: true,
      settings: JSON.parse(JSON.stringify(settings)),
      tenantId: 'balikesir-karesi',
      version: 7,
    });
    expect(settingsFileName('balikesir-karesi', 7)).toBe('balikesir-karesi-ayarlar-v7.json');
  });

  it('takes a bare settings object and refuses what is not one', () => {
    expect(parseSettingsFile('{"deputies":[]}')).toEqual({ ok: true, settings: { deputies: [] } });
    expect(parseSettingsFile('{ nope')).toEqual({ ok: false, reason: 'not-json' });
    expect(parseSettingsFile('[1,2]')).toEqual({ ok: false, reason: 'not-settings' });
    expect(parseSettingsFile('{"kind":"citydesk.tenant-settings","settings":3}')).toEqual({
      ok: false,
      reason: 'not-settings',
    });
  });
});
