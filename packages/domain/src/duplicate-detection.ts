import * as z from 'zod';
import { type Case, CaseId, type CaseStatus, CaseStatus as CaseStatusSchema } from './case.ts';
import { distanceMetres } from './geo.ts';
import type { LocalizedText } from './localized-text.ts';
import { GeoPoint, TenantId } from './tenant.ts';
import { formatTrackingNumber } from './tracking-number.ts';
import { type WorkType, WorkTypeCode } from './work-type.ts';

/*
 * Duplicate detection at intake (docs/domain/call-centre.md): while an agent records a
 * call, the open cases of the same work type, or of the same work-type group, within a
 * radius and a time window of the new case's location are offered as "already
 * reported". Linking one closes the new case as DUPLICATE of it and subscribes the new
 * citizen to the master case's updates (case-subscribers.ts). Pure: the handler reads
 * the candidate cases from the geohash index (the cells of geohash.ts
 * `geohashCellsWithin`) and this module filters, ranks and explains them.
 */

/** Statuses of a case another report can repeat: filed and not yet ended. */
export const DUPLICATE_MASTER_STATUSES: readonly CaseStatus[] = [
  'NEW',
  'TRIAGE',
  'ROUTED',
  'ACCEPTED',
  'ASSIGNED',
  'IN_PROGRESS',
  'ON_HOLD',
];

/**
 * The largest radius anyone may configure. The geohash-5 index cells are about
 * 3.4 km × 4.9 km at Balıkesir's latitude; a radius below the smaller side means the
 * point's cell and its eight neighbours cover the whole circle.
 */
export const MAX_DUPLICATE_RADIUS_METRES = 2000;
/** The longest window: older open cases are backlog, not "the same pothole reported today". */
export const MAX_DUPLICATE_WINDOW_DAYS = 90;

const Radius = z.number().int().min(10).max(MAX_DUPLICATE_RADIUS_METRES);
const WindowDays = z.number().int().min(1).max(MAX_DUPLICATE_WINDOW_DAYS);

/** How near and how recent an open case must be to count as the same report. */
export interface DuplicateRule {
  radiusMetres: number;
  windowDays: number;
}

/** One group's own radius and window (a burst water main is seen from further away than a pothole). */
export const DuplicateGroupRule = z
  .object({ group: z.string().trim().min(1).max(40), radiusMetres: Radius, windowDays: WindowDays })
  .strict();
export type DuplicateGroupRule = z.infer<typeof DuplicateGroupRule>;

/**
 * The metropolitan municipality's duplicate-detection setting (its tenant settings,
 * section `duplicateDetection`): it applies city-wide, because duplicates are found at
 * intake, before routing has chosen an owner. Absent: the built-in defaults below.
 */
export const DuplicateDetectionSettings = z
  .object({
    /** Off: the console never warns (a city that prefers its agents to search by hand). */
    enabled: z.boolean().default(true),
    /** For groups without a rule of their own (built-in or here). */
    radiusMetres: Radius.optional(),
    windowDays: WindowDays.optional(),
    groups: z.array(DuplicateGroupRule).max(100).default([]),
  })
  .strict();
export type DuplicateDetectionSettings = z.output<typeof DuplicateDetectionSettings>;

/** Any group without a rule. */
export const DEFAULT_DUPLICATE_RULE: DuplicateRule = { radiusMetres: 150, windowDays: 14 };

/**
 * Built-in rules per work-type group of the standard catalogue: outages and burst
 * mains affect a street or a neighbourhood at once, and calls about them come within
 * hours; a pothole or a broken lamp is one spot and stays reported for weeks.
 */
export const DEFAULT_GROUP_DUPLICATE_RULES: Readonly<Record<string, DuplicateRule>> = {
  WATER: { radiusMetres: 500, windowDays: 3 },
  WATERSUB: { radiusMetres: 500, windowDays: 3 },
  SEWER: { radiusMetres: 200, windowDays: 7 },
  STORM: { radiusMetres: 300, windowDays: 3 },
  LIGHT: { radiusMetres: 100, windowDays: 30 },
  ROAD: { radiusMetres: 100, windowDays: 30 },
  SIDEWALK: { radiusMetres: 75, windowDays: 30 },
  TRAFFIC: { radiusMetres: 100, windowDays: 14 },
  WASTE: { radiusMetres: 100, windowDays: 3 },
  CLEAN: { radiusMetres: 100, windowDays: 3 },
  TREE: { radiusMetres: 75, windowDays: 30 },
  PARK: { radiusMetres: 150, windowDays: 30 },
  ANIMAL: { radiusMetres: 300, windowDays: 7 },
  WINTER: { radiusMetres: 500, windowDays: 2 },
  DISASTER: { radiusMetres: 1000, windowDays: 2 },
};

