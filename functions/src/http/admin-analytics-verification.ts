import { canVerifyAnalytics, TenantId } from '@citydesk/domain';
import * as z from 'zod';
import { verifyCityAnalytics } from '#platform/analytics-verification.ts';
import { cityIdOfTenant, defaultCityId } from '#platform/city-runtime.ts';
import { httpHandler, json, parseJsonBody } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * POST /v1/admin/analytics/verification: recomputes a city's aggregates from its cases
 * and reports every counter that differs from the stored rows (docs/domain/analytics.md
 * § Verification). The metropolitan municipality's admins verify their own city,
 * platform operators any (`cityId`, default the deployment's city). Read-only: it
 * reports drift, it does not repair it. The same check runs weekly (the
 * VerifyAnalytics schedule) and from a shell (`npm run analytics:verify`).
 */

const VerificationRequest = z
  .object({
    cityId: TenantId.optional(),
    /** Events younger than this (seconds) and not yet applied count as in flight, not drift. */
    settleSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .strict();

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const body = req.event.body ? parseJsonBody(req, VerificationRequest) : {};
  const reach = canVerifyAnalytics(principal);
  if (!reach)
    throw new ProblemError('forbidden', {
      tr: 'Analiz doğrulamasını yalnızca büyükşehir yöneticileri ve platform operatörleri çalıştırabilir.',
      en: 'Only the metropolitan administrators and platform operators may run the analytics verification.',
    });
  let cityId = body.cityId ?? defaultCityId;
  if (reach === 'own-city') {
    const own = await cityIdOfTenant(principal.tenantId);
    if (!own || (body.cityId && body.cityId !== own))
      throw new ProblemError('forbidden', {
        tr: 'Yalnızca kendi şehrinizin analizlerini doğrulayabilirsiniz.',
        en: "You may verify only your own city's analytics.",
      });
    cityId = own;
  }
  const report = await verifyCityAnalytics(cityId, {
    ...(body.settleSeconds !== undefined ? { settleSeconds: body.settleSeconds } : {}),
  });
  return json(200, report, req.lang);
});
