import type { Case, Priority } from '@citydesk/domain';
import { encodeGeohash, SLA_TIMED_STATUSES } from '@citydesk/domain';

/*
 * Key builders of the single-table design (docs/adr/0002-single-table-design.md).
 * This file is the only place that knows how case-related items are keyed.
 */

export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: '#CASE' });
export const trackingKey = (trackingNo: string) => ({ pk: `TRACK#${trackingNo}`, sk: '#TRACK' });
/** Events sort by time within the case partition; the ULID breaks ties and makes keys unique. */
export const eventKey = (caseId: string, at: string, eventId: string) => ({
  pk: `CASE#${caseId}`,
  sk: `EVT#${at}#${eventId}`,
});
export const outboxKey = (caseId: string, eventId: string, intent: string) => ({
  pk: `CASE#${caseId}`,
  sk: `OUTBOX#${eventId}#${intent}`,
});
export const idempotencyKey = (operation: string, key: string) => ({ pk: `IDEMP#${operation}#${key}` });
/** A citizen phone's count of public filings on one Türkiye day (by its HMAC, never the number). */
export const phoneQuotaKey = (phoneHash: string, day: string) => ({
  pk: `QUOTA#PHONE#${phoneHash}`,
  sk: day,
});
/**
 * The uniqueness item of an external reference (a CİMER number, a district ticket):
 * one case per submitting tenant, system and id, for ever, unlike the 24-hour
 * idempotency claims. The id is URI-encoded so it can never forge another key's `#`.
 */
export const externalReferenceKey = (tenantId: string, system: string, id: string) => ({
  pk: `EXTREF#${tenantId}#${system}#${encodeURIComponent(id)}`,
  sk: '#EXTREF',
});

/** gsi6 partition of a city's SLA-timed cases, ordered by due time (the SLA sweep reads it). */
export const slaTimingPartition = (cityId: string) => `SLA#${cityId}`;

/**
 * gsi6 partition of a city's closed and cancelled cases that still hold personal
 * data, one per closure month (`2026-11`), ordered by closure time: the retention job
 * reads only the months past the retention period, never the whole table.
 */
export const retentionPartition = (cityId: string, closureMonth: string) =>
  `RETAIN#${cityId}#${closureMonth}`;

/**
 * When a closed or cancelled case ended, or undefined for any other status. A case
 * stored without its closure time counts from its last change, which is never earlier.
 */
export function closureTimeOf(c: Case): string | undefined {
  if (c.status === 'CLOSED') return c.closedAt ?? c.updatedAt;
  if (c.status === 'CANCELLED') return c.cancelledAt ?? c.updatedAt;
  return undefined;
}

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const OPEN_STATES = new Set(['ROUTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD', 'TRIAGE']);

/**
 * Index attributes derived from a case. Queue membership is sparse: only open cases
 * with an owner carry gsi1 keys, so a closed case silently leaves every queue.
 */
export function caseIndexAttributes(c: Case, phoneHash: string | undefined): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (c.ownerTenantId && OPEN_STATES.has(c.status)) {
    attrs.gsi1pk = `QUEUE#${c.ownerTenantId}#${c.ownerDepartmentCode ?? '-'}`;
    attrs.gsi1sk = `${PRIORITY_RANK[c.priority]}#${c.slaDueAt}#${c.id}`;
    // The same order tenant-wide, for supervisors and staff not bound to one department.
    attrs.gsi5pk = `TQUEUE#${c.ownerTenantId}`;
    attrs.gsi5sk = attrs.gsi1sk;
  }
  if (phoneHash) {
    attrs.gsi2pk = `CITIZEN#${phoneHash}`;
    attrs.gsi2sk = `${c.createdAt}#${c.id}`;
  }
  if (c.location) {
    attrs.gsi3pk = `GEO#${encodeGeohash(c.location, 5)}`;
    attrs.gsi3sk = `${c.createdAt}#${c.id}`;
  }
  if (c.ownerTenantId) {
    attrs.gsi4pk = `OWNER#${c.ownerTenantId}`;
    attrs.gsi4sk = `${c.createdAt}#${c.id}`;
  }
  // Timing (gsi6): a case whose SLA clock can run (NEW and every open state), by due
  // time, city-wide, so one query finds what is about to be or is already late.
  if (SLA_TIMED_STATUSES.has(c.status)) {
    attrs.gsi6pk = slaTimingPartition(c.cityId);
    attrs.gsi6sk = `${c.slaDueAt}#${c.id}`;
  }
  // Retention (gsi6, the same index: a case is either timed or ended, never both): an
  // ended case waits here until the retention job anonymises it; then it drops out,
  // and a reopened case leaves with its status.
  const closedAt = closureTimeOf(c);
  if (closedAt && !c.anonymisedAt) {
    attrs.gsi6pk = retentionPartition(c.cityId, closedAt.slice(0, 7));
    attrs.gsi6sk = `${closedAt}#${c.id}`;
  }
  return attrs;
}

/** The stored item of a case: its key, the entity tag, the case itself and its index attributes. */
export function caseItem(c: Case, phoneHash: string | undefined): Record<string, unknown> {
  return { ...caseKey(c.id), entity: 'Case', ...c, ...caseIndexAttributes(c, phoneHash) };
}

// Satisfaction surveys (docs/domain/surveys.md). All but the token and aggregate items
// live in the case's partition after `F`, so case-with-timeline reads skip them.

/** A scheduled survey, on gsi6 in its city's `SURVEY#<city>` partition by due time. */
export const surveyDueKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'SURVEY#DUE' });
/** gsi6 partition of a city's due surveys (the survey job reads it up to now). */
export const surveySchedulePartition = (cityId: string) => `SURVEY#${cityId}`;
/** The survey of a case: at most one, ever (a reopened case is not surveyed twice). */
export const surveyRecordKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'SURVEY#RECORD' });
/** A survey token's lookup item, by the SHA-256 of the token: the raw token is never stored. */
export const surveyTokenKey = (tokenHash: string) => ({ pk: `SURVEYTOKEN#${tokenHash}`, sk: '#TOKEN' });
/** The follow-up a "not resolved" answer opens; open ones are listed per tenant on gsi4. */
export const surveyFollowUpKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'SURVEY#FOLLOWUP' });
export const surveyFollowUpPartition = (tenantId: string) => `SURVEYFOLLOWUP#${tenantId}`;
/**
 * A satisfaction counter bucket: partition per tenant (the ADR's `AGG#<tenant>…`
 * prefix, so a tenant-scoped IAM role reaches only its own), one item per ISO week,
 * department, work type and intake channel. A week range is one query.
 */
export const satisfactionAggregateKey = (d: {
  tenantId: string;
  week: string;
  departmentCode: string;
  workTypeCode: string;
  channel: string;
}) => ({
  pk: satisfactionAggregatePartition(d.tenantId),
  sk: `${d.week}#${d.departmentCode}#${d.workTypeCode}#${d.channel}`,
});
export const satisfactionAggregatePartition = (tenantId: string) => `AGG#${tenantId}#SATISFACTION`;
