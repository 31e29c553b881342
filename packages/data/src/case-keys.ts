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

/** gsi6 partition of a city's SLA-timed cases, ordered by due time (the SLA sweep reads it). */
export const slaTimingPartition = (cityId: string) => `SLA#${cityId}`;

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
  return attrs;
}
