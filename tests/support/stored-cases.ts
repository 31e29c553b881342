import { type CaseRepository, newId } from '@citydesk/data';
import { type Case, type CaseEvent, type CaseStatus, generateTrackingNumber } from '@citydesk/domain';

/*
 * Cases written straight through the repository, in any state and with any history,
 * for tests that need many cases fast or cases closed long ago (retention, the
 * route-isolation property test). Filing through the API and waiting for routing is
 * what case-fixtures.ts does; this skips both and writes what they would have left.
 */

/** The personal data a stored case carries, distinct per case so a leak is traceable. */
export interface CitizenData {
  name: string;
  /** E.164, as intake stores it. */
  phone: string;
  email: string;
  /** Street and door: what masking drops. */
  address: string;
}

/** What a stored case looks like and how it got there. */
export interface StoredCaseSpec {
  status: CaseStatus;
  /** Absent only for a NEW case routing has not reached. */
  ownerTenantId?: string;
  ownerDepartmentCode?: string;
  /** Tenants that held the case before its current owner, first holder first (transfers). */
  formerOwnerTenantIds?: string[];
  location: { lat: number; lon: number; neighbourhood: string; districtTenantId: string };
  /** The staff user (or muhtar) who filed it; a citizen filed it when absent. */
  filedBy?: { userId: string; tenantId: string };
  citizen: CitizenData;
  workTypeCode?: string;
  createdAt: Date;
  /** When it was closed or cancelled, for those statuses (default: a day after creation). */
  endedAt?: Date;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function randomDigit(n: number): number {
  return Math.floor(Math.random() * n);
}

/** A case as the spec describes it after its history (version 2), and the events that history left. */
function buildCase(spec: StoredCaseSpec): {
  initial: Case;
  created: CaseEvent;
  final?: Case;
  history: CaseEvent[];
} {
  const id = newId();
  const t0 = spec.createdAt;
  const at = (offsetMinutes: number) => new Date(t0.getTime() + offsetMinutes * MINUTE).toISOString();
  const initial: Case = {
    id,
    cityId: 'balikesir',
    trackingNo: generateTrackingNumber(randomDigit),
    status: 'NEW',
    workTypeCode: spec.workTypeCode ?? 'ROAD-POTHOLE-LOCAL',
    catalogVersion: 'test',
    kind: 'complaint',
    priority: 'normal',
    channel: spec.filedBy ? 'call_center' : 'web',
    description: `Sokakta derin bir çukur var (${id.slice(-6)}).`,
    location: { ...spec.location, address: `${spec.citizen.address}, ${spec.location.neighbourhood} Mah.` },
    attachments: [],
    contact: {
      name: spec.citizen.name,
      phone: spec.citizen.phone,
      email: spec.citizen.email,
      preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '2026-11' },
    createdAt: at(0),
    updatedAt: at(0),
    // Far ahead: no SLA sweep touches these cases while a test runs.
    slaDueAt: new Date(Math.max(Date.now(), t0.getTime()) + 60 * DAY).toISOString(),
    version: 1,
  };
  const created: CaseEvent = {
    caseId: id,
    eventId: newId(),
    at: at(0),
    type: 'created',
    actor: spec.filedBy
      ? { kind: 'staff', id: spec.filedBy.userId, tenantId: spec.filedBy.tenantId }
      : { kind: 'citizen' },
    visibility: 'public',
    status: 'NEW',
  };
  if (!spec.ownerTenantId) return { initial, created, history: [] };

  const holders = [...(spec.formerOwnerTenantIds ?? []), spec.ownerTenantId];
  const department = spec.ownerDepartmentCode ?? 'FEN';
  const history: CaseEvent[] = holders.map((tenantId, i) => ({
    caseId: id,
    eventId: newId(),
    at: at(i + 1),
    type: i === 0 ? 'routed' : 'transferred',
    actor: { kind: 'system', id: 'routing' },
    visibility: 'public',
    status: 'ROUTED',
    tenantId,
    departmentCode: department,
  }));
  const ended = (spec.endedAt ?? new Date(t0.getTime() + DAY)).toISOString();
  const changedAt = ['CLOSED', 'CANCELLED', 'RESOLVED'].includes(spec.status) ? ended : at(holders.length);
  const staff = { kind: 'staff' as const, id: 'test-worker', tenantId: spec.ownerTenantId };
  const final: Case = {
    ...initial,
    status: spec.status,
    ownerTenantId: spec.ownerTenantId,
    ownerDepartmentCode: department,
    routedAt: at(holders.length),
    updatedAt: changedAt,
    ...(['ASSIGNED', 'IN_PROGRESS', 'ON_HOLD'].includes(spec.status)
      ? {
          assignee: {
            kind: 'team' as const,
            id: 'team-asphalt',
            name: 'Asfalt ekibi',
            assignedAt: at(holders.length),
          },
        }
      : {}),
    ...(spec.status === 'ON_HOLD'
      ? {
          hold: {
            reason: 'material' as const,
            resumeOn: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
            since: at(holders.length),
            resumeStatus: 'IN_PROGRESS' as const,
          },
        }
      : {}),
    ...(spec.status === 'RESOLVED' || spec.status === 'CLOSED'
      ? {
          resolvedAt: ended,
          result: {
            code: 'RESOLVED' as const,
            publicAnswer: 'Çukur onarıldı, ilginiz için teşekkür ederiz.',
            internalNote: 'Asfalt ekibi yamayı tamamladı.',
            at: ended,
            by: staff,
          },
        }
      : {}),
    ...(spec.status === 'CLOSED' ? { closedAt: ended } : {}),
    ...(spec.status === 'CANCELLED' ? { cancelledAt: ended } : {}),
    version: 2,
  };
  return { initial, created, final, history };
}

/**
 * Writes a case with its history through the repository: created (version 1), then,
 * if it has an owner, one transition to its final state with a `routed` event for
 * its first holder and a `transferred` event for each later one (version 2). No
 * outbox intents: nothing downstream reacts. Returns the stored case.
 */
export async function storeCase(repository: CaseRepository, spec: StoredCaseSpec): Promise<Case> {
  const { initial, created, final, history } = buildCase(spec);
  await repository.create({ case: initial, event: created, intents: [] });
  if (!final) return initial;
  await repository.saveTransition({ before: initial, after: final, events: history, intents: [] });
  return final;
}

/** Distinct, recognisable personal data for the n-th test citizen. */
export function citizenData(n: number): CitizenData {
  const serial = String(n).padStart(4, '0');
  return {
    name: `Nermin Test${serial} Karaca`,
    phone: `+90532880${serial}`,
    email: `nermin.test${serial}@ornek.com.tr`,
    address: `Menekşe Sokak No:${n + 1} Daire:${(n % 9) + 1}`,
  };
}
