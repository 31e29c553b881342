import {
  CityConfiguration,
  ConfiguredNeighbourhood,
  ConfiguredTenant,
  NotificationTemplate,
  ProblemDetails,
  TenantSettings,
} from '@citydesk/domain';
import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';

/*
 * OpenAPI operations of city and tenant administration (platform-cities.ts,
 * admin-tenant-settings.ts, admin-city-catalogue.ts), merged into apiOperations.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});
const security = [{ cognitoIdToken: [] }];
const VersionInfo = z.object({
  cityId: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  summary: z.string(),
  tenantId: z.string().optional(),
});
const published = {
  description: 'The new configuration version',
  content: { 'application/json': { schema: VersionInfo } },
};
const invalid = problem(
  'The document does not hold together: every problem with its path, in Turkish and English',
);
const conflict = problem('Someone published meanwhile (`currentVersion`): reload and redo the change');
const TenantSettingsView = z.object({
  cityId: z.string(),
  cityName: z.string(),
  version: z.number().int(),
  tenant: ConfiguredTenant.omit({ settings: true, boundary: true }),
  settings: TenantSettings,
  reference: z.object({
    departments: z.array(z.object({ code: z.string(), name: z.object({ tr: z.string(), en: z.string() }) })),
    institutions: z.array(z.object({ id: z.string(), name: z.object({ tr: z.string(), en: z.string() }) })),
    groups: z.array(z.object({ code: z.string(), name: z.object({ tr: z.string(), en: z.string() }) })),
    /** The standard catalogue as the override editor shows it, switched-off work types included. */
    workTypes: z.array(
      z.object({
        code: z.string(),
        name: z.object({ tr: z.string(), en: z.string() }),
        group: z.string(),
        keywords: z.array(z.string()),
        departmentCode: z.string(),
        slaHours: z.number().int(),
        defaultPriority: z.string(),
      }),
    ),
  }),
});
const tenantPath = z.object({ tenantId: z.string() });
const cityPath = z.object({ cityId: z.string() });

