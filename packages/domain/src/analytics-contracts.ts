import * as z from 'zod';
import { CaseStatus, ResultCode } from './case.ts';
import { Channel } from './channel.ts';
import { LocalizedText } from './localized-text.ts';
import { TenantId, TenantType } from './tenant.ts';
import { Priority } from './work-type.ts';

/*
 * What the analytics API answers (docs/domain/analytics.md). The dashboards, the wall
 * screen, the maps and the exports all read these shapes; the aggregates behind them
 * are kept by the analytics consumer, so every answer costs the same whether the city
 * stored a thousand cases or a million.
 */

/** The longest range one dashboard reads: a year of day buckets. */
export const MAX_ANALYTICS_RANGE_DAYS = 366;

/** A local calendar day in Türkiye (UTC+3, no DST since 2016): the aggregates' day. */
export const AnalyticsDay = z.iso.date({ error: 'analytics.day' });

/**
 * The filters every analytics read takes. `tenantId` absent means "the whole city"
 * (metropolitan managers and coordinators only; everyone else is pinned to their own
 * tenant). `to` is inclusive.
 */
export const AnalyticsFilter = z
  .object({
    from: AnalyticsDay,
    to: AnalyticsDay,
    tenantId: TenantId.optional(),
    departmentCode: z.string().trim().min(1).max(40).optional(),
    workTypeGroup: z.string().trim().min(1).max(40).optional(),
    channel: Channel.optional(),
  })
  .strict()
  .refine((f) => f.from <= f.to, { error: 'analytics.range-order', path: ['to'] })
  .refine((f) => (Date.parse(f.to) - Date.parse(f.from)) / 86_400_000 < MAX_ANALYTICS_RANGE_DAYS, {
    error: 'analytics.range-too-long',
    path: ['to'],
  });
export type AnalyticsFilter = z.infer<typeof AnalyticsFilter>;

/** Average and median resolution time, in hours; null when nothing was resolved. */
const ResolutionTime = {
  resolved: z.number().int().nonnegative(),
  averageHours: z.number().nonnegative().nullable(),
  /** Estimated from the resolution-time histogram (docs/domain/analytics.md). */
  medianHours: z.number().nonnegative().nullable(),
};

/** SLA outcome of the cases resolved in the range; `compliance` = met / (met + missed). */
export const SlaCompliance = z
  .object({
    met: z.number().int().nonnegative(),
    missed: z.number().int().nonnegative(),
    compliance: z.number().min(0).max(1).nullable(),
  })
  .meta({ id: 'SlaCompliance' });
export type SlaCompliance = z.infer<typeof SlaCompliance>;

export const SatisfactionSummary = z
  .object({
    answered: z.number().int().nonnegative(),
    /** Mean score, 1–5; null with no answers. */
    average: z.number().min(1).max(5).nullable(),
    /** Answers per score "1".."5". */
    distribution: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().int().nonnegative()),
  })
  .meta({ id: 'SatisfactionSummary' });
export type SatisfactionSummary = z.infer<typeof SatisfactionSummary>;

export const DashboardTotals = z.object({
  /** Cases opened in the range (by where they were opened). */
  created: z.number().int().nonnegative(),
  /** Cases that arrived at the tenant (routed or transferred in) in the range. */
  received: z.number().int().nonnegative(),
  ...ResolutionTime,
  closed: z.number().int().nonnegative(),
  reopened: z.number().int().nonnegative(),
  /** reopened / resolved; null with nothing resolved. */
  reopenRate: z.number().min(0).nullable(),
  /** Open now (not a range figure): every status before RESOLVED. */
  openNow: z.number().int().nonnegative(),
});

export const TrendPoint = z.object({
  /** `YYYY-MM-DD` for days, `YYYY-Www` (ISO week) for weeks. */
  period: z.string(),
  created: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  closed: z.number().int().nonnegative(),
});

export const WorkTypeRow = z.object({
  workTypeCode: z.string(),
  name: LocalizedText,
  group: z.string(),
  created: z.number().int().nonnegative(),
  /** created / all created in the range. */
  share: z.number().min(0).max(1),
  ...ResolutionTime,
  /** The work type's SLA target in hours (the tenant's override, else the catalogue's). */
  targetHours: z.number().positive().nullable(),
  sla: SlaCompliance,
});

export const ChannelRow = z.object({
  channel: Channel,
  name: LocalizedText,
  created: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
});

/** "Gelir yerleri": per organisation of the city. */
export const OrganisationRow = z.object({
  tenantId: TenantId,
  name: z.string(),
  tenantType: TenantType,
  received: z.number().int().nonnegative(),
  ...ResolutionTime,
  openNow: z.number().int().nonnegative(),
  sla: SlaCompliance,
  satisfaction: z.number().min(1).max(5).nullable(),
});

export const BacklogAgeBucket = z.enum(['0-1d', '1-3d', '3-7d', '7-30d', '30d+']);
export type BacklogAgeBucket = z.infer<typeof BacklogAgeBucket>;

/** "Aylık Skor": a unit (department) or a person. */
export const PerformanceRow = z.object({
  /** Department code for units, the user id (Cognito sub) for people. */
  id: z.string(),
  name: z.string(),
  departmentCode: z.string().optional(),
  /** Cases the unit received / the person started in the range. */
  started: z.number().int().nonnegative(),
  /** Cases resolved by the unit / the person in the range. */
  completed: z.number().int().nonnegative(),
  averageHours: z.number().nonnegative().nullable(),
  sla: SlaCompliance,
});