/** The rule for a work-type group: the city's own, else the built-in one, else the default. */
export function duplicateRuleFor(group: string, settings?: DuplicateDetectionSettings): DuplicateRule {
  const own = settings?.groups.find((g) => g.group === group);
  if (own) return { radiusMetres: own.radiusMetres, windowDays: own.windowDays };
  const builtIn = DEFAULT_GROUP_DUPLICATE_RULES[group];
  if (builtIn) return builtIn;
  return {
    radiusMetres: settings?.radiusMetres ?? DEFAULT_DUPLICATE_RULE.radiusMetres,
    windowDays: settings?.windowDays ?? DEFAULT_DUPLICATE_RULE.windowDays,
  };
}

/** The earliest creation time a candidate may have (ISO), `windowDays` before `now`. */
export function duplicateWindowStart(rule: DuplicateRule, now: Date): string {
  return new Date(now.getTime() - rule.windowDays * 24 * 3600 * 1000).toISOString();
}

/** A case that may be the one the caller is reporting, ranked. */
export interface RankedCandidate {
  case: Case;
  distanceMetres: number;
  sameWorkType: boolean;
}

/** The most candidates the console shows: more would not be read on a call. */
export const MAX_DUPLICATE_CANDIDATES = 5;

/**
 * The candidates among `cases` (read from the geohash cells around the point): open,
 * filed within the window, within the radius, of the same work type or group; the
 * same work type first, then the nearest, then the newest.
 */
export function rankDuplicateCandidates(input: {
  point: GeoPoint;
  workType: WorkType;
  cases: readonly Case[];
  rule: DuplicateRule;
  now: Date;
  groupOf: (workTypeCode: string) => string | undefined;
  limit?: number;
}): RankedCandidate[] {
  const since = duplicateWindowStart(input.rule, input.now);
  const seen = new Set<string>();
  const ranked: RankedCandidate[] = [];
  for (const c of input.cases) {
    if (seen.has(c.id) || !c.location) continue;
    seen.add(c.id);
    if (!DUPLICATE_MASTER_STATUSES.includes(c.status) || c.createdAt < since) continue;
    const sameWorkType = c.workTypeCode === input.workType.code;
    if (!sameWorkType && input.groupOf(c.workTypeCode) !== input.workType.group) continue;
    const distance = distanceMetres(input.point, c.location);
    if (distance > input.rule.radiusMetres) continue;
    ranked.push({ case: c, distanceMetres: Math.round(distance), sameWorkType });
  }
  ranked.sort(
    (a, b) =>
      Number(b.sameWorkType) - Number(a.sameWorkType) ||
      a.distanceMetres - b.distanceMetres ||
      b.case.createdAt.localeCompare(a.case.createdAt),
  );
  return ranked.slice(0, input.limit ?? MAX_DUPLICATE_CANDIDATES);
}

/**
 * The answer a linked duplicate's citizen receives when their own case closes: the
 * master's tracking number, so they can follow it, and the promise of its updates.
 */
export function duplicatePublicAnswer(masterTrackingNo: string): LocalizedText {
  const no = formatTrackingNumber(masterTrackingNo);
  return {
    tr: `Bu konu daha önce ${no} numaralı başvuru ile bildirilmiş ve ilgili birimde işlem görüyor. Bu başvurudaki gelişmeler size de bildirilecektir.`,
    en: `This was already reported as request ${no} and is being handled. You will receive that request's updates too.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Contracts of the console's duplicate check and link

/** The new case as far as the agent has typed it: its work type and where. */
export const DuplicateCandidatesRequest = z
  .object({ workTypeCode: WorkTypeCode, location: GeoPoint })
  .strict()
  .meta({ id: 'DuplicateCandidatesRequest' });
export type DuplicateCandidatesRequest = z.infer<typeof DuplicateCandidatesRequest>;

/** One open case near the new one; no personal data (the agent links, the citizen is another). */
export const DuplicateCandidate = z
  .object({
    caseId: CaseId,
    trackingNo: z.string().meta({ example: '4827-3915-0266' }),
    workTypeCode: WorkTypeCode,
    sameWorkType: z.boolean(),
    status: CaseStatusSchema,
    createdAt: z.iso.datetime(),
    distanceMetres: z.number().int().nonnegative(),
    ownerTenantId: TenantId.optional(),
    neighbourhood: z.string().optional(),
    /** The master's description, for the agent to compare with what the caller says. */
    description: z.string(),
  })
  .meta({ id: 'DuplicateCandidate' });
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateCandidates = z
  .object({
    radiusMetres: z.number().int(),
    windowDays: z.number().int(),
    candidates: z.array(DuplicateCandidate),
  })
  .meta({ id: 'DuplicateCandidates' });
export type DuplicateCandidates = z.infer<typeof DuplicateCandidates>;
