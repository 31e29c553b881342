import { type AnalyticsRow, analyticsScope } from '@citydesk/data';
import {
  type AnalyticsFilter,
  analyticsAccess,
  analyticsDay,
  type BacklogAgeBucket,
  CaseStatus,
  type ChoroplethResponse,
  channelLabels,
  type DashboardResponse,
  isoWeek,
  type Language,
  type MapLevel,
  type NowResponse,
  neighbourhoodAreaId,
  OPEN_ANALYTICS_STATUSES,
  type Principal,
  RESOLUTION_HISTOGRAM_HOURS,
  ResultCode,
  type SlaCompliance,
} from '@citydesk/domain';
import { analyticsRepository } from './analytics-runtime.ts';
import { type CityRuntime, tenantCityRuntime } from './city-runtime.ts';
import { ProblemError } from './problem-details.ts';

/*
 * The analytics reads (docs/domain/analytics.md): the dashboard, "now" and the
 * choropleth, answered from the aggregate rows the analytics consumer keeps. Every
 * read is a fixed set of Queries over a scope's day range (plus one per tenant for
 * the organisation table), so its cost is days × dimension values, never the number
 * of cases. `readDashboard` is also what the table exports answer from
 * (functions/src/http/staff-exports*.ts).
 */

/** Trend points are days up to this range, ISO weeks beyond. */
const DAILY_TREND_MAX_DAYS = 62;
/** The wall screen polls at this interval. */
const NOW_REFRESH_SECONDS = 30;
const DAY_MS = 86_400_000;

const forbidden = () =>
  new ProblemError('forbidden', {
    tr: 'Bu kurumun analizlerini görme yetkiniz yok.',
    en: "You may not read this organisation's analytics.",
  });

interface Resolved {
  runtime: CityRuntime;
  cityId: string;
  access: Extract<ReturnType<typeof analyticsAccess>, { allowed: true }>;
}

/** The principal's city and what they may read of it; 403 problem otherwise. */
async function resolveAccess(principal: Principal, tenantId: string | undefined): Promise<Resolved> {
  const access = analyticsAccess(principal, tenantId);
  if (!access.allowed) throw forbidden();
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime) throw forbidden();
  // Another city's tenant (or an unknown one) is refused like another tenant.
  if (access.tenantId && !runtime.tenantsById.has(access.tenantId)) throw forbidden();
  return { runtime, cityId: runtime.cityId, access };
}

// ---------------------------------------------------------------------------------------------
// Row arithmetic

const n = (row: AnalyticsRow | undefined, name: string) => row?.counters[name] ?? 0;