export const DashboardResponse = z
  .object({
    filter: z.object({
      from: AnalyticsDay,
      to: AnalyticsDay,
      tenantId: TenantId.optional(),
      departmentCode: z.string().optional(),
      workTypeGroup: z.string().optional(),
      channel: Channel.optional(),
    }),
    generatedAt: z.iso.datetime(),
    totals: DashboardTotals,
    /** Days for ranges up to 62 days, ISO weeks beyond. */
    trend: z.object({ granularity: z.enum(['day', 'week']), points: z.array(TrendPoint) }),
    /** Every work type with cases in the range, most created first (clients show the top N). */
    workTypes: z.array(WorkTypeRow),
    byChannel: z.array(ChannelRow),
    byOrganisation: z.array(OrganisationRow),
    sla: SlaCompliance,
    /** Open now, by age since opening. */
    backlogAgeing: z.array(z.object({ bucket: BacklogAgeBucket, open: z.number().int().nonnegative() })),
    /** Open now, by status. */
    byStatus: z.array(z.object({ status: CaseStatus, count: z.number().int().nonnegative() })),
    resultCodes: z.array(z.object({ code: ResultCode, count: z.number().int().nonnegative() })),
    satisfaction: SatisfactionSummary,
    units: z.array(PerformanceRow),
    people: z.array(PerformanceRow),
  })
  .meta({ id: 'AnalyticsDashboard' });
export type DashboardResponse = z.infer<typeof DashboardResponse>;

/** The coordination centre's wall screen: what is happening now. */
export const NowQuery = z.object({ tenantId: TenantId.optional() }).strict();
export type NowQuery = z.infer<typeof NowQuery>;

const NowFigures = {
  open: z.number().int().nonnegative(),
  /** Open and past their SLA due time. */
  overdue: z.number().int().nonnegative(),
  /** Opened since local midnight. */
  newToday: z.number().int().nonnegative(),
  resolvedToday: z.number().int().nonnegative(),
};

export const NowResponse = z
  .object({
    generatedAt: z.iso.datetime(),
    tenantId: TenantId.optional(),
    ...NowFigures,
    /** Clients poll at this interval (≤ 30 s). */
    refreshSeconds: z.number().int().positive().max(30),
    byOrganisation: z.array(
      z.object({ tenantId: TenantId, name: z.string(), tenantType: TenantType, ...NowFigures }),
    ),
  })
  .meta({ id: 'AnalyticsNow' });
export type NowResponse = z.infer<typeof NowResponse>;

/**
 * A map area: a district (`areaId` = the district's tenant id) or a neighbourhood
 * (`areaId` = `<district tenant id>:<neighbourhood name>`).
 */
export const MapLevel = z.enum(['district', 'neighbourhood']);
export type MapLevel = z.infer<typeof MapLevel>;

export const neighbourhoodAreaId = (districtTenantId: string, neighbourhood: string) =>
  `${districtTenantId}:${neighbourhood}`;

export const ChoroplethQuery = z.object({ level: MapLevel.default('district') }).strict();

export const ChoroplethResponse = z
  .object({
    filter: DashboardResponse.shape.filter,
    level: MapLevel,
    areas: z.array(
      z.object({
        areaId: z.string(),
        name: z.string(),
        created: z.number().int().nonnegative(),
        /** "Birincil istek/şikayet": the most frequent work type in the area. */
        dominantWorkType: z
          .object({ code: z.string(), name: LocalizedText, created: z.number().int().positive() })
          .nullable(),
      }),
    ),
  })
  .meta({ id: 'AnalyticsChoropleth' });
export type ChoroplethResponse = z.infer<typeof ChoroplethResponse>;

/** Open cases in a bounding box, as clusters (zoomed out) or points (zoomed in). */
export const OpenCaseMapQuery = z
  .object({
    south: z.coerce.number().min(-90).max(90),
    west: z.coerce.number().min(-180).max(180),
    north: z.coerce.number().min(-90).max(90),
    east: z.coerce.number().min(-180).max(180),
    zoom: z.coerce.number().int().min(0).max(22),
    tenantId: TenantId.optional(),
    departmentCode: z.string().trim().min(1).max(40).optional(),
    workTypeGroup: z.string().trim().min(1).max(40).optional(),
    channel: Channel.optional(),
  })
  .strict()
  .refine((q) => q.south <= q.north, { error: 'analytics.bbox', path: ['north'] });
export type OpenCaseMapQuery = z.infer<typeof OpenCaseMapQuery>;

export const OpenCaseMapResponse = z
  .object({
    clusters: z.array(z.object({ lat: z.number(), lon: z.number(), count: z.number().int().positive() })),
    points: z.array(
      z.object({
        id: z.string(),
        trackingNo: z.string(),
        lat: z.number(),
        lon: z.number(),
        workTypeCode: z.string(),
        workTypeName: LocalizedText,
        status: CaseStatus,
        priority: Priority,
        overdue: z.boolean(),
      }),
    ),
    /** True when the box held more open cases than one answer returns. */
    truncated: z.boolean(),
  })
  .meta({ id: 'AnalyticsOpenCaseMap' });
export type OpenCaseMapResponse = z.infer<typeof OpenCaseMapResponse>;
