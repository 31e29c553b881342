import * as z from 'zod';
import { Actor } from './actor.ts';
import { type Case, CaseId, type CaseResult } from './case.ts';
import type { CaseEvent } from './case-event.ts';
import { ENDED_STATUSES } from './case-lifecycle.ts';
import { AreaGeometrySchema } from './city-configuration.ts';
import { type AreaGeometry, distanceMetres, foldTurkish, pointInArea } from './geo.ts';
import type { Language } from './localized-text.ts';
import type { OutboxIntent } from './outbox-intent.ts';
import { GeoPoint, TenantId } from './tenant.ts';
import { WorkTypeCode } from './work-type.ts';

/*
 * Incidents (olay): a utility or a municipality declares a known, area-wide problem
 * (a water outage in a list of neighbourhoods, a collapsed road) with an expected end.
 * New cases of its work types in its area are attached to it at routing; call-centre
 * agents read its script; when it ends, every attached case is answered with the
 * closing message at once (docs/domain/incidents.md). Pure: the repository and the
 * workers feed it cases and incidents.
 */

/** An incident's id: a ULID, chosen by the server. */
export const IncidentId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'incident.id' });

/** A neighbourhood of the area: its name repeats across districts, so the district comes with it. */
export const IncidentNeighbourhood = z
  .object({ districtTenantId: TenantId, name: z.string().trim().min(2).max(80) })
  .strict();
export type IncidentNeighbourhood = z.infer<typeof IncidentNeighbourhood>;

/** A circle on the map: a burst main and the streets around it. */
export const IncidentCircle = z
  .object({ center: GeoPoint, radiusMetres: z.number().positive().max(50_000) })
  .strict();
export type IncidentCircle = z.infer<typeof IncidentCircle>;

/**
 * Where the incident is: any of its neighbourhoods, circles or its polygon. At least
 * one part, so an incident never covers "everything" by accident.
 */
export const IncidentArea = z
  .object({
    neighbourhoods: z.array(IncidentNeighbourhood).max(500).default([]),
    circles: z.array(IncidentCircle).max(20).default([]),
    polygon: AreaGeometrySchema.optional(),
  })
  .strict()
  .refine((a) => a.neighbourhoods.length > 0 || a.circles.length > 0 || a.polygon !== undefined, {
    error: 'incident.area-empty',
  });
export type IncidentArea = z.output<typeof IncidentArea>;

/** Text in Turkish, optionally English (the portal's second language). */
export const IncidentText = (max: number) =>
  z
    .object({
      tr: z.string().trim().min(3, { error: 'incident.text' }).max(max, { error: 'incident.text' }),
      en: z
        .string()
        .trim()
        .min(3, { error: 'incident.text' })
        .max(max, { error: 'incident.text' })
        .optional(),
    })
    .strict();
export type IncidentText = { tr: string; en?: string | undefined };

