import { CityConfiguration, canOnTenant } from '@citydesk/domain';
import * as z from 'zod';
import { tenantCityRuntime } from '#platform/city-runtime.ts';
import { publishConfiguration } from '#platform/configuration-publishing.ts';
import { httpHandler, json, parseJsonBody, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * The city-wide standard catalogue and routing rules, which the metropolitan
 * municipality owns (Law 5216; the ~300 standardised work types): read and replaced
 * by the metropolitan tenant's admins. Districts and the utility tune them for
 * themselves through their own settings' overrides, never here.
 */

const Section = z.enum(['catalogue', 'routing']);
const MAX_SECTION_BYTES = 4 * 1024 * 1024;

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (
    !runtime ||
    principal.tenantId !== runtime.metroTenantId ||
    !canOnTenant(principal, 'settings.manage', principal.tenantId)
  ) {
    throw new ProblemError('forbidden', {
      tr: 'Şehrin standart iş türü kataloğunu yalnızca büyükşehir yöneticileri değiştirebilir.',
      en: "Only the metropolitan municipality's administrators may change the city's standard catalogue.",
    });
  }
  if (req.event.requestContext.http.method === 'GET') {
    const { catalogue, routing } = runtime.config;
    return json(200, { cityId: runtime.cityId, version: runtime.version, catalogue, routing }, req.lang);
  }
  const section = validate(Section, req.event.pathParameters?.section);
  const body = parseJsonBody(
    req,
    z
      .object({ expectedVersion: z.number().int().positive(), value: CityConfiguration.shape[section] })
      .strict(),
    MAX_SECTION_BYTES,
  );
  const { info } = await publishConfiguration({
    cityId: runtime.cityId,
    expectedVersion: body.expectedVersion,
    apply: (base) => ({ ...base, [section]: body.value }),
    touches: (c) => c[section],
    summary: `City ${section} changed`,
    action: `city.${section}.update`,
    principal,
    req,
  });
  return json(200, info, req.lang);
});
