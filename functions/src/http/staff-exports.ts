import { createDocumentClient, mainTable, Open311Repository, requireEnv } from '@citydesk/data';
import {
  AnalyticsFilter,
  type Case,
  CaseListExportQuery,
  can,
  canOnTenant,
  caseAccessFacts,
  caseListTable,
  DASHBOARD_TABLE_FILE_STEMS,
  DashboardExportOptions,
  dashboardTable,
  excelCsvOptions,
  isOverdue,
  MAX_EXPORT_ROWS,
  OPEN_CASE_STATUSES,
  type Principal,
  turkeyToday,
} from '@citydesk/domain';
import { readDashboard } from '#platform/analytics-dashboard.ts';
import { audit } from '#platform/case-access.ts';
import { caseRepository } from '#platform/case-runtime.ts';
import { type CityRuntime, tenantCityRuntime } from '#platform/city-runtime.ts';
import { type HttpRequest, type HttpResult, httpHandler, validate } from '#platform/http-handler.ts';
import { requirePrincipal } from '#platform/principal-context.ts';
import { ProblemError } from '#platform/problem-details.ts';
import { tabularResponse } from '#platform/tabular-export.ts';

/*
 * Staff exports (docs/domain/exports-and-open-data.md), one module for both routes:
 * - GET /v1/staff/cases/export: a filtered case list of one tenant as CSV or XLSX;
 * - GET /v1/staff/analytics/export: one dashboard table, from the same read as the
 *   dashboard itself.
 * Both are audited (who, which filter, how many rows) and carry no personal data.
 */

// The owner index by filing time, as the Open311 reads walk it (gsi4 `OWNER#<tenant>`).
const filedCases = new Open311Repository(createDocumentClient(), requireEnv(mainTable.envVar));

/** A read of the queue index: a page as large as the API allows, then the next. */
const QUEUE_PAGE = 100;
const TURKEY_OFFSET_MS = 3 * 60 * 60 * 1000;

const notAllowed = () =>
  new ProblemError('forbidden', {
    tr: 'Bu kurumun başvurularını dışa aktarma yetkiniz yok.',
    en: "You may not export this organisation's cases.",
  });

function caseNames(runtime: CityRuntime) {
  return {
    workTypeName: (code: string) => runtime.workTypesByCode.get(code)?.name,
    tenantName: (id: string) => runtime.tenantsById.get(id)?.shortName,
    departmentName: (code: string) => runtime.departmentsByCode.get(code)?.name,
  };
}

