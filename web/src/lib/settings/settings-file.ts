import type { TenantSettings } from '@citydesk/domain';

/*
 * The export file of a tenant's settings: the settings document itself, wrapped with
 * where and when it came from, so that a file is recognisable on a desk. Import takes
 * the wrapper or a bare settings object; the API validates it with the same schemas
 * as every section save.
 */

export const SETTINGS_FILE_KIND = 'citydesk.tenant-settings';

export interface SettingsFile {
  kind: typeof SETTINGS_FILE_KIND;
  tenantId: string;
  cityId: string;
  version: number;
  exportedAt: string;
  settings: TenantSettings;
}

export function settingsFile(
  source: { tenantId: string; cityId: string; version: number; settings: TenantSettings },
  now: Date,
): SettingsFile {
  return { kind: SETTINGS_FILE_KIND, ...source, exportedAt: now.toISOString() };
}

export const settingsFileName = (tenantId: string, version: number) => `${tenantId}-ayarlar-v${version}.json`;

export type ParsedSettingsFile =
  | { ok: true; settings: Record<string, unknown>; tenantId?: string; version?: number }
  | { ok: false; reason: 'not-json' | 'not-settings' };

/** Reads an uploaded file's text: a settings file from the export, or a bare settings object. */
export function parseSettingsFile(text: string): ParsedSettingsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { ok: false, reason: 'not-settings' };
  const record = json as Record<string, unknown>;
  if (record.kind === SETTINGS_FILE_KIND) {
    const settings = record.settings;
    if (!settings || typeof settings !== 'object' || Array.isArray(settings))
      return { ok: false, reason: 'not-settings' };
    return {
      ok: true,
      settings: settings as Record<string, unknown>,
      ...(typeof record.tenantId === 'string' ? { tenantId: record.tenantId } : {}),
      ...(typeof record.version === 'number' ? { version: record.version } : {}),
    };
  }
  return { ok: true, settings: record };
}
