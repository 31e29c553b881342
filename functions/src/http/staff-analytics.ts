import { AnalyticsFilter, ChoroplethQuery, NowQuery } from '@citydesk/domain';
import { readChoropleth, readDashboard, readNow } from '#platform/analytics-dashboard.ts';
import { httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';

/*
 * The analytics reads (docs/domain/analytics.md), one module for the three routes:
 * - GET /v1/staff/analytics/dashboard?from&to[&tenantId&departmentCode&workTypeGroup&channel]
 * - GET /v1/staff/analytics/now[?tenantId]: the wall screen, polled every 30 s
 * - GET /v1/staff/analytics/choropleth?level=district|neighbourhood&<the dashboard's filter>
 * Managers, supervisors, coordinators and admins read their own tenant; the metro's
 * managers and coordinators the whole city or any tenant (analytics-access.ts). Every
 * answer comes from the aggregate rows: its cost does not grow with the cases.
 */
export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  const query = req.event.queryStringParameters ?? {};
  switch (req.event.routeKey) {
    case 'GET /v1/staff/analytics/now': {
      const { tenantId } = validate(NowQuery, query);
      return json(200, await readNow(principal, tenantId), req.lang);
    }
    case 'GET /v1/staff/analytics/choropleth': {
      const { level, ...filter } = query;
      const { level: parsedLevel } = validate(ChoroplethQuery, level === undefined ? {} : { level });
      return json(
        200,
        await readChoropleth(principal, validate(AnalyticsFilter, filter), parsedLevel),
        req.lang,
      );
    }
    default:
      return json(200, await readDashboard(principal, validate(AnalyticsFilter, query), req.lang), req.lang);
  }
});
