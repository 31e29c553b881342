import { createHash } from 'node:crypto';
import { createDocumentClient, mainTable, OpenCaseMapRepository, requireEnv } from '@citydesk/data';
import {
  analyticsAccess,
  clusterGridLatitude,
  formatTrackingNumber,
  MapLevel,
  type OpenCaseMapPoint,
  OpenCaseMapQuery,
  openCaseMap,
  type Principal,
} from '@citydesk/domain';
import { mapAreas } from '@citydesk/domain/map-geometry';
import * as z from 'zod';
import { type CityRuntime, tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, httpHandler, json, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';

/*
 * The analytics map's own data (docs/domain/maps.md); the choropleth's figures come
 * from the dashboard aggregates (GET /v1/staff/analytics/choropleth).
 * - GET /v1/staff/analytics/geometry?level=district|neighbourhood: the city's areas as
 *   GeoJSON (approximate, generated), the same for every reader of the city, so it is
 *   cacheable by the browser (ETag, one hour);
 * - GET /v1/staff/analytics/open-cases?south&west&north&east&zoom&<filters>: the open
 *   cases in the box, clustered when zoomed out, one by one when zoomed in.
 * Who: the analytics readers (analytics-access.ts, the dashboard's rule). A reader of
 * one tenant sees only the open cases that tenant owns; the metropolitan municipality's
 * managers and coordinators see the city or any one tenant of it.
 */

const openCases = new OpenCaseMapRepository({
  doc: createDocumentClient(),
  mainTableName: requireEnv(mainTable.envVar),
});

/** The most open cases one answer reads: enough for a city's backlog, bounded for a Lambda. */
export const MAX_MAP_READ = 5_000;

const MapGeometryQuery = z.object({ level: MapLevel.default('district') }).strict();
/** The maps never cross the antimeridian: a box must run west to east. */
const OpenCaseBoxQuery = OpenCaseMapQuery.refine((q) => q.west <= q.east, {
  error: 'analytics.bbox',
  path: ['east'],
});

const forbidden = () =>
  new ProblemError('forbidden', {
    tr: 'Bu kurumun analiz haritasını görme yetkiniz yok.',
    en: "You may not see this organisation's analytics map.",
  });

async function readerCity(principal: Principal): Promise<CityRuntime> {
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw forbidden();
  return runtime;
}

/**
 * The tenants whose open cases the principal may see on the map, by the analytics
 * rule (analytics-access.ts): the one asked for, or the principal's own, or (the
 * metro's managers and coordinators, without `tenantId`) every tenant of the city. A
 * tenant the principal may not read, or of another city, is 403.
 */
function tenantsInScope(principal: Principal, runtime: CityRuntime, tenantId: string | undefined): string[] {
  const access = analyticsAccess(principal, tenantId);
  if (!access.allowed) throw forbidden();
  if (access.tenantId === undefined) return [...runtime.tenantsById.keys()];
  if (!runtime.tenantsById.has(access.tenantId)) throw forbidden();
  return [access.tenantId];
}

async function geometry(req: HttpRequest, principal: Principal) {
  const query = validate(MapGeometryQuery, req.event.queryStringParameters ?? {});
  // Boundaries are the city's, not any tenant's data; still only analytics readers get them.
  if (!analyticsAccess(principal, principal.tenantId).allowed) throw forbidden();
  const runtime = await readerCity(principal);
  const body = JSON.stringify(mapAreas(runtime.cityId, runtime.config, query.level));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  // Private: the route needs a token, so only the reader's browser may keep a copy.
  const headers = { etag, 'cache-control': 'private, max-age=3600' };
  if (req.header('if-none-match') === etag) return { ...json(304, null, req.lang, headers), body: '' };
  return {
    ...json(200, null, req.lang, { ...headers, 'content-type': 'application/geo+json; charset=utf-8' }),
    body,
  };
}

async function openCasesInBox(req: HttpRequest, principal: Principal) {
  const query = validate(OpenCaseBoxQuery, req.event.queryStringParameters ?? {});
  const runtime = await readerCity(principal);
  const tenants = tenantsInScope(principal, runtime, query.tenantId);
  const box = { south: query.south, west: query.west, north: query.north, east: query.east };
  const groupOf = (code: string) => runtime.workTypesByCode.get(code)?.group;
  const now = new Date().toISOString();
  const found: OpenCaseMapPoint[] = [];
  let complete = true;
  for (const tenantId of tenants) {
    const room = MAX_MAP_READ - found.length;
    if (room <= 0) {
      complete = false;
      break;
    }
    const read = await openCases.openCasesInBox({
      tenantId,
      box,
      limit: room,
      ...(query.departmentCode ? { departmentCode: query.departmentCode } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
    });
    complete &&= read.complete;
    for (const c of read.cases) {
      if (query.workTypeGroup && groupOf(c.workTypeCode) !== query.workTypeGroup) continue;
      const workType = runtime.workTypesByCode.get(c.workTypeCode);
      found.push({
        id: c.id,
        trackingNo: formatTrackingNumber(c.trackingNo),
        lat: c.lat,
        lon: c.lon,
        workTypeCode: c.workTypeCode,
        workTypeName: workType?.name ?? { tr: c.workTypeCode, en: c.workTypeCode },
        status: c.status,
        priority: c.priority,
        overdue: c.slaDueAt < now,
      });
    }
  }
  const seat = runtime.tenantsById.get(runtime.metroTenantId)?.seat;
  return json(
    200,
    openCaseMap(found, { zoom: query.zoom, gridLat: clusterGridLatitude(seat?.lat ?? 0), complete }),
    req.lang,
  );
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  return req.event.rawPath.endsWith('/geometry') ? geometry(req, principal) : openCasesInBox(req, principal);
});
