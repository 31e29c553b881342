import {
  type CityConfiguration,
  ConfiguredNeighbourhood,
  ConfiguredTenant,
  canOnTenant,
  TenantId,
} from '@citydesk/domain';
import * as z from 'zod';
import { cityRuntime, configurationRepository } from '#platform/city-runtime.ts';
import { publishConfiguration } from '#platform/configuration-publishing.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * City and tenant setup, for platform operators only (the role above tenants):
 * onboard a city from its configuration document, export and re-import it, add a
 * district or utility with its boundary, and read the version history. Each change
 * is a new configuration version, audited in the same transaction.
 */

/** Balıkesir's document is ~200 kB; detailed official boundaries can be a few MB. */
const MAX_DOCUMENT_BYTES = 6 * 1024 * 1024;
const ExpectedVersion = z.number().int().positive();
const ConfigurationImport = z
  .object({ expectedVersion: ExpectedVersion, configuration: z.unknown() })
  .strict();
const TenantAddition = z
  .object({
    expectedVersion: ExpectedVersion,
    tenant: ConfiguredTenant,
    neighbourhoods: z.array(ConfiguredNeighbourhood).max(5000).default([]),
  })
  .strict();

const cityNotFound = (cityId: string) =>
  new ProblemError('city-not-found', {
    tr: `${cityId} şehri bu kurulumda tanımlı değil.`,
    en: `The city ${cityId} is not set up in this deployment.`,
  });

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  if (!canOnTenant(principal, 'tenant.onboard', principal.tenantId)) {
    throw new ProblemError('forbidden', {
      tr: 'Şehir ve kurum kurulumunu yalnızca platform operatörleri yapabilir.',
      en: 'Only platform operators may set up cities and organisations.',
    });
  }
  const { method, path } = req.event.requestContext.http;
  const rawCityId = req.event.pathParameters?.cityId;

  if (rawCityId === undefined) {
    if (method === 'GET') return json(200, { items: await configurationRepository.listCities() }, req.lang);
    // Onboarding: the whole document, validated by the same schemas as every later edit.
    const document = parseJsonBody(req, z.unknown(), MAX_DOCUMENT_BYTES);
    const cityId = validate(TenantId, (document as { city?: { id?: unknown } } | null)?.city?.id);
    if ((await configurationRepository.currentVersion(cityId)) !== undefined) {
      throw new ProblemError('configuration-conflict', {
        tr: `${cityId} şehri zaten kurulu; ayarlarını içe aktararak güncelleyin.`,
        en: `The city ${cityId} is already set up; import its configuration to change it.`,
      });
    }
    const { info, config } = await publishConfiguration({
      cityId,
      expectedVersion: undefined,
      apply: () => document,
      summary: `City onboarded: ${cityId}`,
      action: 'city.onboard',
      principal,
      req,
    });
    return json(201, { ...info, tenants: config.tenants.map((t) => t.id) }, req.lang, {
      location: `/v1/platform/cities/${cityId}/configuration`,
    });
  }

  const cityId = validate(TenantId, rawCityId);
  if ((await configurationRepository.currentVersion(cityId)) === undefined) throw cityNotFound(cityId);
  if (method === 'GET' && path.endsWith('/versions'))
    return json(200, { items: await configurationRepository.listVersions(cityId) }, req.lang);
  if (method === 'GET') {
    const runtime = await cityRuntime(cityId);
    return json(200, { version: runtime.version, configuration: runtime.config }, req.lang, {
      'content-disposition': `attachment; filename="${cityId}-v${runtime.version}.json"`,
    });
  }
  if (method === 'PUT') {
    const body = parseJsonBody(req, ConfigurationImport, MAX_DOCUMENT_BYTES);
    const { info } = await publishConfiguration({
      cityId,
      expectedVersion: body.expectedVersion,
      apply: () => body.configuration,
      summary: `Configuration imported for ${cityId}`,
      action: 'city.configuration.import',
      principal,
      req,
    });
    return json(200, info, req.lang);
  }
  // POST …/tenants: a new district or utility, with its boundary or neighbourhoods.
  const body = parseJsonBody(req, TenantAddition, MAX_DOCUMENT_BYTES);
  const { info } = await publishConfiguration({
    cityId,
    expectedVersion: body.expectedVersion,
    apply: (base) => {
      const config = base as CityConfiguration;
      if (config.tenants.some((t) => t.id === body.tenant.id)) {
        throw new ProblemError('configuration-conflict', {
          tr: `${body.tenant.id} bu şehirde zaten var.`,
          en: `${body.tenant.id} already exists in this city.`,
        });
      }
      return {
        ...config,
        tenants: [...config.tenants, body.tenant],
        neighbourhoods: [...config.neighbourhoods, ...body.neighbourhoods],
      };
    },
    // Adding a tenant commutes with any other change of the city.
    touches: (c) => c.tenants.some((t) => t.id === body.tenant.id),
    summary: `Organisation added: ${body.tenant.id}`,
    action: 'tenant.add',
    tenantId: body.tenant.id,
    principal,
    req,
  });
  return json(201, info, req.lang);
});