async function exportCases(req: HttpRequest, principal: Principal): Promise<HttpResult> {
  const query = validate(CaseListExportQuery, req.event.queryStringParameters ?? {});
  const lang = query.lang ?? req.lang;
  const tenantId = query.tenantId ?? principal.tenantId;
  const runtime = await tenantCityRuntime(principal.tenantId);
  if (!runtime?.tenantsById.has(tenantId) || !canOnTenant(principal, 'queue.list', tenantId))
    throw notAllowed();
  // The work queue's rule: staff bound to a department export that department only.
  const ownTenant = tenantId === principal.tenantId;
  const departmentCode =
    query.departmentCode ?? (ownTenant && principal.departmentCode ? principal.departmentCode : undefined);
  if (ownTenant && principal.departmentCode && departmentCode !== principal.departmentCode)
    throw notAllowed();
  const now = new Date();
  const assigneeId = query.assignee === 'me' ? principal.userId : query.assignee;
  const keep = (c: Case) =>
    can(principal, 'case.read', caseAccessFacts(c)) &&
    (!departmentCode || c.ownerDepartmentCode === departmentCode) &&
    (!query.status || query.status.includes(c.status)) &&
    (!query.workTypeCode || c.workTypeCode === query.workTypeCode) &&
    (!query.neighbourhood || c.location?.neighbourhood === query.neighbourhood) &&
    (!query.channel || c.channel === query.channel) &&
    (!assigneeId || c.assignee?.id === assigneeId) &&
    (!query.overdue || isOverdue(c, now));

  // One more than the cap tells whether the cap cut anything off.
  const wanted = MAX_EXPORT_ROWS + 1;
  let cases: Case[];
  if (query.from && query.to) {
    cases = await filedCases.casesFiledBetween(
      tenantId,
      new Date(Date.parse(query.from) - TURKEY_OFFSET_MS).toISOString(),
      new Date(Date.parse(query.to) + 86_400_000 - TURKEY_OFFSET_MS - 1).toISOString(),
      wanted,
      keep,
    );
  } else {
    // No dates: the work queue as the queue page shows it, every page of it.
    cases = [];
    let cursor: string | undefined;
    do {
      const page = await caseRepository.listQueue({
        tenantId,
        ...(departmentCode ? { departmentCode } : {}),
        statuses: query.status ?? [...OPEN_CASE_STATUSES],
        ...(query.workTypeCode ? { workTypeCode: query.workTypeCode } : {}),
        ...(query.neighbourhood ? { neighbourhood: query.neighbourhood } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
        ...(assigneeId ? { assigneeId } : {}),
        ...(query.overdue ? { dueBefore: now.toISOString() } : {}),
        limit: QUEUE_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      cases.push(...page.cases.filter(keep));
      cursor = page.nextCursor;
    } while (cursor && cases.length < wanted);
  }
  const truncated = cases.length > MAX_EXPORT_ROWS;
  const rows = cases.slice(0, MAX_EXPORT_ROWS);
  const { format: _format, lang: _lang, ...filter } = query;
  await audit(req, principal, {
    action: 'cases.export',
    ownerTenantId: tenantId,
    details: { format: query.format, filter: { ...filter, tenantId }, rows: rows.length, truncated },
  });
  const stem = query.from ? `${query.from}_${query.to}` : turkeyToday(now);
  return tabularResponse(caseListTable(rows, caseNames(runtime), lang, now), {
    format: query.format,
    fileStem: `kent-masasi-basvurular-${stem}`,
    sheetName: lang === 'tr' ? 'Başvurular' : 'Cases',
    lang,
    csv: excelCsvOptions(lang),
    headers: {
      'x-export-rows': String(rows.length),
      ...(truncated ? { 'x-export-truncated': String(MAX_EXPORT_ROWS) } : {}),
    },
  });
}

async function exportDashboardTable(req: HttpRequest, principal: Principal): Promise<HttpResult> {
  const { table, format, lang: langParam, ...rest } = req.event.queryStringParameters ?? {};
  const options = validate(DashboardExportOptions, {
    table,
    format,
    ...(langParam !== undefined ? { lang: langParam } : {}),
  });
  const filter = validate(AnalyticsFilter, rest);
  const lang = options.lang ?? req.lang;
  // readDashboard decides who may read which tenant's figures (403 otherwise).
  const dashboard = await readDashboard(principal, filter);
  const exported = dashboardTable(dashboard, options.table, lang);
  await audit(req, principal, {
    action: 'analytics.export',
    ...(filter.tenantId ? { ownerTenantId: filter.tenantId } : {}),
    details: { table: options.table, format: options.format, filter, rows: exported.rows.length },
  });
  return tabularResponse(exported, {
    format: options.format,
    fileStem: `kent-masasi-${DASHBOARD_TABLE_FILE_STEMS[options.table]}-${filter.from}_${filter.to}`,
    sheetName: options.table,
    lang,
    csv: excelCsvOptions(lang),
    headers: { 'x-export-rows': String(exported.rows.length) },
  });
}

export const handler = httpHandler(async (req) => {
  const principal = await requirePrincipal(req);
  return req.event.routeKey === 'GET /v1/staff/analytics/export'
    ? exportDashboardTable(req, principal)
    : exportCases(req, principal);
});