export const IncidentStatus = z.enum(['ACTIVE', 'ENDED']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/**
 * Which work types an incident covers: those of a catalogue group (all water
 * supply work) or an explicit list, or both.
 */
const workTypeScope = {
  workTypeGroup: z.string().trim().min(1).max(80).optional(),
  workTypeCodes: z.array(WorkTypeCode).max(100).default([]),
};

export const Incident = z
  .object({
    id: IncidentId,
    cityId: z.string(),
    /** The tenant whose cases it attaches (the utility for an outage). */
    tenantId: TenantId,
    ...workTypeScope,
    area: IncidentArea,
    title: z.string().trim().min(3).max(160),
    /** What citizens are told: on attached cases and, at the end, with the closing message. */
    publicMessage: IncidentText(500),
    /** What agents read to callers. */
    agentScript: IncidentText(2000),
    startsAt: z.iso.datetime(),
    expectedEndAt: z.iso.datetime(),
    status: IncidentStatus,
    endedAt: z.iso.datetime().optional(),
    closingMessage: IncidentText(1000).optional(),
    /** Cases attached so far (exactly once each: the attachment item is conditional). */
    attachedCount: z.number().int().nonnegative(),
    declaredBy: Actor,
    endedBy: Actor.optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .strict();
export type Incident = z.infer<typeof Incident>;

/** POST /v1/staff/incidents. */
export const DeclareIncidentRequest = z
  .object({
    tenantId: TenantId,
    ...workTypeScope,
    area: IncidentArea,
    title: z.string().trim().min(3, { error: 'incident.title' }).max(160, { error: 'incident.title' }),
    publicMessage: IncidentText(500),
    agentScript: IncidentText(2000),
    /** Absent: now. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    expectedEndAt: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((r) => r.workTypeGroup !== undefined || r.workTypeCodes.length > 0, {
    error: 'incident.work-types',
    path: ['workTypeCodes'],
  })
  .refine((r) => !r.startsAt || Date.parse(r.expectedEndAt) > Date.parse(r.startsAt), {
    error: 'incident.expected-end',
    path: ['expectedEndAt'],
  });
export type DeclareIncidentRequest = z.input<typeof DeclareIncidentRequest>;

/** PATCH /v1/staff/incidents/{id}: a new expected end, script or public message. */
export const UpdateIncidentRequest = z
  .object({
    expectedVersion: z.number().int().positive(),
    expectedEndAt: z.iso.datetime({ offset: true }).optional(),
    agentScript: IncidentText(2000).optional(),
    publicMessage: IncidentText(500).optional(),
  })
  .strict();
export type UpdateIncidentRequest = z.input<typeof UpdateIncidentRequest>;

/** POST /v1/staff/incidents/{id}/end. */
export const EndIncidentRequest = z
  .object({ expectedVersion: z.number().int().positive(), closingMessage: IncidentText(1000) })
  .strict();
export type EndIncidentRequest = z.input<typeof EndIncidentRequest>;

export const IncidentListQuery = z
  .object({
    /** `active` (default): what agents need now; `recent`: every incident, newest first. */
    scope: z.enum(['active', 'recent']).default('active'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .strict();

/** An incident as the staff API shows it. */
export const IncidentView = Incident.extend({
  /** True once `startsAt` has passed and it has not ended: new cases are being attached. */
  attaching: z.boolean(),
}).meta({ id: 'Incident' });
export type IncidentView = z.infer<typeof IncidentView>;

export const IncidentList = z
  .object({ incidents: z.array(IncidentView), nextCursor: z.string().optional() })
  .strict()
  .meta({ id: 'IncidentList' });
export type IncidentList = z.infer<typeof IncidentList>;

export function toIncidentView(incident: Incident, now: Date): IncidentView {
  return { ...incident, attaching: isAttaching(incident, now) };
}

/** Is the incident attaching new cases at `now`? From its start until it ends. */
export function isAttaching(incident: Incident, now: Date): boolean {
  return incident.status === 'ACTIVE' && Date.parse(incident.startsAt) <= now.getTime();
}

/** What attachment looks at in a case being routed. */
export interface IncidentCaseFacts {
  workTypeCode: string;
  /** The catalogue group of the case's work type. */
  workTypeGroup: string | undefined;
  /** The tenant routing gave the case to. */
  ownerTenantId: string;
  location?: { lat: number; lon: number } | undefined;
  /** The neighbourhood the citizen named or routing located, and its district. */
  neighbourhood?: string | undefined;
  districtTenantId?: string | undefined;
}

/** Does the incident's work-type scope include this work type? */
export function coversWorkType(
  incident: Pick<Incident, 'workTypeCodes' | 'workTypeGroup'>,
  workTypeCode: string,
  workTypeGroup: string | undefined,
): boolean {
  if (incident.workTypeCodes.includes(workTypeCode)) return true;
  return incident.workTypeGroup !== undefined && incident.workTypeGroup === workTypeGroup;
}

/**
 * Does the area include the case's place? A named neighbourhood matches after Turkish
 * folding (İ/ı, spacing) within the same district; a point matches a circle or the
 * polygon (its border included). A case with neither a point nor a neighbourhood is
 * in no area.
 */
export function coversPlace(
  area: IncidentArea,
  place: Pick<IncidentCaseFacts, 'location' | 'neighbourhood' | 'districtTenantId'>,
): boolean {
  if (place.neighbourhood && place.districtTenantId) {
    const name = foldTurkish(place.neighbourhood);
    if (
      area.neighbourhoods.some(
        (n) => n.districtTenantId === place.districtTenantId && foldTurkish(n.name) === name,
      )
    )
      return true;
  }
  const point = place.location;
  if (!point) return false;
  if (area.circles.some((c) => distanceMetres(c.center, point) <= c.radiusMetres)) return true;
  return area.polygon !== undefined && pointInArea(point, area.polygon as AreaGeometry) !== 'outside';
}

/**
 * The incident a case being routed belongs to, if any: attaching now, declared for
 * the tenant the case was routed to, covering its work type and its place. Among
 * several (overlapping declarations), the one that started first, so the choice does
 * not depend on the order the incidents were read in.
 */
export function matchingIncident(
  incidents: readonly Incident[],
  facts: IncidentCaseFacts,
  now: Date,
): Incident | undefined {
  return incidents
    .filter(
      (i) =>
        isAttaching(i, now) &&
        i.tenantId === facts.ownerTenantId &&
        coversWorkType(i, facts.workTypeCode, facts.workTypeGroup) &&
        coversPlace(i.area, facts),
    )
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id))[0];
}

/** The actor of incident steps done by the system (attachment at routing, the end fan-out). */
export const INCIDENT_ACTOR: Actor = { kind: 'system', id: 'incidents' };

/**
 * Attaches a case to an incident: the case keeps the incident's id, and its timeline
 * gets a public `incident_attached` event with the incident's public message (the
 * citizen's track page explains why nothing happens yet). Applied to the case as
 * routing leaves it, in the same transaction; undefined when already attached.
 */
export function attachToIncident(
  c: Case,
  incident: Incident,
  eventId: string,
  now: Date,
): { after: Case; event: CaseEvent; intents: OutboxIntent[] } | undefined {
  if (c.incidentId) return undefined;
  const after: Case = { ...c, incidentId: incident.id };
  const event: CaseEvent = {
    caseId: c.id,
    eventId,
    at: now.toISOString(),
    type: 'incident_attached',
    actor: INCIDENT_ACTOR,
    visibility: 'public',
    status: after.status,
    ...(after.ownerTenantId ? { tenantId: after.ownerTenantId } : {}),
    ...(after.ownerDepartmentCode ? { departmentCode: after.ownerDepartmentCode } : {}),
    data: {
      incidentId: incident.id,
      title: incident.title,
      // `publicAnswer`: the one field of a public event's data the track page shows.
      publicAnswer: incidentText(incident.publicMessage, c.contact?.preference.language ?? 'tr'),
      publicAnswerText: {
        tr: incident.publicMessage.tr,
        en: incident.publicMessage.en ?? incident.publicMessage.tr,
      },
      expectedEndAt: incident.expectedEndAt,
    },
  };
  return {
    after,
    event,
    intents: [{ intent: 'analytics', caseId: c.id, eventId, eventType: 'incident_attached' }],
  };
}

/** A message in the reader's language, Turkish when there is no English text. */
export const incidentText = (text: IncidentText, language: Language): string =>
  (language === 'en' ? text.en : undefined) ?? text.tr;

/**
 * What ending an incident does to one attached case:
 * - `resolve`: the case is still open (routed, accepted, assigned, in progress, on
 *   hold, or waiting in triage after a return): resolved with result RESOLVED and the
 *   closing message as its public answer. The citizen hears through the ordinary
 *   `resolved` notification, so they get one message, not two.
 * - `notify`: the case already has a result (resolved or closed by the unit before the
 *   end): its result stays, and the citizen is told the incident is over (a public
 *   `incident_ended` event announced as a `resolved` step with the closing message).
 * - `skip`: cancelled (the citizen withdrew), or not attached to this incident.
 */
export type IncidentEndAction = 'resolve' | 'notify' | 'skip';

export function incidentEndAction(c: Case, incidentId: string): IncidentEndAction {
  if (c.incidentId !== incidentId || c.status === 'CANCELLED') return 'skip';
  if (c.status === 'NEW') return 'skip';
  return ENDED_STATUSES.includes(c.status) ? 'notify' : 'resolve';
}

/** The public answer of an incident's end, as the case's citizen reads it. */
function closingAnswer(incident: Incident, c: Case): { text: string; both: { tr: string; en: string } } {
  const closing = incident.closingMessage ?? incident.publicMessage;
  const language = c.contact?.preference.language ?? 'tr';
  return { text: incidentText(closing, language), both: { tr: closing.tr, en: closing.en ?? closing.tr } };
}

/**
 * The change ending an incident makes to one attached case, or undefined when there
 * is nothing to do (see {@link IncidentEndAction}). `resolve` bumps the version (the
 * caller saves it conditionally, so a redelivered fan-out finds the case resolved and
 * stops); `notify` appends events only, and the caller records them once per
 * (incident, case).
 */
export function endIncidentForCase(
  c: Case,
  incident: Incident,
  newEventId: () => string,
  now: Date,
):
  | { action: 'resolve'; after: Case; events: CaseEvent[]; intents: OutboxIntent[] }
  | { action: 'notify'; events: CaseEvent[]; intents: OutboxIntent[] }
  | undefined {
  const action = incidentEndAction(c, incident.id);
  if (action === 'skip') return undefined;
  const at = now.toISOString();
  const answer = closingAnswer(incident, c);
  const event = (
    state: Case,
    type: CaseEvent['type'],
    visibility: CaseEvent['visibility'],
    data: Record<string, unknown>,
  ): CaseEvent => ({
    caseId: c.id,
    eventId: newEventId(),
    at,
    type,
    actor: INCIDENT_ACTOR,
    visibility,
    status: state.status,
    ...(state.ownerTenantId ? { tenantId: state.ownerTenantId } : {}),
    ...(state.ownerDepartmentCode ? { departmentCode: state.ownerDepartmentCode } : {}),
    data,
  });
  const analytics = (e: CaseEvent): OutboxIntent => ({
    intent: 'analytics',
    caseId: c.id,
    eventId: e.eventId,
    eventType: e.type,
  });
  const ended = (state: Case) =>
    event(state, 'incident_ended', 'public', {
      incidentId: incident.id,
      title: incident.title,
      publicAnswer: answer.text,
      publicAnswerText: answer.both,
    });

  if (action === 'notify') {
    const e = ended(c);
    return {
      action,
      events: [e],
      intents: [
        analytics(e),
        { intent: 'notify-citizen', caseId: c.id, eventId: e.eventId, step: 'resolved' },
      ],
    };
  }
  const result: CaseResult = {
    code: 'RESOLVED',
    publicAnswer: answer.text,
    internalNote: `Olay sona erdi: ${incident.title} (${incident.id}).`,
    // The incident is the work order: its record says who declared and ended it, when.
    evidence: { workOrderRef: `OLAY-${incident.id}` },
    at,
    by: INCIDENT_ACTOR,
  };
  const { hold: _hold, ...open } = c;
  const after: Case = {
    ...open,
    status: 'RESOLVED',
    result,
    resolvedAt: at,
    updatedAt: at,
    version: c.version + 1,
  };
  const endedEvent = ended(after);
  const resolved = event(after, 'resolved', 'public', {
    resultCode: result.code,
    publicAnswer: result.publicAnswer,
    publicAnswerText: answer.both,
    incidentId: incident.id,
  });
  const note = event(after, 'note', 'internal', {
    kind: 'result',
    resultCode: result.code,
    internalNote: result.internalNote,
    evidence: result.evidence,
  });
  const events = [endedEvent, resolved, note];
  const intents: OutboxIntent[] = [
    ...events.map(analytics),
    { intent: 'notify-citizen', caseId: c.id, eventId: resolved.eventId, step: 'resolved' },
  ];
  // A split's child reports to its parent like any other resolution.
  if (c.parentCaseId)
    intents.push({
      intent: 'child-resolved',
      caseId: c.parentCaseId,
      childCaseId: c.id,
      eventId: resolved.eventId,
    });
  return { action, after, events, intents };
}

/** How many case ids one fan-out message carries: a page the worker finishes well within its timeout. */
export const INCIDENT_FAN_OUT_CHUNK = 25;

/** Splits attached case ids into the fan-out's messages, in order. */
export function fanOutChunks<T>(ids: readonly T[], size = INCIDENT_FAN_OUT_CHUNK): T[][] {
  if (size < 1) throw new Error('chunk size must be positive');
  const chunks: T[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}

/**
 * The incidents queue's messages. `plan` pages through an ended incident's attached
 * cases (keys only) and queues their `cases` chunks; `cases` ends the incident for a
 * few cases. Both are safe to repeat: each case changes once per incident.
 */
export const IncidentFanOutMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plan'), incidentId: IncidentId, cursor: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('cases'),
      incidentId: IncidentId,
      caseIds: z.array(CaseId).min(1).max(INCIDENT_FAN_OUT_CHUNK),
    })
    .strict(),
]);
export type IncidentFanOutMessage = z.infer<typeof IncidentFanOutMessage>;

/** The case-page banner: incidents a caller may be phoning about, with the script to read. */
export interface IncidentMatchHint {
  workTypeCode?: string | undefined;
  workTypeGroup?: string | undefined;
  neighbourhood?: string | undefined;
  districtTenantId?: string | undefined;
}

/**
 * Does an incident fit what the agent has entered so far? Used to highlight a banner:
 * any given fact must match, and nothing entered yet matches everything.
 */
export function incidentFitsHint(incident: Incident, hint: IncidentMatchHint): boolean {
  if (hint.workTypeCode && !coversWorkType(incident, hint.workTypeCode, hint.workTypeGroup)) return false;
  if (hint.neighbourhood && hint.districtTenantId)
    return coversPlace(incident.area, {
      neighbourhood: hint.neighbourhood,
      districtTenantId: hint.districtTenantId,
    });
  return Boolean(hint.workTypeCode || hint.neighbourhood);
}
