import type { AnalyticsFilter, ChoroplethResponse, MapLevel, OpenCaseMapResponse } from '@citydesk/domain';
import { analyticsQuery } from '#lib/api/analytics-api.ts';
import { authedRequest } from '#lib/api/authed-fetch.ts';

/*
 * The analytics map's reads (docs/domain/maps.md): the city's areas as GeoJSON, the
 * choropleth's figures per area (the dashboard's aggregates), and the open cases in
 * the visible box. The API decides who may read which organisation; a 403 problem
 * says so.
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** A district or neighbourhood polygon, `id` = the choropleth's `areaId`. */
export interface MapAreaFeature {
  type: 'Feature';
  id: string;
  properties: { areaId: string; name: string; districtTenantId: string };
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export interface MapAreaCollection {
  type: 'FeatureCollection';
  level: MapLevel;
  cityId: string;
  approximate: boolean;
  features: MapAreaFeature[];
}

/** The city's areas at a level (the browser keeps them an hour: they change with the configuration only). */
export function fetchMapGeometry(level: MapLevel, signal?: AbortSignal): Promise<MapAreaCollection> {
  return authedRequest<MapAreaCollection>('GET', `/v1/staff/analytics/geometry?level=${level}`, opts(signal));
}

/** Cases opened per area in the filter's range, with each area's most frequent work type. */
export function fetchChoropleth(
  filter: AnalyticsFilter,
  level: MapLevel,
  signal?: AbortSignal,
): Promise<ChoroplethResponse> {
  const params = analyticsQuery(filter);
  params.set('level', level);
  return authedRequest<ChoroplethResponse>('GET', `/v1/staff/analytics/choropleth?${params}`, opts(signal));
}

export interface MapView {
  south: number;
  west: number;
  north: number;
  east: number;
  zoom: number;
}

/** The open cases the filter selects inside the box: clusters zoomed out, cases zoomed in. */
export function fetchOpenCases(
  view: MapView,
  filter: Omit<AnalyticsFilter, 'from' | 'to'>,
  signal?: AbortSignal,
): Promise<OpenCaseMapResponse> {
  const round = (v: number) => v.toFixed(5);
  const params = new URLSearchParams({
    south: round(Math.max(-90, view.south)),
    west: round(Math.max(-180, view.west)),
    north: round(Math.min(90, view.north)),
    east: round(Math.min(180, view.east)),
    zoom: String(Math.round(view.zoom)),
  });
  for (const key of ['tenantId', 'departmentCode', 'workTypeGroup', 'channel'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return authedRequest<OpenCaseMapResponse>('GET', `/v1/staff/analytics/open-cases?${params}`, opts(signal));
}
