import type { AssigneeRef, StaffDirectory } from '@citydesk/domain';
import type { SelectGroup } from '#lib/design/components/Select.svelte';

/*
 * The assignment picker's choices from the staff directory. A value is `user:<id>` or
 * `team:<id>`, so one select holds people and teams. People who are away are listed
 * with their deputy: the API hands their new work to the deputy, and the person
 * assigning should know before choosing.
 */

export interface AssigneeTexts {
  people: string;
  teams: string;
  away: (name: string, deputy: string) => string;
  awayAlone: (name: string) => string;
}

/** People first (by name), then teams; `departmentCode` narrows to one unit's people and teams. */
export function assigneeGroups(
  directory: StaffDirectory,
  texts: AssigneeTexts,
  locale: string,
): SelectGroup[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
  const names = new Map(directory.people.map((p) => [p.userId, p.displayName]));
  const people = directory.people
    .map((p) => {
      const deputy = p.deputyUserId ? names.get(p.deputyUserId) : undefined;
      const label = !p.absent
        ? p.displayName
        : deputy
          ? texts.away(p.displayName, deputy)
          : texts.awayAlone(p.displayName);
      return { value: `user:${p.userId}`, label, name: p.displayName };
    })
    .sort(byName);
  const teams = directory.teams
    .map((t) => ({ value: `team:${t.id}`, label: t.name, name: t.name }))
    .sort(byName);
  return [
    ...(people.length > 0
      ? [{ label: texts.people, options: people.map(({ value, label }) => ({ value, label })) }]
      : []),
    ...(teams.length > 0
      ? [{ label: texts.teams, options: teams.map(({ value, label }) => ({ value, label })) }]
      : []),
  ];
}

/** The assignee a picker value stands for, with the name the timeline shows; undefined if not in the directory. */
export function assigneeOf(value: string, directory: StaffDirectory | undefined): AssigneeRef | undefined {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (!directory || !id) return undefined;
  if (kind === 'user') {
    const person = directory.people.find((p) => p.userId === id);
    return person ? { kind: 'user', id, name: person.displayName } : undefined;
  }
  if (kind === 'team') {
    const team = directory.teams.find((t) => t.id === id);
    return team ? { kind: 'team', id, name: team.name } : undefined;
  }
  return undefined;
}
