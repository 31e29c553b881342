import type {
  ConfiguredTenant,
  LocalizedText,
  NotificationTemplate,
  Priority,
  RenderedMessage,
  TenantSettings,
  TenantSettingsSection,
} from '@citydesk/domain';
import { authedRequest } from './authed-fetch.ts';

/*
 * The tenant-settings API (admin-tenant-settings.ts). Every write carries the
 * configuration version the page loaded: a 409 `configuration-conflict` means someone
 * published meanwhile and the page must reload; a 400 or 422 carries `errors[]` with
 * the path of each problem (see settings-errors.ts).
 */

/** A work type of the city's standard catalogue, as the override editor shows it. */
export interface StandardWorkType {
  code: string;
  name: LocalizedText;
  group: string;
  keywords: string[];
  departmentCode: string;
  slaHours: number;
  defaultPriority: Priority;
}

/** What GET …/settings answers: the settings, the organisation's profile and the editor's reference data. */
export interface TenantSettingsView {
  cityId: string;
  cityName: string;
  version: number;
  tenant: Omit<ConfiguredTenant, 'settings' | 'boundary'>;
  settings: TenantSettings;
  reference: {
    departments: { code: string; name: LocalizedText }[];
    institutions: { id: string; name: LocalizedText }[];
    groups: { code: string; name: LocalizedText }[];
    workTypes: StandardWorkType[];
  };
}

/** One published configuration version that changed this tenant or the whole city. */
export interface SettingsVersion {
  cityId: string;
  version: number;
  publishedAt: string;
  publishedBy: string;
  summary: string;
  tenantId?: string;
}

const base = (tenantId: string) => `/v1/admin/tenants/${encodeURIComponent(tenantId)}`;

export const fetchTenantSettings = (tenantId: string, signal?: AbortSignal) =>
  authedRequest<TenantSettingsView>('GET', `${base(tenantId)}/settings`, signal ? { signal } : {});

/** Saves one section; `null` removes an optional one (the logo). Answers with the new view. */
export function saveSettingsSection<S extends TenantSettingsSection>(
  tenantId: string,
  section: S,
  expectedVersion: number,
  value: TenantSettings[S] | null,
): Promise<TenantSettingsView> {
  return authedRequest<TenantSettingsView>('PUT', `${base(tenantId)}/settings/${section}`, {
    body: { expectedVersion, value },
  });
}

/** Replaces the whole settings (import). */
export const importTenantSettings = (tenantId: string, expectedVersion: number, settings: unknown) =>
  authedRequest<TenantSettingsView>('PUT', `${base(tenantId)}/settings`, {
    body: { expectedVersion, settings },
  });

export const fetchSettingsVersions = (tenantId: string) =>
  authedRequest<{ items: SettingsVersion[] }>('GET', `${base(tenantId)}/settings/versions`);

export const previewNotificationTemplate = (tenantId: string, template: NotificationTemplate) =>
  authedRequest<RenderedMessage>('POST', `${base(tenantId)}/template-preview`, { body: { template } });

/**
 * Re-times the tenant's open cases of one work type under the current SLA settings,
 * page by page until the API has no next cursor. Each page is idempotent, so a retry
 * after a failure re-times nothing twice.
 */
export async function reapplySla(
  tenantId: string,
  workTypeCode: string,
  onPage?: (totals: { retimed: number; skipped: number }) => void,
): Promise<{ retimed: number; skipped: number }> {
  const totals = { retimed: 0, skipped: 0 };
  let cursor: string | undefined;
  do {
    const page: { retimed: number; skipped: number; nextCursor?: string } = await authedRequest(
      'POST',
      `${base(tenantId)}/sla-reapply`,
      { body: { workTypeCode, ...(cursor ? { cursor } : {}) } },
    );
    totals.retimed += page.retimed;
    totals.skipped += page.skipped;
    onPage?.({ ...totals });
    cursor = page.nextCursor;
  } while (cursor);
  return totals;
}
