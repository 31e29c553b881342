import * as z from 'zod';
import { type Case, CaseStatus } from './case.ts';
import type { CaseEventType } from './case-event.ts';
import { type Language, LocalizedText } from './localized-text.ts';
import type { Principal } from './principal.ts';
import { formatTrackingNumber } from './tracking-number.ts';

/*
 * The muhtar channel (docs/domain/muhtar-channel.md): a muhtar files cases for their
 * neighbourhood, hears of every stage change of what they filed by SMS, and sees the
 * public status of all cases of their neighbourhood. Pure: the handlers and the
 * notification worker supply the cases and the muhtar's account.
 */

/** GET /v1/staff/neighbourhood-cases. */
export const NeighbourhoodCasesQuery = z
  .object({
    status: CaseStatus.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
    cursor: z.string().max(2000).optional(),
  })
  .strict();
export type NeighbourhoodCasesQuery = z.output<typeof NeighbourhoodCasesQuery>;

/**
 * A case of the neighbourhood as a muhtar sees it: what the public track page shows,
 * never who filed it or how to reach them.
 */
export const NeighbourhoodCase = z
  .object({
    caseId: z.string(),
    trackingNo: z.string(),
    workTypeCode: z.string(),
    workTypeName: LocalizedText.optional(),
    status: CaseStatus,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().optional(),
    closedAt: z.iso.datetime().optional(),
    publicAnswer: z.string().optional(),
    /** The muhtar filed it themselves (they can open it in full). */
    filedByMe: z.boolean(),
    incidentId: z.string().optional(),
  })
  .strict()
  .meta({ id: 'NeighbourhoodCase' });
export type NeighbourhoodCase = z.infer<typeof NeighbourhoodCase>;

export const NeighbourhoodCaseList = z
  .object({
    neighbourhood: z.string(),
    districtTenantId: z.string(),
    cases: z.array(NeighbourhoodCase),
    nextCursor: z.string().optional(),
  })
  .strict()
  .meta({ id: 'NeighbourhoodCaseList' });
export type NeighbourhoodCaseList = z.infer<typeof NeighbourhoodCaseList>;

/** The public view of one case for a muhtar. */
export function toNeighbourhoodCase(
  c: Case,
  workTypeName: LocalizedText | undefined,
  filedByMe: boolean,
): NeighbourhoodCase {
  const answer = c.status === 'CANCELLED' ? undefined : c.result?.publicAnswer;
  return {
    caseId: c.id,
    trackingNo: formatTrackingNumber(c.trackingNo),
    workTypeCode: c.workTypeCode,
    ...(workTypeName ? { workTypeName } : {}),
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    ...(c.resolvedAt ? { resolvedAt: c.resolvedAt } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(answer ? { publicAnswer: answer } : {}),
    filedByMe,
    ...(c.incidentId ? { incidentId: c.incidentId } : {}),
  };
}

/** Is the principal a muhtar (and only that), filing for their own neighbourhood? */
export function isMuhtarOnly(principal: Principal): boolean {
  return principal.roles.length === 1 && principal.roles[0] === 'muhtar';
}

/**
 * The location a muhtar's case is filed with: always their neighbourhood (the muhtar
 * speaks for it, not for the next one). A point they gave stays; without one, the
 * neighbourhood's centroid stands in, so routing can place it. Undefined when there is
 * neither a point nor a known centroid: the neighbourhood alone cannot be stored.
 */
export function muhtarLocation<L extends { lat: number; lon: number; neighbourhood?: string | undefined }>(
  given: L | undefined,
  neighbourhood: string,
  centroid: { lat: number; lon: number } | undefined,
): (L & { neighbourhood: string }) | { lat: number; lon: number; neighbourhood: string } | undefined {
  if (given) return { ...given, neighbourhood };
  return centroid ? { lat: centroid.lat, lon: centroid.lon, neighbourhood } : undefined;
}

/** Timeline events that move a case to another stage: each is told to the muhtar who filed it. */
export const MUHTAR_STAGE_EVENTS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'routed',
  'accepted',
  'returned',
  'transferred',
  'assigned',
  'started',
  'on_hold',
  'resumed',
  'resolved',
  'closed',
  'reopened',
  'cancelled',
]);

const STATUS_TEXT: Readonly<Record<CaseStatus, LocalizedText>> = {
  NEW: { tr: 'alındı', en: 'received' },
  TRIAGE: { tr: 'yönlendirme bekliyor', en: 'awaiting routing' },
  ROUTED: { tr: 'ilgili birime iletildi', en: 'sent to the responsible unit' },
  ACCEPTED: { tr: 'birimce kabul edildi', en: 'accepted by the unit' },
  ASSIGNED: { tr: 'ekibe atandı', en: 'assigned to a team' },
  IN_PROGRESS: { tr: 'çalışma sürüyor', en: 'work in progress' },
  ON_HOLD: { tr: 'beklemede', en: 'on hold' },
  RESOLVED: { tr: 'sonuçlandı', en: 'resolved' },
  CLOSED: { tr: 'kapatıldı', en: 'closed' },
  CANCELLED: { tr: 'iptal edildi', en: 'cancelled' },
};

/**
 * The SMS a muhtar receives on a stage change: short and in GSM-friendly words, with
 * the tracking number they can read out and the answer when there is one.
 */
export function muhtarStageSms(
  input: { trackingNo: string; status: CaseStatus; workTypeName?: string; publicAnswer?: string },
  language: Language = 'tr',
): string {
  const no = formatTrackingNumber(input.trackingNo);
  const what = input.workTypeName ? ` (${input.workTypeName})` : '';
  const stage = STATUS_TEXT[input.status][language];
  const answer = input.publicAnswer ? ` ${input.publicAnswer.slice(0, 200)}` : '';
  return language === 'en'
    ? `Muhtar request ${no}${what}: ${stage}.${answer}`
    : `Muhtarlık başvurusu ${no}${what}: ${stage}.${answer}`;
}
