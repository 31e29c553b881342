import * as z from 'zod';
import { AnalyticsDay } from './analytics-contracts.ts';
import { CASE_STATUS_LABELS } from './analytics-tables.ts';
import { type Case, CaseStatus } from './case.ts';
import { RESULT_CODE_RULES } from './case-commands.ts';
import { Channel, channelLabels } from './channel.ts';
import {
  ExportFormat,
  ExportLanguage,
  type Tabular,
  type TabularColumn,
  type TabularKind,
} from './csv-format.ts';
import type { Language, LocalizedText } from './localized-text.ts';
import { TenantId } from './tenant.ts';
import { formatTrackingNumber } from './tracking-number.ts';

/*
 * `GET /v1/staff/cases/export`: a staff case list as CSV or XLSX. The filters are the
 * work queue's (staff-contracts.ts StaffQueueQuery), so the queue page's export
 * buttons hand over exactly what the page shows. Without a date range the export is
 * that queue (open cases); with `from`/`to` it is every case filed in those days, in
 * any state. Lists carry no personal data, and neither do their exports.
 */

/** At most this many rows per export; more is cut off and said so (`X-Export-Truncated`). */
export const MAX_EXPORT_ROWS = 10_000;
/** The longest filing range one export reads (a year, like the dashboards). */
export const MAX_EXPORT_RANGE_DAYS = 366;

const statusList = z
  .string()
  .max(200)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(CaseStatus).min(1));

/** The statuses before a result: what a work queue holds. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = [
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
];

export const CaseListExportQuery = z
  .object({
    format: ExportFormat,
    lang: ExportLanguage.optional(),
    tenantId: TenantId.optional(),
    departmentCode: z
      .string()
      .regex(/^[A-Z0-9_]{2,24}$/)
      .optional(),
    status: statusList.optional(),
    workTypeCode: z
      .string()
      .regex(/^[A-Z0-9-]{2,60}$/)
      .optional(),
    neighbourhood: z.string().trim().min(2).max(80).optional(),
    channel: Channel.optional(),
    assignee: z.string().min(1).max(128).optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    /** Filing days (Türkiye time), inclusive; both or neither. */
    from: AnalyticsDay.optional(),
    to: AnalyticsDay.optional(),
  })
  .strict()
  .refine((q) => (q.from === undefined) === (q.to === undefined), {
    error: 'analytics.day',
    path: ['to'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'analytics.range-order', path: ['to'] })
  .refine(
    (q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_EXPORT_RANGE_DAYS,
    { error: 'export.range-too-long', path: ['to'] },
  );
export type CaseListExportQuery = z.infer<typeof CaseListExportQuery>;

/** Names the export shows, from the case's city configuration. */
export interface CaseNameLookup {
  workTypeName(code: string): LocalizedText | undefined;
  tenantName(tenantId: string): string | undefined;
  departmentName(code: string): LocalizedText | undefined;
}

const HEADERS: Record<string, LocalizedText> = {
  trackingNo: { tr: 'Takip numarası', en: 'Tracking number' },
  createdAt: { tr: 'Başvuru tarihi', en: 'Filed at' },
  status: { tr: 'Durum kodu', en: 'Status code' },
  statusName: { tr: 'Durum', en: 'Status' },
  workTypeCode: { tr: 'İş türü kodu', en: 'Work type code' },
  workTypeName: { tr: 'İş türü', en: 'Work type' },
  priority: { tr: 'Öncelik', en: 'Priority' },
  channel: { tr: 'Geliş şekli', en: 'Channel' },
  ownerTenant: { tr: 'Sorumlu kurum', en: 'Responsible organisation' },
  ownerDepartment: { tr: 'Sorumlu birim', en: 'Responsible unit' },
  district: { tr: 'İlçe', en: 'District' },
  neighbourhood: { tr: 'Mahalle', en: 'Neighbourhood' },
  slaDueAt: { tr: 'Hedef tarih (SLA)', en: 'SLA due' },
  overdue: { tr: 'Süresi geçti', en: 'Overdue' },
  resolvedAt: { tr: 'Çözüm tarihi', en: 'Resolved at' },
  closedAt: { tr: 'Kapanış tarihi', en: 'Closed at' },
  resultCode: { tr: 'Sonuç kodu', en: 'Result code' },
  resultName: { tr: 'Sonuç', en: 'Result' },
};

const COLUMNS: [key: string, kind: TabularKind][] = [
  ['trackingNo', 'text'],
  ['createdAt', 'datetime'],
  ['status', 'text'],
  ['statusName', 'text'],
  ['workTypeCode', 'text'],
  ['workTypeName', 'text'],
  ['priority', 'text'],
  ['channel', 'text'],
  ['ownerTenant', 'text'],
  ['ownerDepartment', 'text'],
  ['district', 'text'],
  ['neighbourhood', 'text'],
  ['slaDueAt', 'datetime'],
  ['overdue', 'boolean'],
  ['resolvedAt', 'datetime'],
  ['closedAt', 'datetime'],
  ['resultCode', 'text'],
  ['resultName', 'text'],
];

const PRIORITY_LABELS: Record<Case['priority'], LocalizedText> = {
  urgent: { tr: 'Acil', en: 'Urgent' },
  high: { tr: 'Yüksek', en: 'High' },
  normal: { tr: 'Normal', en: 'Normal' },
  low: { tr: 'Düşük', en: 'Low' },
};

/** Past its SLA due time and still open at `now`. */
export function isOverdue(c: Pick<Case, 'status' | 'slaDueAt'>, now: Date): boolean {
  return OPEN_CASE_STATUSES.includes(c.status) && Date.parse(c.slaDueAt) < now.getTime();
}

/**
 * Cases as an export table. Only classification, place and timing: no contact, no
 * address, no description, no notes, no assignee; the same nothing-personal rule as
 * the staff lists the export is made from.
 */
export function caseListTable(
  cases: readonly Case[],
  names: CaseNameLookup,
  lang: Language,
  now: Date,
): Tabular {
  const columns: TabularColumn[] = COLUMNS.map(([key, kind]) => ({
    key,
    kind,
    header: HEADERS[key]?.[lang] ?? key,
  }));
  return {
    columns,
    rows: cases.map((c) => [
      formatTrackingNumber(c.trackingNo),
      c.createdAt,
      c.status,
      CASE_STATUS_LABELS[c.status][lang],
      c.workTypeCode,
      names.workTypeName(c.workTypeCode)?.[lang] ?? c.workTypeCode,
      PRIORITY_LABELS[c.priority][lang],
      channelLabels[c.channel][lang],
      c.ownerTenantId ? (names.tenantName(c.ownerTenantId) ?? c.ownerTenantId) : null,
      c.ownerDepartmentCode
        ? (names.departmentName(c.ownerDepartmentCode)?.[lang] ?? c.ownerDepartmentCode)
        : null,
      c.location?.districtTenantId
        ? (names.tenantName(c.location.districtTenantId) ?? c.location.districtTenantId)
        : null,
      c.location?.neighbourhood ?? null,
      c.slaDueAt,
      isOverdue(c, now),
      c.resolvedAt ?? null,
      c.closedAt ?? null,
      c.result?.code ?? null,
      c.result ? RESULT_CODE_RULES[c.result.code].label[lang] : null,
    ]),
  };
}
