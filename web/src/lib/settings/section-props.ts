import type { TenantSettings, TenantSettingsSection } from '@citydesk/domain';
import type { TenantSettingsView } from '#lib/api/tenant-settings-api.ts';
import type { LocatedError } from './settings-errors.ts';

/** What the settings page gives every section editor. */
export interface SectionProps {
  view: TenantSettingsView;
  /** The API's errors of the last failed save, placed by section (settings-errors.ts). */
  errors: LocatedError[];
  saving: boolean;
  /** Saves one section at the loaded version; false when it failed (the page shows why). */
  save: <S extends TenantSettingsSection>(section: S, value: TenantSettings[S] | null) => Promise<boolean>;
}