export const configurationOperations: Record<string, ZodOpenApiOperationObject> = {
  PlatformListCities: {
    operationId: 'listCities',
    summary: 'The cities of this deployment (platform operators)',
    tags: ['platform-admin'],
    security,
    responses: {
      '200': {
        description: 'Cities',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(
                z.object({
                  cityId: z.string(),
                  name: z.string(),
                  currentVersion: z.number(),
                  updatedAt: z.string(),
                }),
              ),
            }),
          },
        },
      },
      '403': problem('Platform operators only'),
    },
  },
  PlatformOnboardCity: {
    operationId: 'onboardCity',
    summary: 'Onboard a city from its whole configuration document (the Balıkesir seed is one)',
    tags: ['platform-admin'],
    security,
    requestBody: { required: true, content: { 'application/json': { schema: CityConfiguration } } },
    responses: { '201': published, '409': problem('The city exists already'), '422': invalid },
  },
  PlatformExportCity: {
    operationId: 'exportCityConfiguration',
    summary: "Export a city's current configuration document",
    tags: ['platform-admin'],
    security,
    requestParams: { path: cityPath },
    responses: {
      '200': {
        description: 'The document and its version',
        content: {
          'application/json': {
            schema: z.object({ version: z.number().int(), configuration: CityConfiguration }),
          },
        },
      },
      '404': problem('No such city'),
    },
  },
  PlatformImportCity: {
    operationId: 'importCityConfiguration',
    summary: "Replace a city's configuration with a new version",
    tags: ['platform-admin'],
    security,
    requestParams: { path: cityPath },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ expectedVersion: z.number().int(), configuration: CityConfiguration }),
        },
      },
    },
    responses: { '200': published, '409': conflict, '422': invalid },
  },
  PlatformAddTenant: {
    operationId: 'addTenant',
    summary: 'Add a district or utility to a city, with its boundary (GeoJSON) or neighbourhood list',
    tags: ['platform-admin'],
    security,
    requestParams: { path: cityPath },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            expectedVersion: z.number().int(),
            tenant: ConfiguredTenant,
            neighbourhoods: z.array(ConfiguredNeighbourhood).optional(),
          }),
        },
      },
    },
    responses: { '201': published, '409': conflict, '422': invalid },
  },
  PlatformCityVersions: {
    operationId: 'listCityConfigurationVersions',
    summary: "A city's configuration versions, newest first",
    tags: ['platform-admin'],
    security,
    requestParams: { path: cityPath },
    responses: {
      '200': {
        description: 'Versions',
        content: { 'application/json': { schema: z.object({ items: z.array(VersionInfo) }) } },
      },
    },
  },
  AdminGetTenantSettings: {
    operationId: 'getTenantSettings',
    summary: "A tenant's settings (export) with the reference data its editor needs",
    tags: ['admin'],
    security,
    requestParams: { path: tenantPath },
    responses: {
      '200': { description: 'Settings', content: { 'application/json': { schema: TenantSettingsView } } },
      '404': problem('No such tenant, or not yours'),
    },
  },
  AdminImportTenantSettings: {
    operationId: 'importTenantSettings',
    summary: "Replace a tenant's whole settings (import)",
    tags: ['admin'],
    security,
    requestParams: { path: tenantPath },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ expectedVersion: z.number().int(), settings: TenantSettings }),
        },
      },
    },
    responses: {
      '200': { description: 'Saved', content: { 'application/json': { schema: TenantSettingsView } } },
      '409': conflict,
      '422': invalid,
    },
  },
  AdminSaveTenantSettingsSection: {
    operationId: 'saveTenantSettingsSection',
    summary:
      'Save one section: contact, logo, departments, teams, deputies, calendar, workTypeOverrides or resultTexts',
    tags: ['admin'],
    security,
    requestParams: { path: z.object({ tenantId: z.string(), section: z.string() }) },
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            expectedVersion: z.number().int(),
            value: z.unknown().meta({
              description: 'The section in the shape of TenantSettings.<section>; null removes the logo',
            }),
          }),
        },
      },
    },
    responses: {
      '200': { description: 'Saved', content: { 'application/json': { schema: TenantSettingsView } } },
      '409': conflict,
      '422': invalid,
    },
  },
  AdminTenantSettingsVersions: {
    operationId: 'listTenantSettingsVersions',
    summary: "Configuration versions that changed this tenant's settings or the whole city",
    tags: ['admin'],
    security,
    requestParams: { path: tenantPath },
    responses: {
      '200': {
        description: 'Versions',
        content: { 'application/json': { schema: z.object({ items: z.array(VersionInfo) }) } },
      },
    },
  },
  AdminReapplySla: {
    operationId: 'reapplySla',
    summary:
      "Explicitly re-time the tenant's open cases of a work type under the current SLA settings (paged)",
    tags: ['admin'],
    security,
    requestParams: { path: tenantPath },
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: z.object({ workTypeCode: z.string(), cursor: z.string().optional() }) },
      },
    },
    responses: {
      '200': {
        description: 'Cases re-timed in this page',
        content: {
          'application/json': {
            schema: z.object({ retimed: z.number(), skipped: z.number(), nextCursor: z.string().optional() }),
          },
        },
      },
    },
  },
  AdminPreviewTemplate: {
    operationId: 'previewNotificationTemplate',
    summary: 'Render a notification template with sample values: text, subject, SMS encoding and segments',
    tags: ['admin'],
    security,
    requestParams: { path: tenantPath },
    requestBody: {
      required: true,
      content: { 'application/json': { schema: z.object({ template: NotificationTemplate }) } },
    },
    responses: {
      '200': {
        description: 'The rendered message',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
      '400': problem('The template has unknown variables or a syntax error'),
      '422': problem('The SMS would not fit in 3 segments'),
    },
  },
  AdminGetCityCatalogue: {
    operationId: 'getCityCatalogue',
    summary: "The city's standard catalogue and routing rules (metropolitan admins)",
    tags: ['admin'],
    security,
    responses: {
      '200': {
        description: 'Catalogue and routing',
        content: { 'application/json': { schema: z.object({}).loose() } },
      },
    },
  },
  AdminSaveCityCatalogue: {
    operationId: 'saveCityCatalogueSection',
    summary: 'Replace the standard catalogue or the routing rules (metropolitan admins)',
    tags: ['admin'],
    security,
    requestParams: { path: z.object({ section: z.enum(['catalogue', 'routing']) }) },
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: z.object({ expectedVersion: z.number().int(), value: z.unknown() }) },
      },
    },
    responses: { '200': published, '409': conflict, '422': invalid },
  },
};
