import { TENANT_SETTINGS_SECTIONS, type TenantSettingsSection } from '@citydesk/domain';

/*
 * Where a settings error belongs. The API reports each problem with a path in the
 * document it checked, and that document depends on the check that failed:
 *   - the shape of a saved section (400): `value.0.slaHours`, relative to the section;
 *   - the shape of an import (400): `settings.deputies.0.deputy`;
 *   - the cross-references of the whole city (422): `tenants.3.settings.deputies`.
 * The editor needs "which section, which field of it", so every form can put the
 * message next to the field and a section can list what has no field of its own
 * (a deputy cycle is about the whole list).
 */

export interface LocatedError {
  /** The settings section the problem is in; undefined when it is about the request itself. */
  section: TenantSettingsSection | undefined;
  /** The path inside the section (`0.slaHours`), '' for the section as a whole. */
  path: string;
  message: string;
}

const isSection = (name: string | undefined): name is TenantSettingsSection =>
  (TENANT_SETTINGS_SECTIONS as readonly string[]).includes(name ?? '');

function locate(path: string, saved: TenantSettingsSection | undefined): Omit<LocatedError, 'message'> {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'value' && saved) return { section: saved, path: parts.slice(1).join('.') };
  if (parts[0] === 'settings' && isSection(parts[1]))
    return { section: parts[1], path: parts.slice(2).join('.') };
  const at = parts.indexOf('settings');
  if (parts[0] === 'tenants' && at > 0 && isSection(parts[at + 1]))
    return { section: parts[at + 1] as TenantSettingsSection, path: parts.slice(at + 2).join('.') };
  return { section: undefined, path };
}

/** Places each error of a problem response; `saved` is the section the request saved, if one. */
export function locateSettingsErrors(
  errors: readonly { path: string; message: string }[],
  saved?: TenantSettingsSection,
): LocatedError[] {
  return errors.map((e) => ({ ...locate(e.path, saved), message: e.message }));
}

/** The message for one field of a section, if the API had one for it. */
export function errorAt(errors: readonly LocatedError[], section: TenantSettingsSection, path: string) {
  return errors.find((e) => e.section === section && e.path === path)?.message;
}

/** Every message of a section whose path starts with `prefix` (a row: `3.`), for showing beside it. */
export function errorsUnder(errors: readonly LocatedError[], section: TenantSettingsSection, prefix: string) {
  return errors.filter(
    (e) => e.section === section && (e.path === prefix || e.path.startsWith(`${prefix}.`)),
  );
}
