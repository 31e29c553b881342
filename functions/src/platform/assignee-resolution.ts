import { resolveDeputy, type StaffDirectory, type StaffPerson } from '@citydesk/domain';
import { staffDirectoryRepository } from './case-runtime.ts';
import { tenantCityRuntime } from './city-runtime.ts';
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
  const { people, teams } = await tenantDirectory(ownerTenantId);
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

/**
 * A tenant's people (from its staff directory) and teams (from its settings). A
 * person's deputy is the one they named for their absence, or else the one the
 * tenant's deputy hierarchy (vekâlet zinciri) gives them.
 */
export async function tenantDirectory(tenantId: string, departmentCode?: string): Promise<StaffDirectory> {
  const [{ people }, everyone, runtime] = await Promise.all([
    staffDirectoryRepository.list(tenantId, departmentCode),
    departmentCode ? staffDirectoryRepository.list(tenantId) : undefined,
    tenantCityRuntime(tenantId),
  ]);
  const settings = runtime?.settingsOf(tenantId);
  const userIdOf = new Map((everyone ?? { people }).people.map((p) => [p.username, p.userId]));
  const configured = new Map(settings?.deputies.map((d) => [d.username, userIdOf.get(d.deputy)]) ?? []);
  const withDeputy = (p: StaffPerson): StaffPerson => {
    const deputyUserId = p.deputyUserId ?? configured.get(p.username);
    return deputyUserId ? { ...p, deputyUserId } : p;
  };
  const teams = (settings?.teams ?? [])
    .filter((t) => !departmentCode || t.departmentCode === departmentCode)
    .map((t) => ({ id: t.id, name: t.name, departmentCode: t.departmentCode }))
    .sort((a, b) => a.name.localeCompare(b.name, 'tr'));
  return { tenantId, people: people.map(withDeputy), teams };
}
