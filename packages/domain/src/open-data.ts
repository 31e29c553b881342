import * as z from 'zod';
import { AnalyticsDay, neighbourhoodAreaId } from './analytics-contracts.ts';
import type { Case, CaseStatus, ResultCode } from './case.ts';
import type { Channel } from './channel.ts';
import type { Tabular, TabularKind } from './csv-format.ts';
import type { Language, LocalizedText } from './localized-text.ts';
import { open311Status, w3cDateTime } from './open311.ts';
import { TenantId } from './tenant.ts';

/*
 * The anonymised open-data export (docs/domain/exports-and-open-data.md): every case
 * filed in a window of days, with what it was about, where roughly, by whom it was
 * handled and how it ended, and nothing about who asked. Three shapes of the same
 * records: CSV, GeoJSON and an Open311 GeoReport v2 `service_requests` array.
 *
 * - No personal data: no contact, no address, no description, no public answer, no
 *   notes, no tracking number (the public track page would link a row back to a
 *   case's own texts). Free text is never published: it holds names and phone numbers.
 * - Times are cut to the hour: an exact minute and a rounded point can single out a
 *   call someone saw being made.
 * - Points snap to the nearest node of a 0.001° grid: cells of about 111 m
 *   north–south and 85 m east–west in Balıkesir
 *   (39.6° N). That is the "about 100 m" the issue asks for, matches the rounding of
 *   erased cases (personal-data.ts), and needs no library to reproduce.
 * - k-anonymity by area: a neighbourhood with fewer than k cases in the window gets no
 *   neighbourhood name and no point, only its district.
 * - Erased (KVKK) cases stay in the counts, without any location below the district.
 */

export const OPEN_DATA_MAX_DAYS = 31;
export const OPEN_DATA_DEFAULT_DAYS = 7;
/** Fewer cases than this in a neighbourhood within the window: published at district level only. */
export const OPEN_DATA_MIN_AREA_CASES = 5;
/** Grid of published points, in degrees. */
export const OPEN_DATA_GRID_DEGREES = 0.001;
/** At most this many records per answer; the answer says when it was cut off. */
export const OPEN_DATA_MAX_RECORDS = 20_000;

