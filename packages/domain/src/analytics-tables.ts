import * as z from 'zod';
import type { DashboardResponse } from './analytics-contracts.ts';
import type { CaseStatus } from './case.ts';
import { RESULT_CODE_RULES } from './case-commands.ts';
import {
  ExportFormat,
  ExportLanguage,
  type Tabular,
  type TabularColumn,
  type TabularKind,
} from './csv-format.ts';
import type { Language, LocalizedText } from './localized-text.ts';
import type { TenantType } from './tenant.ts';

/*
 * The dashboard's tables as exportable tables (`GET /v1/staff/analytics/export`):
 * the same figures the dashboard shows, read from one DashboardResponse, with headers
 * and labels in the reader's language. Pure, so the columns are tested without a
 * database.
 */

/** The dashboard tables that can be exported, by their name in DashboardResponse. */
export const DashboardTableName = z.enum([
  'workTypes',
  'byChannel',
  'byOrganisation',
  'units',
  'people',
  'resultCodes',
  'trend',
  'backlogAgeing',
  'byStatus',
]);
export type DashboardTableName = z.infer<typeof DashboardTableName>;

/**
 * `GET /v1/staff/analytics/export`'s own parameters; the rest of the query is the
 * AnalyticsFilter, validated by it.
 */
export const DashboardExportOptions = z
  .object({ table: DashboardTableName, format: ExportFormat, lang: ExportLanguage.optional() })
  .strict();
export type DashboardExportOptions = z.infer<typeof DashboardExportOptions>;

/** Status names as the portal shows them (web/messages status_*), for exports made outside the portal. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, LocalizedText>> = {
  NEW: { tr: 'Alındı', en: 'Received' },
  TRIAGE: { tr: 'İnceleniyor', en: 'Under review' },
  ROUTED: { tr: 'Kuruma yönlendirildi', en: 'Routed' },
  ACCEPTED: { tr: 'Kabul edildi', en: 'Accepted' },
  ASSIGNED: { tr: 'Ekibe atandı', en: 'Assigned to a crew' },
  IN_PROGRESS: { tr: 'Çalışma sürüyor', en: 'In progress' },
  ON_HOLD: { tr: 'Beklemede', en: 'On hold' },
  RESOLVED: { tr: 'Çözüldü', en: 'Resolved' },
  CLOSED: { tr: 'Sonuçlandı', en: 'Closed' },
  CANCELLED: { tr: 'İptal edildi', en: 'Cancelled' },
};

export const TENANT_TYPE_LABELS: Readonly<Record<TenantType, LocalizedText>> = {
  metropolitan: { tr: 'Büyükşehir belediyesi', en: 'Metropolitan municipality' },
  district: { tr: 'İlçe belediyesi', en: 'District municipality' },
  utility: { tr: 'Su ve kanalizasyon idaresi', en: 'Water and sewerage utility' },
};

/** File-name stems of the tables (`kent-masasi-is-turleri-2026-12-01_2026-12-07.xlsx`). */
export const DASHBOARD_TABLE_FILE_STEMS: Readonly<Record<DashboardTableName, string>> = {
  workTypes: 'is-turleri',
  byChannel: 'gelis-sekli',
  byOrganisation: 'kurumlar',
  units: 'birim-performansi',
  people: 'kisi-performansi',
  resultCodes: 'sonuc-kodlari',
  trend: 'egilim',
  backlogAgeing: 'bekleyen-yaslari',
  byStatus: 'durumlar',
};

