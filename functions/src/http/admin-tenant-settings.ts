import {
  type CityConfiguration,
  canOnTenant,
  NotificationTemplate,
  type Principal,
  previewTemplate,
  SmsTooLongError,
  TENANT_SETTINGS_SECTIONS,
  TenantId,
  TenantSettings,
  type TenantSettingsSection,
} from '@citydesk/domain';
import * as z from 'zod';
import { type CityRuntime, configurationRepository, tenantCityRuntime } from '#platform/city-runtime.ts';
import { publishConfiguration } from '#platform/configuration-publishing.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { reapplySla, SlaReapplyRequest } from '#platform/sla-reapply.ts';

/*
 * A tenant's own settings (tenant administration): read, import as a whole, save one
 * section, see the history, and — explicitly — re-time open cases after an SLA
 * change. Tenant admins reach their own tenant only; platform operators any tenant
 * (they set a new tenant up before it has an admin). Everything else is a 404, so
 * other tenants' existence does not leak.
 */

const ExpectedVersion = z.number().int().positive();
const SettingsImport = z.object({ expectedVersion: ExpectedVersion, settings: TenantSettings }).strict();
const Section = z.enum(TENANT_SETTINGS_SECTIONS);
/** A settings document with 1,000 overrides and their questions stays well under this. */
const MAX_SETTINGS_BYTES = 2 * 1024 * 1024;

const tenantNotFound = () =>
  new ProblemError('tenant-not-found', {
    tr: 'Bu kurum bulunamadı ya da ayarlarını yönetme yetkiniz yok.',
    en: 'This organisation does not exist or you may not manage its settings.',
  });

async function settingsRuntime(principal: Principal, tenantId: string): Promise<CityRuntime> {
  const allowed =
    canOnTenant(principal, 'settings.manage', tenantId) || canOnTenant(principal, 'tenant.onboard', tenantId);
  const runtime = allowed ? await tenantCityRuntime(tenantId) : undefined;
  if (!runtime) throw tenantNotFound();
  return runtime;
}

function tenantOf(config: CityConfiguration, tenantId: string) {
  const tenant = config.tenants.find((t) => t.id === tenantId);
  if (!tenant) throw tenantNotFound();
  return tenant;
}

/**
 * The settings and what the editor needs to fill them: the standard departments,
 * institutions and the standard catalogue. The catalogue comes from here rather than
 * the public one because the editor must show each work type's standard SLA and
 * priority, and list the work types the metropolitan municipality has switched off
 * (which the public catalogue leaves out) so that they can be switched on again.
 */
function settingsView(runtime: CityRuntime, tenantId: string) {
  const { config } = runtime;
  const { settings, boundary: _boundary, ...profile } = tenantOf(config, tenantId);
  return {
    cityId: runtime.cityId,
    cityName: config.city.name,
    version: runtime.version,
    tenant: profile,
    settings,
    reference: {
      departments: config.catalogue.departments,
      institutions: config.routing.institutions.map((i) => ({ id: i.id, name: i.name })),
      groups: config.catalogue.groups.map((g) => ({ code: g.code, name: g.name })),
      workTypes: config.catalogue.workTypes.map((w) => ({
        code: w.code,
        name: w.name,
        group: w.group,
        keywords: w.keywords,
        departmentCode: w.departmentCode,
        slaHours: w.slaHours,
        defaultPriority: w.defaultPriority,
      })),
    },
  };
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const tenantId = validate(TenantId, req.event.pathParameters?.tenantId);
  const runtime = await settingsRuntime(principal, tenantId);
  const { method, path } = req.event.requestContext.http;
  const rawSection = req.event.pathParameters?.section;

  if (method === 'GET' && path.endsWith('/versions')) {
    const versions = await configurationRepository.listVersions(runtime.cityId);
    // City-wide changes concern every tenant; another tenant's own changes are its business.
    return json(200, { items: versions.filter((v) => !v.tenantId || v.tenantId === tenantId) }, req.lang);
  }
  if (method === 'GET') return json(200, settingsView(runtime, tenantId), req.lang);
  if (method === 'POST' && path.endsWith('/template-preview')) {
    const { template } = parseJsonBody(req, z.object({ template: NotificationTemplate }).strict());
    try {
      return json(200, previewTemplate(template), req.lang);
    } catch (err) {
      if (!(err instanceof SmsTooLongError)) throw err;
      throw new ProblemError('business-rule-violated', undefined, [
        {
          path: 'template.body',
          message: {
            tr: `Bu SMS ${err.segments} parça tutuyor; en fazla 3 parçaya sığmalı.`,
            en: `This SMS takes ${err.segments} segments; it must fit in 3.`,
          },
        },
      ]);
    }
  }
  if (method === 'POST' && path.endsWith('/sla-reapply')) {
    const body = parseJsonBody(req, SlaReapplyRequest);
    return json(200, await reapplySla({ runtime, tenantId, request: body, principal, req }), req.lang);
  }

  const edit = rawSection
    ? sectionEdit(validate(Section, rawSection), req)
    : (() => {
        const body = parseJsonBody(req, SettingsImport, MAX_SETTINGS_BYTES);
        return {
          expectedVersion: body.expectedVersion,
          replace: () => body.settings,
          summary: `${tenantId}: settings imported`,
          touches: (c: CityConfiguration) => tenantOf(c, tenantId).settings,
        };
      })();
  const { config } = await publishConfiguration({
    cityId: runtime.cityId,
    expectedVersion: edit.expectedVersion,
    apply: (base) => {
      if (!base) throw tenantNotFound();
      return {
        ...base,
        tenants: base.tenants.map((t) =>
          t.id === tenantId ? { ...t, settings: edit.replace(t.settings) } : t,
        ),
      };
    },
    touches: edit.touches,
    summary: edit.summary,
    action: 'tenant.settings.update',
    tenantId,
    principal,
    req,
  });
  const after = await tenantCityRuntime(tenantId);
  return json(
    200,
    after ? settingsView(after, tenantId) : { settings: tenantOf(config, tenantId).settings },
    req.lang,
  );

  function sectionEdit(section: TenantSettingsSection, request: typeof req) {
    const schema = z
      .object({ expectedVersion: ExpectedVersion, value: TenantSettings.shape[section].nullable() })
      .strict();
    const body = parseJsonBody(request, schema, MAX_SETTINGS_BYTES);
    return {
      expectedVersion: body.expectedVersion,
      replace: (current: TenantSettings) => {
        const next = { ...current } as Record<string, unknown>;
        if (body.value === null) delete next[section];
        else next[section] = body.value;
        return next as TenantSettings;
      },
      summary: `${tenantId}: ${section}`,
      touches: (c: CityConfiguration) => tenantOf(c, tenantId).settings[section] ?? null,
    };
  }
});