export const OpenDataQuery = z
  .object({
    from: AnalyticsDay.optional(),
    to: AnalyticsDay.optional(),
    city: TenantId.optional(),
    lang: z.enum(['tr', 'en']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'analytics.range-order', path: ['to'] })
  .refine(
    (q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < OPEN_DATA_MAX_DAYS,
    { error: 'open-data.range-too-long', path: ['to'] },
  );
export type OpenDataQuery = z.infer<typeof OpenDataQuery>;

const DAY_MS = 86_400_000;
/** Türkiye is UTC+3 all year: its days start at 21:00 UTC of the day before. */
const TURKEY_OFFSET_MS = 3 * 60 * 60 * 1000;

/** Today in Türkiye, `YYYY-MM-DD`. */
export const turkeyToday = (now: Date) =>
  new Date(now.getTime() + TURKEY_OFFSET_MS).toISOString().slice(0, 10);

/**
 * The window of a query as filing instants: `from` 00:00 to the end of `to` in Türkiye
 * time. Without dates, the last 7 days up to today; with one, the other follows from
 * the default length.
 */
export function openDataWindow(
  query: Pick<OpenDataQuery, 'from' | 'to'>,
  now: Date,
): { from: string; to: string; start: string; end: string } {
  const span = (OPEN_DATA_DEFAULT_DAYS - 1) * DAY_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const to = query.to ?? (query.from ? day(Date.parse(query.from) + span) : turkeyToday(now));
  const from = query.from ?? day(Date.parse(to) - span);
  return {
    from,
    to,
    start: new Date(Date.parse(from) - TURKEY_OFFSET_MS).toISOString(),
    end: new Date(Date.parse(to) + DAY_MS - TURKEY_OFFSET_MS - 1).toISOString(),
  };
}

/** A coordinate on the published grid (to the nearest node, 3 decimals). */
export function snapToGrid(degrees: number): number {
  return Number((Math.round(degrees / OPEN_DATA_GRID_DEGREES) * OPEN_DATA_GRID_DEGREES).toFixed(3));
}

/** An instant cut to its hour (UTC), as W3C datetime. */
export function truncateToHour(iso: string): string {
  const ms = Date.parse(iso);
  return w3cDateTime(new Date(ms - (ms % 3_600_000)));
}

/** How precisely a record is placed. */
export type LocationPrecision = 'grid' | 'district' | 'none';

/** One published case. Field names are the CSV header and the GeoJSON property names. */
export interface OpenDataRecord {
  id: string;
  requested_at: string;
  updated_at: string;
  closed_at: string | null;
  status: CaseStatus;
  result_code: ResultCode | null;
  work_type_code: string;
  work_type_name_tr: string;
  work_type_name_en: string;
  work_type_group: string | null;
  channel: Channel;
  organisation_id: string | null;
  organisation_name: string | null;
  department_code: string | null;
  district_id: string | null;
  district_name: string | null;
  neighbourhood: string | null;
  lat: number | null;
  lon: number | null;
  location_precision: LocationPrecision;
  sla_due_at: string;
}

/** Names and groups from the case's city configuration. */
export interface OpenDataLookup {
  workType(code: string): { name: LocalizedText; group: string } | undefined;
  tenantName(tenantId: string): string | undefined;
}

/**
 * The published records of `cases` (all of one window: k-anonymity counts within it).
 * `publicId` gives each case an identifier that leads nowhere else (not the tracking
 * number, not the case id).
 */
export function openDataRecords(
  cases: readonly Case[],
  lookup: OpenDataLookup,
  publicId: (c: Case) => string,
  k = OPEN_DATA_MIN_AREA_CASES,
): OpenDataRecord[] {
  const areaOf = (c: Case) =>
    c.location?.districtTenantId
      ? neighbourhoodAreaId(c.location.districtTenantId, c.location.neighbourhood ?? '')
      : undefined;
  const perArea = new Map<string, number>();
  for (const c of cases) {
    const area = areaOf(c);
    if (area !== undefined) perArea.set(area, (perArea.get(area) ?? 0) + 1);
  }
  return cases.map((c) => {
    const workType = lookup.workType(c.workTypeCode);
    const district = c.location?.districtTenantId;
    const area = areaOf(c);
    const crowded = area !== undefined && (perArea.get(area) ?? 0) >= k;
    const erased = c.anonymisedAt !== undefined;
    // A point without a district (not routed yet) cannot be counted per area: it is not published.
    const precise = crowded && !erased && c.location !== undefined;
    const closedAt = c.closedAt ?? c.cancelledAt;
    return {
      id: publicId(c),
      requested_at: truncateToHour(c.createdAt),
      updated_at: truncateToHour(c.updatedAt),
      closed_at: closedAt ? truncateToHour(closedAt) : null,
      status: c.status,
      result_code: c.result?.code ?? null,
      work_type_code: c.workTypeCode,
      work_type_name_tr: workType?.name.tr ?? c.workTypeCode,
      work_type_name_en: workType?.name.en ?? c.workTypeCode,
      work_type_group: workType?.group ?? null,
      channel: c.channel,
      organisation_id: c.ownerTenantId ?? null,
      organisation_name: c.ownerTenantId ? (lookup.tenantName(c.ownerTenantId) ?? c.ownerTenantId) : null,
      department_code: c.ownerDepartmentCode ?? null,
      district_id: district ?? null,
      district_name: district ? (lookup.tenantName(district) ?? district) : null,
      neighbourhood: precise ? (c.location?.neighbourhood ?? null) : null,
      lat: precise && c.location ? snapToGrid(c.location.lat) : null,
      lon: precise && c.location ? snapToGrid(c.location.lon) : null,
      location_precision: precise ? 'grid' : district ? 'district' : 'none',
      sla_due_at: truncateToHour(c.slaDueAt),
    };
  });
}

const FIELD_KINDS: [keyof OpenDataRecord, TabularKind][] = [
  ['id', 'text'],
  ['requested_at', 'datetime'],
  ['updated_at', 'datetime'],
  ['closed_at', 'datetime'],
  ['status', 'text'],
  ['result_code', 'text'],
  ['work_type_code', 'text'],
  ['work_type_name_tr', 'text'],
  ['work_type_name_en', 'text'],
  ['work_type_group', 'text'],
  ['channel', 'text'],
  ['organisation_id', 'text'],
  ['organisation_name', 'text'],
  ['department_code', 'text'],
  ['district_id', 'text'],
  ['district_name', 'text'],
  ['neighbourhood', 'text'],
  ['lat', 'decimal'],
  ['lon', 'decimal'],
  ['location_precision', 'text'],
  ['sla_due_at', 'datetime'],
];

/** The records as a table whose headers are the field names (stable, language-neutral). */
export function openDataTable(records: readonly OpenDataRecord[]): Tabular {
  return {
    columns: FIELD_KINDS.map(([key, kind]) => ({ key, kind, header: key })),
    rows: records.map((r) => FIELD_KINDS.map(([key]) => r[key])),
  };
}

/** RFC 7946: a Point per placed record, `geometry: null` for those placed only by district. */
export function openDataGeoJson(
  records: readonly OpenDataRecord[],
  meta: { from: string; to: string; truncated: boolean },
) {
  return {
    type: 'FeatureCollection' as const,
    // Foreign members (RFC 7946 §6.1): what a reader needs to interpret the points.
    metadata: {
      ...meta,
      licence: 'CC BY 4.0',
      gridDegrees: OPEN_DATA_GRID_DEGREES,
      minimumAreaCases: OPEN_DATA_MIN_AREA_CASES,
    },
    features: records.map(({ lat, lon, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      geometry: lat !== null && lon !== null ? { type: 'Point' as const, coordinates: [lon, lat] } : null,
      properties,
    })),
  };
}

const isFinished = (status: CaseStatus) =>
  status === 'RESOLVED' || status === 'CLOSED' || status === 'CANCELLED';

/**
 * The records as Open311 GeoReport v2 `service_requests` (docs/open311.md): the
 * description is the work type's name, never the citizen's text; no address, no
 * status notes (a public answer may repeat what the citizen wrote).
 */
export function openDataOpen311Requests(records: readonly OpenDataRecord[], lang: Language) {
  return records.map((r) => {
    const name = lang === 'tr' ? r.work_type_name_tr : r.work_type_name_en;
    return {
      service_request_id: r.id,
      status: open311Status(r.status),
      service_name: name,
      service_code: r.work_type_code,
      description: name,
      ...(r.organisation_name ? { agency_responsible: r.organisation_name } : {}),
      requested_datetime: r.requested_at,
      updated_datetime: r.updated_at,
      ...(isFinished(r.status) ? {} : { expected_datetime: r.sla_due_at }),
      ...(r.lat !== null && r.lon !== null ? { lat: r.lat, long: r.lon } : {}),
    };
  });
}