/** Header texts by column key: one place, so the same figure has the same name in every table. */
const HEADERS: Record<string, LocalizedText> = {
  workTypeCode: { tr: 'İş türü kodu', en: 'Work type code' },
  workTypeName: { tr: 'İş türü', en: 'Work type' },
  group: { tr: 'Grup', en: 'Group' },
  created: { tr: 'Gelen', en: 'Created' },
  share: { tr: 'Pay (%)', en: 'Share (%)' },
  resolved: { tr: 'Çözülen', en: 'Resolved' },
  averageHours: { tr: 'Ortalama çözüm süresi (saat)', en: 'Average resolution time (hours)' },
  medianHours: { tr: 'Medyan çözüm süresi (saat)', en: 'Median resolution time (hours)' },
  targetHours: { tr: 'Hedef süre (saat)', en: 'Target time (hours)' },
  slaMet: { tr: 'Süresinde', en: 'Within SLA' },
  slaMissed: { tr: 'Süre aşımı', en: 'SLA missed' },
  slaCompliance: { tr: 'SLA uyumu (%)', en: 'SLA compliance (%)' },
  channel: { tr: 'Geliş şekli kodu', en: 'Channel code' },
  channelName: { tr: 'Geliş şekli', en: 'Channel' },
  tenantId: { tr: 'Kurum kodu', en: 'Organisation code' },
  tenantName: { tr: 'Kurum', en: 'Organisation' },
  tenantType: { tr: 'Kurum türü', en: 'Organisation type' },
  received: { tr: 'Gelen (yönlendirilen)', en: 'Received (routed in)' },
  openNow: { tr: 'Şu an açık', en: 'Open now' },
  satisfaction: { tr: 'Memnuniyet (1–5)', en: 'Satisfaction (1–5)' },
  unitId: { tr: 'Birim kodu', en: 'Unit code' },
  unitName: { tr: 'Birim', en: 'Unit' },
  personName: { tr: 'Personel', en: 'Staff member' },
  departmentCode: { tr: 'Birim kodu', en: 'Unit code' },
  started: { tr: 'Başlanan', en: 'Started' },
  completed: { tr: 'Tamamlanan', en: 'Completed' },
  averageTime: { tr: 'Ortalama süre (saat)', en: 'Average time (hours)' },
  resultCode: { tr: 'Sonuç kodu', en: 'Result code' },
  resultName: { tr: 'Sonuç', en: 'Result' },
  count: { tr: 'Adet', en: 'Count' },
  period: { tr: 'Dönem', en: 'Period' },
  closed: { tr: 'Kapanan', en: 'Closed' },
  ageBucket: { tr: 'Bekleme süresi', en: 'Age' },
  open: { tr: 'Açık', en: 'Open' },
  status: { tr: 'Durum kodu', en: 'Status code' },
  statusName: { tr: 'Durum', en: 'Status' },
};

const AGE_BUCKET_LABELS: Record<DashboardResponse['backlogAgeing'][number]['bucket'], LocalizedText> = {
  '0-1d': { tr: '1 günden az', en: 'Under 1 day' },
  '1-3d': { tr: '1–3 gün', en: '1–3 days' },
  '3-7d': { tr: '3–7 gün', en: '3–7 days' },
  '7-30d': { tr: '7–30 gün', en: '7–30 days' },
  '30d+': { tr: '30 günden fazla', en: 'Over 30 days' },
};

function columns(lang: Language, spec: [key: string, kind: TabularKind][]): TabularColumn[] {
  return spec.map(([key, kind]) => ({ key, kind, header: HEADERS[key]?.[lang] ?? key }));
}

/** Hours to one decimal: minutes of precision in a figure about days is noise. */
const hours = (h: number | null) => (h === null ? null : Math.round(h * 10) / 10);

/**
 * One table of a dashboard answer as rows and localized headers. Percent cells are
 * fractions (the writers show them as percentages); missing figures (no resolved case,
 * no survey answer) are empty cells, never zero.
 */
