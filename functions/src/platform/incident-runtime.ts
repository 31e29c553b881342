import {
  createDocumentClient,
  IncidentRepository,
  MuhtarChannelRepository,
  mainTable,
  newId,
  requireEnv,
  type TransactItem,
} from '@citydesk/data';
import {
  attachToIncident,
  type Case,
  type CaseEvent,
  matchingIncident,
  type OutboxIntent,
  type RoutingDecision,
  type WorkType,
} from '@citydesk/domain';
import type { HttpRequest } from './http-handler.ts';

/*
 * Incidents and the muhtar channel at routing (docs/domain/incidents.md,
 * docs/domain/muhtar-channel.md). Routing is the one step every case passes, whatever
 * its channel, and the first moment its owner and neighbourhood are known: so that is
 * where a case joins an incident and its neighbourhood's list, in the routing
 * transaction itself (a redelivered routing message finds the case routed and does
 * neither twice).
 */

const doc = createDocumentClient();
export const incidentRepository = new IncidentRepository(doc, requireEnv(mainTable.envVar));
export const muhtarChannelRepository = new MuhtarChannelRepository(doc, requireEnv(mainTable.envVar));

interface JwtClaims {
  authorizer?: { jwt?: { claims?: Record<string, unknown> } };
}

/**
 * The caller's phone number from their verified ID token (Cognito's `phone_number`,
 * E.164), if their account has one: where a muhtar's stage-change SMS go.
 */
export function phoneClaimOf(req: HttpRequest): string | undefined {
  const claims = (req.event.requestContext as JwtClaims).authorizer?.jwt?.claims;
  const phone = claims?.phone_number;
  return typeof phone === 'string' && /^\+[1-9]\d{7,14}$/.test(phone) ? phone : undefined;
}

/** What routing adds to its transition: the case as attached, extra events, intents and items. */
export interface RoutingAdditions {
  after: Case;
  events: CaseEvent[];
  intents: OutboxIntent[];
  extraItems: TransactItem[];
  /** The incident the case joins: its counter's condition can cancel the transaction. */
  incidentId?: string;
}

/** The neighbourhood of a case: the one named at intake, else the one routing located. */
export function neighbourhoodOf(
  c: Case,
  decision: RoutingDecision,
): { neighbourhood: string; districtTenantId: string } | undefined {
  const neighbourhood = c.location?.neighbourhood ?? decision.explanation.location?.neighbourhood;
  const districtTenantId = decision.districtTenantId ?? c.location?.districtTenantId;
  return neighbourhood && districtTenantId ? { neighbourhood, districtTenantId } : undefined;
}

/**
 * The incident attachment and neighbourhood entry of a case being routed. `routed` is
 * the case as routing leaves it; only a case routed to an owner joins an incident
 * (triage and referrals are decided by people, or closed at once).
 */
export async function routingAdditions(input: {
  routed: Case;
  decision: RoutingDecision;
  workType: WorkType;
  now: Date;
}): Promise<RoutingAdditions> {
  const { routed, decision, workType, now } = input;
  const additions: RoutingAdditions = { after: routed, events: [], intents: [], extraItems: [] };
  const place = neighbourhoodOf(routed, decision);
  if (place) {
    additions.extraItems.push(
      muhtarChannelRepository.neighbourhoodItem({
        cityId: routed.cityId,
        ...place,
        caseId: routed.id,
        createdAt: routed.createdAt,
      }),
    );
  }
  if (decision.outcome !== 'routed') return additions;
  const incident = matchingIncident(
    await incidentRepository.listActive(routed.cityId),
    {
      workTypeCode: routed.workTypeCode,
      workTypeGroup: workType.group,
      ownerTenantId: decision.tenantId,
      location: routed.location,
      neighbourhood: place?.neighbourhood,
      districtTenantId: place?.districtTenantId,
    },
    now,
  );
  const attached = incident ? attachToIncident(routed, incident, newId(), now) : undefined;
  if (!incident || !attached) return additions;
  return {
    after: attached.after,
    events: [attached.event],
    intents: attached.intents,
    extraItems: [
      ...additions.extraItems,
      ...incidentRepository.attachItems(incident.id, routed.id, now.toISOString()),
    ],
    incidentId: incident.id,
  };
}
