import { resolveDeputy } from '@citydesk/domain';
import { staffDirectoryRepository } from './case-runtime.ts';
import { ProblemError } from './problem-details.ts';

export interface RequestedAssignee {
  kind: 'user' | 'team';
  id: string;
  name: string;
}

/**
 * Who really receives an assignment: a person of the assigning tenant's directory —
 * or, while they are absent, their deputy (vekil) down the chain — or one of its
 * teams. Anyone outside the tenant's directory is refused: assignments never cross
 * tenants (that is what transfer is for).
 */
export async function resolveAssignee(ownerTenantId: string, requested: RequestedAssignee) {
  const { people, teams } = await staffDirectoryRepository.list(ownerTenantId);
  if (requested.kind === 'team') {
    const team = teams.find((t) => t.id === requested.id);
    if (!team) throw unknownAssignee();
    return { assignee: { kind: 'team' as const, id: team.id, name: team.name }, deputyFor: undefined };
  }
  const resolved = resolveDeputy(new Map(people.map((p) => [p.userId, p])), requested.id);
  if (!resolved) throw unknownAssignee();
  const original = resolved.via[0];
  return {
    assignee: { kind: 'user' as const, id: resolved.assignee.userId, name: resolved.assignee.displayName },
    deputyFor: original ? { id: original.userId, name: original.displayName } : undefined,
  };
}

const unknownAssignee = () =>
  new ProblemError('business-rule-violated', undefined, [
    {
      path: 'assignee.id',
      message: {
        tr: 'Bu kişi ya da ekip, başvurunun sahibi kurumun rehberinde yok.',
        en: "This person or team is not in the owning organisation's directory.",
      },
    },
  ]);