export function dashboardTable(
  response: DashboardResponse,
  table: DashboardTableName,
  lang: Language,
): Tabular {
  switch (table) {
    case 'workTypes':
      return {
        columns: columns(lang, [
          ['workTypeCode', 'text'],
          ['workTypeName', 'text'],
          ['group', 'text'],
          ['created', 'integer'],
          ['share', 'percent'],
          ['resolved', 'integer'],
          ['averageHours', 'decimal'],
          ['medianHours', 'decimal'],
          ['targetHours', 'decimal'],
          ['slaMet', 'integer'],
          ['slaMissed', 'integer'],
          ['slaCompliance', 'percent'],
        ]),
        rows: response.workTypes.map((w) => [
          w.workTypeCode,
          w.name[lang],
          w.group,
          w.created,
          w.share,
          w.resolved,
          hours(w.averageHours),
          hours(w.medianHours),
          w.targetHours,
          w.sla.met,
          w.sla.missed,
          w.sla.compliance,
        ]),
      };
    case 'byChannel':
      return {
        columns: columns(lang, [
          ['channel', 'text'],
          ['channelName', 'text'],
          ['created', 'integer'],
          ['share', 'percent'],
        ]),
        rows: response.byChannel.map((c) => [c.channel, c.name[lang], c.created, c.share]),
      };
    case 'byOrganisation':
      return {
        columns: columns(lang, [
          ['tenantId', 'text'],
          ['tenantName', 'text'],
          ['tenantType', 'text'],
          ['received', 'integer'],
          ['resolved', 'integer'],
          ['averageHours', 'decimal'],
          ['medianHours', 'decimal'],
          ['openNow', 'integer'],
          ['slaMet', 'integer'],
          ['slaMissed', 'integer'],
          ['slaCompliance', 'percent'],
          ['satisfaction', 'decimal'],
        ]),
        rows: response.byOrganisation.map((o) => [
          o.tenantId,
          o.name,
          TENANT_TYPE_LABELS[o.tenantType][lang],
          o.received,
          o.resolved,
          hours(o.averageHours),
          hours(o.medianHours),
          o.openNow,
          o.sla.met,
          o.sla.missed,
          o.sla.compliance,
          o.satisfaction === null ? null : Math.round(o.satisfaction * 100) / 100,
        ]),
      };
    case 'units':
    case 'people': {
      const rows = response[table];
      const head: [string, TabularKind][] =
        table === 'units'
          ? [
              ['unitId', 'text'],
              ['unitName', 'text'],
            ]
          : [
              ['personName', 'text'],
              ['departmentCode', 'text'],
            ];
      return {
        columns: columns(lang, [
          ...head,
          ['started', 'integer'],
          ['completed', 'integer'],
          ['averageTime', 'decimal'],
          ['slaMet', 'integer'],
          ['slaMissed', 'integer'],
          ['slaCompliance', 'percent'],
        ]),
        rows: rows.map((r) => [
          // People are named, not identified: the user id (a Cognito sub) means nothing to a reader.
          ...(table === 'units' ? [r.id, r.name] : [r.name, r.departmentCode ?? null]),
          r.started,
          r.completed,
          hours(r.averageHours),
          r.sla.met,
          r.sla.missed,
          r.sla.compliance,
        ]),
      };
    }
    case 'resultCodes':
      return {
        columns: columns(lang, [
          ['resultCode', 'text'],
          ['resultName', 'text'],
          ['count', 'integer'],
        ]),
        rows: response.resultCodes.map((r) => [r.code, RESULT_CODE_RULES[r.code].label[lang], r.count]),
      };
    case 'trend':
      return {
        columns: columns(lang, [
          ['period', 'text'],
          ['created', 'integer'],
          ['resolved', 'integer'],
          ['closed', 'integer'],
        ]),
        rows: response.trend.points.map((p) => [p.period, p.created, p.resolved, p.closed]),
      };
    case 'backlogAgeing':
      return {
        columns: columns(lang, [
          ['ageBucket', 'text'],
          ['open', 'integer'],
        ]),
        rows: response.backlogAgeing.map((b) => [AGE_BUCKET_LABELS[b.bucket][lang], b.open]),
      };
    case 'byStatus':
      return {
        columns: columns(lang, [
          ['status', 'text'],
          ['statusName', 'text'],
          ['count', 'integer'],
        ]),
        rows: response.byStatus.map((s) => [s.status, CASE_STATUS_LABELS[s.status][lang], s.count]),
      };
  }
}