/** Sums rows' counters into one bag, optionally grouped by a key derived from each row. */
function sum(rows: readonly AnalyticsRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) for (const [k, v] of Object.entries(row.counters)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function groupBy(
  rows: readonly AnalyticsRow[],
  keyOf: (row: AnalyticsRow) => string,
): Map<string, AnalyticsRow[]> {
  const out = new Map<string, AnalyticsRow[]>();
  for (const row of rows) {
    const k = keyOf(row);
    out.set(k, [...(out.get(k) ?? []), row]);
  }
  return out;
}

/** The value part of a `<day>#<value>` key (values may hold `#` themselves). */
const rowValue = (row: AnalyticsRow) => row.key.slice(11);
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

function sla(c: Record<string, number>): SlaCompliance {
  const met = c.slaMet ?? 0;
  const missed = c.slaMissed ?? 0;
  return { met, missed, compliance: met + missed > 0 ? round(met / (met + missed), 4) : null };
}

/**
 * The median resolution time, estimated from the histogram: the bucket holding the
 * middle resolution, interpolated linearly inside it (the open last bucket answers
 * its lower bound). Off by at most the width of that bucket.
 */
export function medianFromHistogram(c: Record<string, number>): number | null {
  const counts = Array.from({ length: RESOLUTION_HISTOGRAM_HOURS.length + 1 }, (_, i) => c[`rh_${i}`] ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const middle = total / 2;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    const lower = i === 0 ? 0 : (RESOLUTION_HISTOGRAM_HOURS[i - 1] ?? 0);
    const upper = RESOLUTION_HISTOGRAM_HOURS[i];
    if (below + count >= middle && count > 0) {
      if (upper === undefined) return lower;
      return round(lower + ((middle - below) / count) * (upper - lower));
    }
    below += count;
  }
  return null;
}

function resolution(c: Record<string, number>) {
  const resolved = c.resolved ?? 0;
  const count = c.rtCount ?? 0;
  return {
    resolved,
    averageHours: count > 0 ? round((c.rtMinutes ?? 0) / count / 60) : null,
    medianHours: medianFromHistogram(c),
  };
}

function satisfactionOf(c: Record<string, number>) {
  const count = c.scoreCount ?? 0;
  return {
    answered: c.surveys ?? 0,
    average: count > 0 ? Math.min(5, Math.max(1, round((c.scoreSum ?? 0) / count))) : null,
    distribution: {
      '1': c.score_1 ?? 0,
      '2': c.score_2 ?? 0,
      '3': c.score_3 ?? 0,
      '4': c.score_4 ?? 0,
      '5': c.score_5 ?? 0,
    },
  };
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

function ageBucket(age: number): BacklogAgeBucket {
  if (age < 1) return '0-1d';
  if (age < 3) return '1-3d';
  if (age < 7) return '3-7d';
  if (age < 30) return '7-30d';
  return '30d+';
}

const localized = (text: { tr: string; en: string } | undefined, lang: Language, fallback: string) =>
  text?.[lang] ?? fallback;

// ---------------------------------------------------------------------------------------------
// Dashboard

/**
 * The dashboard of `filter` as `principal` may see it. Throws a 403 ProblemError when
 * the principal may not read analytics of the tenant asked for (or at all).
 */
export async function readDashboard(
  principal: Principal,
  filter: AnalyticsFilter,
  lang: Language = 'tr',
  now = new Date(),
): Promise<DashboardResponse> {
  const { runtime, cityId, access } = await resolveAccess(principal, filter.tenantId);
  const tenantId = access.tenantId;
  const departmentCode = tenantId ? filter.departmentCode : undefined;
  const narrow = { channel: filter.channel, workTypeGroup: filter.workTypeGroup };
  const scope = analyticsScope({ tenantId, departmentCode, ...narrow });
  const rows = (dimension: Parameters<typeof analyticsRepository.rowsBetween>[2], at = scope) =>
    analyticsRepository.rowsBetween(cityId, at, dimension, filter.from, filter.to);

  // People rows live in tenant and department scopes; a supervisor reads only their own department's.
  let peopleScope: string | undefined;
  if (tenantId && access.people.kind === 'all') peopleScope = scope;
  if (tenantId && access.people.kind === 'department') {
    const own = access.people.departmentCode;
    if (!departmentCode || departmentCode === own)
      peopleScope = analyticsScope({ tenantId, departmentCode: own, ...narrow });
  }
  const tenants = tenantId ? [tenantId] : [...runtime.tenantsById.keys()];
  const today = analyticsDay(now);

  const [all, workTypes, channels, departments, people, gauges, backlog, organisations] = await Promise.all([
    rows('ALL'),
    rows('WT'),
    rows('CH'),
    departmentCode ? Promise.resolve([]) : rows('DEP'),
    peopleScope ? rows('P', peopleScope) : Promise.resolve([]),
    analyticsRepository.row(cityId, scope, 'NOW', 'NOW'),
    analyticsRepository.rowsBetween(cityId, scope, 'BACKLOG', '0000-00-00', today),
    Promise.all(
      tenants.map(async (t) => {
        const at = analyticsScope({ tenantId: t, ...narrow });
        const [days, current] = await Promise.all([
          analyticsRepository.rowsBetween(cityId, at, 'ALL', filter.from, filter.to),
          analyticsRepository.row(cityId, at, 'NOW', 'NOW'),
        ]);
        return { tenantId: t, totals: sum(days), current };
      }),
    ),
  ]);

  const totals = sum(all);
  const created = totals.created ?? 0;
  const resolved = totals.resolved ?? 0;

  // Trend: every day (or ISO week) of the range, zeros included, so charts have no gaps.
  const weekly = daysBetween(filter.from, filter.to) + 1 > DAILY_TREND_MAX_DAYS;
  const periodOf = (day: string) => (weekly ? isoWeek(new Date(`${day}T12:00:00+03:00`)) : day);
  const points = new Map<string, { period: string; created: number; resolved: number; closed: number }>();
  for (let t = Date.parse(filter.from); t <= Date.parse(filter.to); t += DAY_MS) {
    const period = periodOf(new Date(t).toISOString().slice(0, 10));
    if (!points.has(period)) points.set(period, { period, created: 0, resolved: 0, closed: 0 });
  }
  for (const row of all) {
    const point = points.get(periodOf(row.key));
    if (!point) continue;
    point.created += n(row, 'created');
    point.resolved += n(row, 'resolved');
    point.closed += n(row, 'closed');
  }

  const workTypeRows = [...groupBy(workTypes, rowValue)]
    .map(([code, list]) => {
      const c = sum(list);
      const wt = runtime.workTypeFor(code, tenantId) ?? runtime.workTypesByCode.get(code);
      return {
        workTypeCode: code,
        name: wt?.name ?? { tr: code, en: code },
        group: wt?.group ?? '-',
        created: c.created ?? 0,
        share: created > 0 ? round((c.created ?? 0) / created, 4) : 0,
        ...resolution(c),
        targetHours: wt && wt.slaHours > 0 ? wt.slaHours : null,
        sla: sla(c),
        received: c.received ?? 0,
      };
    })
    .filter((w) => w.created + w.resolved + w.received > 0)
    .sort(
      (a, b) =>
        b.created - a.created || b.resolved - a.resolved || a.workTypeCode.localeCompare(b.workTypeCode),
    )
    .map(({ received: _received, ...row }) => row);

  const byChannel = [...groupBy(channels, rowValue)]
    .map(([channel, list]) => {
      const count = sum(list).created ?? 0;
      const known = channel as keyof typeof channelLabels;
      return {
        channel: known,
        name: channelLabels[known] ?? { tr: channel, en: channel },
        created: count,
        share: created > 0 ? round(count / created, 4) : 0,
      };
    })
    .filter((c) => c.created > 0 && c.channel in channelLabels)
    .sort((a, b) => b.created - a.created);

  const byOrganisation = organisations
    .map(({ tenantId: t, totals: c, current }) => {
      const tenant = runtime.tenantsById.get(t);
      const s = satisfactionOf(c);
      return {
        tenantId: t,
        name: tenant?.shortName ?? t,
        tenantType: tenant?.type ?? 'district',
        received: c.received ?? 0,
        ...resolution(c),
        openNow: n(current, 'open'),
        sla: sla(c),
        satisfaction: s.average,
      };
    })
    .sort((a, b) => b.received - a.received || a.name.localeCompare(b.name, 'tr'));

  const ageing = new Map<BacklogAgeBucket, number>(
    (['0-1d', '1-3d', '3-7d', '7-30d', '30d+'] as const).map((b) => [b, 0]),
  );
  for (const row of backlog) {
    const bucket = ageBucket(daysBetween(row.key, today));
    ageing.set(bucket, (ageing.get(bucket) ?? 0) + n(row, 'open'));
  }

  const resultCodes = ResultCode.options
    .map((code) => ({ code, count: totals[`rc_${code}`] ?? 0 }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count);

  const units = [...groupBy(departments, rowValue)]
    .map(([value, list]) => {
      const c = sum(list);
      const [unitTenant = '', code = value] = value.split('/');
      const department = runtime.departmentsByCode.get(code);
      const unitName = localized(department?.name, lang, code);
      const tenantName = runtime.tenantsById.get(unitTenant)?.shortName ?? unitTenant;
      return {
        id: tenantId ? code : value,
        name: tenantId ? unitName : `${tenantName} · ${unitName}`,
        departmentCode: code,
        started: c.received ?? 0,
        completed: c.resolved ?? 0,
        averageHours: (c.rtCount ?? 0) > 0 ? round((c.rtMinutes ?? 0) / (c.rtCount ?? 1) / 60) : null,
        sla: sla(c),
      };
    })
    .sort((a, b) => b.completed - a.completed || b.started - a.started);

  const peopleDepartment = peopleScope?.startsWith('D=')
    ? peopleScope.slice(2).split('~')[0]?.split('/')[1]
    : undefined;
  const peopleRows = [...groupBy(people, rowValue)]
    .map(([userId, list]) => {
      const c = sum(list);
      return {
        id: userId,
        name: list.find((r) => r.label)?.label ?? userId,
        ...(peopleDepartment ? { departmentCode: peopleDepartment } : {}),
        started: c.started ?? 0,
        completed: c.completed ?? 0,
        averageHours: (c.workCount ?? 0) > 0 ? round((c.workMinutes ?? 0) / (c.workCount ?? 1) / 60) : null,
        sla: sla(c),
      };
    })
    .sort((a, b) => b.completed - a.completed || b.started - a.started || a.name.localeCompare(b.name, 'tr'));

  return {
    filter: {
      from: filter.from,
      to: filter.to,
      ...(tenantId ? { tenantId } : {}),
      ...(departmentCode ? { departmentCode } : {}),
      ...(filter.workTypeGroup ? { workTypeGroup: filter.workTypeGroup } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
    },
    generatedAt: now.toISOString(),
    totals: {
      created,
      received: totals.received ?? 0,
      ...resolution(totals),
      closed: totals.closed ?? 0,
      reopened: totals.reopened ?? 0,
      reopenRate: resolved > 0 ? round((totals.reopened ?? 0) / resolved, 4) : null,
      openNow: n(gauges, 'open'),
    },
    trend: { granularity: weekly ? 'week' : 'day', points: [...points.values()] },
    workTypes: workTypeRows,
    byChannel,
    byOrganisation,
    sla: sla(totals),
    backlogAgeing: [...ageing].map(([bucket, open]) => ({ bucket, open })),
    byStatus: OPEN_ANALYTICS_STATUSES.map((status) => ({
      status: CaseStatus.parse(status),
      count: n(gauges, `st_${status}`),
    })),
    resultCodes,
    satisfaction: satisfactionOf(totals),
    units,
    people: peopleRows,
  };
}

// ---------------------------------------------------------------------------------------------
// Now (the wall screen)

/**
 * Open, overdue, new and resolved today, for the city or one tenant and for each
 * organisation: the gauge row and today's day row of each scope. "New today" is what
 * was opened (the city) or received (a tenant) since local midnight.
 */
export async function readNow(
  principal: Principal,
  tenantId: string | undefined,
  now = new Date(),
): Promise<NowResponse> {
  const { runtime, cityId, access } = await resolveAccess(principal, tenantId);
  const today = analyticsDay(now);
  const figures = async (scopeTenant: string | undefined) => {
    const scope = analyticsScope({ tenantId: scopeTenant });
    const [gauge, day] = await Promise.all([
      analyticsRepository.row(cityId, scope, 'NOW', 'NOW'),
      analyticsRepository.row(cityId, scope, 'ALL', today),
    ]);
    return {
      open: n(gauge, 'open'),
      overdue: n(gauge, 'overdue'),
      newToday: scopeTenant ? n(day, 'received') : n(day, 'created'),
      resolvedToday: n(day, 'resolved'),
    };
  };
  const tenants = access.tenantId ? [access.tenantId] : [...runtime.tenantsById.keys()];
  const [top, organisations] = await Promise.all([
    figures(access.tenantId),
    Promise.all(
      tenants.map(async (t) => {
        const tenant = runtime.tenantsById.get(t);
        return {
          tenantId: t,
          name: tenant?.shortName ?? t,
          tenantType: tenant?.type ?? ('district' as const),
          ...(await figures(t)),
        };
      }),
    ),
  ]);
  return {
    generatedAt: now.toISOString(),
    ...(access.tenantId ? { tenantId: access.tenantId } : {}),
    ...top,
    refreshSeconds: NOW_REFRESH_SECONDS,
    byOrganisation: organisations.sort((a, b) => b.open - a.open || a.name.localeCompare(b.name, 'tr')),
  };
}

// ---------------------------------------------------------------------------------------------
// Choropleth

/**
 * Cases opened in the range per district (the district whose territory holds the
 * case) or neighbourhood, with the dominant work type of each. Every area of the city
 * is listed, zeros included, so the map shades them all.
 */
export async function readChoropleth(
  principal: Principal,
  filter: AnalyticsFilter,
  level: MapLevel,
): Promise<ChoroplethResponse> {
  const { runtime, cityId, access } = await resolveAccess(principal, filter.tenantId);
  const tenantId = access.tenantId;
  const departmentCode = tenantId ? filter.departmentCode : undefined;
  const scope = analyticsScope({
    tenantId,
    departmentCode,
    channel: filter.channel,
    workTypeGroup: filter.workTypeGroup,
  });
  const rows = await analyticsRepository.rowsBetween(
    cityId,
    scope,
    level === 'district' ? 'DISWT' : 'NBWT',
    filter.from,
    filter.to,
  );
  // Key `<day>#<area>#<work type>`: the work type is the last part, the area what is between.
  const byArea = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const rest = rowValue(row);
    const cut = rest.lastIndexOf('#');
    const area = rest.slice(0, cut);
    const code = rest.slice(cut + 1);
    const counts = byArea.get(area) ?? new Map<string, number>();
    counts.set(code, (counts.get(code) ?? 0) + n(row, 'created'));
    byArea.set(area, counts);
  }
  const areas =
    level === 'district'
      ? runtime.catalog.tenants
          .filter((t) => t.type === 'district')
          .map((t) => ({ areaId: t.id, name: t.shortName }))
      : runtime.catalog.neighbourhoods.map((nb) => ({
          areaId: neighbourhoodAreaId(nb.districtTenantId, nb.name),
          name: nb.name,
        }));
  const known = new Set(areas.map((a) => a.areaId));
  // Areas counted but missing from today's catalogue (renamed since) still show.
  for (const areaId of byArea.keys())
    if (!known.has(areaId)) areas.push({ areaId, name: areaId.split(':').at(-1) ?? areaId });
  return {
    filter: {
      from: filter.from,
      to: filter.to,
      ...(tenantId ? { tenantId } : {}),
      ...(departmentCode ? { departmentCode } : {}),
      ...(filter.workTypeGroup ? { workTypeGroup: filter.workTypeGroup } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
    },
    level,
    areas: areas.map(({ areaId, name }) => {
      const counts = [...(byArea.get(areaId) ?? new Map<string, number>())].filter(([, c]) => c > 0);
      const total = counts.reduce((a, [, c]) => a + c, 0);
      const [top] = counts.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const wt = top ? runtime.workTypesByCode.get(top[0]) : undefined;
      return {
        areaId,
        name,
        created: total,
        dominantWorkType: top
          ? { code: top[0], name: wt?.name ?? { tr: top[0], en: top[0] }, created: top[1] }
          : null,
      };
    }),
  };
}
