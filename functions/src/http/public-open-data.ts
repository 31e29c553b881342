import { createHash } from 'node:crypto';
import { createDocumentClient, mainTable, Open311Repository, requireEnv } from '@citydesk/data';
import {
  type Case,
  machineCsvOptions,
  OPEN_DATA_MAX_RECORDS,
  OpenDataQuery,
  type OpenDataRecord,
  openDataGeoJson,
  openDataOpen311Requests,
  openDataRecords,
  openDataTable,
  openDataWindow,
  turkeyToday,
} from '@citydesk/domain';
import { type CityRuntime, publicCityRuntime } from '#platform/city-runtime.ts';
import { type HttpResult, httpHandler, json, validate } from '#platform/http-handler.ts';
import { tabularResponse } from '#platform/tabular-export.ts';

/*
 * Anonymised open data of a city (docs/domain/exports-and-open-data.md), public and
 * without a login, for a window of at most 31 days (the last 7 by default):
 * - GET /v1/public/open-data/cases.csv
 * - GET /v1/public/open-data/cases.geojson
 * - GET /v1/public/open-data/open311-requests.json (GeoReport v2 service_requests)
 * The records come from packages/domain open-data.ts: no personal data, times to the
 * hour, points on a 0.001° grid, small neighbourhoods only by district.
 */

// The owner index by filing time (gsi4 `OWNER#<tenant>`), as the Open311 reads walk it.
const filedCases = new Open311Repository(createDocumentClient(), requireEnv(mainTable.envVar));

/** Tenants read at once: enough to overlap round trips, few enough to stay under the table's read rate. */
const CONCURRENT_TENANTS = 4;

/**
 * An identifier that leads nowhere: the case id (a ULID with 80 random bits, never
 * public) hashed, so a record is stable across downloads but cannot be turned into a
 * tracking number or a case.
 */
const publicId = (c: Case) =>
  createHash('sha256').update(`open-data:${c.id}`).digest('base64url').slice(0, 16);

/** Every case of the city filed in the window, newest first, at most the cap (+1 to tell it was cut). */
async function casesOf(runtime: CityRuntime, start: string, end: string): Promise<Case[]> {
  const tenants = [...runtime.tenantsById.keys()];
  const found: Case[] = [];
  for (let i = 0; i < tenants.length; i += CONCURRENT_TENANTS) {
    const batch = await Promise.all(
      tenants
        .slice(i, i + CONCURRENT_TENANTS)
        .map((t) => filedCases.casesFiledBetween(t, start, end, OPEN_DATA_MAX_RECORDS + 1)),
    );
    for (const cases of batch) found.push(...cases.filter((c) => c.cityId === runtime.cityId));
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const handler = httpHandler(async (req): Promise<HttpResult> => {
  const query = validate(OpenDataQuery, req.event.queryStringParameters ?? {});
  const runtime = await publicCityRuntime(query.city === undefined ? {} : { city: query.city });
  const now = new Date();
  const window = openDataWindow(query, now);
  const cases = await casesOf(runtime, window.start, window.end);
  const truncated = cases.length > OPEN_DATA_MAX_RECORDS;
  const records: OpenDataRecord[] = openDataRecords(
    cases.slice(0, OPEN_DATA_MAX_RECORDS),
    {
      workType: (code) => runtime.workTypesByCode.get(code),
      tenantName: (id) => runtime.tenantsById.get(id)?.shortName,
    },
    publicId,
  );
  // A window that ended before today no longer changes (but for late edits of status): cache longer.
  const headers: Record<string, string> = {
    'cache-control': `public, max-age=${window.to < turkeyToday(now) ? 3600 : 300}`,
    'x-open-data-window': `${window.from}/${window.to}`,
    'x-open-data-records': String(records.length),
    ...(truncated ? { 'x-open-data-truncated': String(OPEN_DATA_MAX_RECORDS) } : {}),
  };
  const lang = query.lang ?? req.lang;
  const fileStem = `kent-masasi-acik-veri-${runtime.cityId}-${window.from}_${window.to}`;
  switch (req.event.routeKey) {
    case 'GET /v1/public/open-data/cases.csv':
      return tabularResponse(openDataTable(records), {
        format: 'csv',
        fileStem,
        sheetName: 'cases',
        lang,
        csv: machineCsvOptions,
        headers,
      });
    case 'GET /v1/public/open-data/cases.geojson':
      return json(200, openDataGeoJson(records, { from: window.from, to: window.to, truncated }), lang, {
        ...headers,
        'content-type': 'application/geo+json; charset=utf-8',
        'content-disposition': `attachment; filename="${fileStem}.geojson"`,
      });
    default:
      return json(200, openDataOpen311Requests(records, lang), lang, headers);
  }
});
