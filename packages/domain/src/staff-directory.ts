import * as z from 'zod';
import { Role } from './principal.ts';

/**
 * The people and teams of a tenant that cases can be assigned to. A person marked
 * absent hands new assignments to their deputy (vekil); the deputy may be absent
 * too, so the chain is followed until someone is present.
 */
export const StaffPerson = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(Role),
    departmentCode: z.string().optional(),
    absent: z.boolean(),
    /** The last day of the absence (inclusive, Istanbul date); absent stays true until cleared. */
    absentUntil: z.iso.date().optional(),
    deputyUserId: z.string().optional(),
  })
  .meta({ id: 'StaffPerson' });
export type StaffPerson = z.infer<typeof StaffPerson>;

/** A field crew or office team (ekip) within a department. */
export const StaffTeam = z
  .object({ id: z.string(), name: z.string(), departmentCode: z.string() })
  .meta({ id: 'StaffTeam' });
export type StaffTeam = z.infer<typeof StaffTeam>;

export const StaffDirectory = z
  .object({ tenantId: z.string(), people: z.array(StaffPerson), teams: z.array(StaffTeam) })
  .meta({ id: 'StaffDirectory' });
export type StaffDirectory = z.infer<typeof StaffDirectory>;

export const StaffDirectoryQuery = z
  .object({
    departmentCode: z
      .string()
      .regex(/^[A-Z0-9_]{2,24}$/)
      .optional(),
  })
  .strict();

/** A staff member marks themselves absent (leave, sick day) or back, naming a deputy. */
export const AvailabilityUpdate = z
  .object({
    absent: z.boolean(),
    absentUntil: z.iso.date().optional(),
    deputyUserId: z.string().min(1).max(128).optional(),
  })
  .strict()
  .meta({ id: 'AvailabilityUpdate' });
export type AvailabilityUpdate = z.infer<typeof AvailabilityUpdate>;

/**
 * Who actually receives an assignment meant for `userId`: the person, or while they
 * are absent the first present deputy down the chain. Returns the chain walked so
 * the timeline can say "assigned to X as deputy of Y". A cycle or a missing deputy
 * ends the walk at the last present-or-final person, never loops.
 */
export function resolveDeputy(
  people: ReadonlyMap<string, StaffPerson>,
  userId: string,
): { assignee: StaffPerson; via: StaffPerson[] } | undefined {
  const first = people.get(userId);
  if (!first) return undefined;
  const via: StaffPerson[] = [];
  const seen = new Set<string>();
  let current = first;
  while (current.absent && current.deputyUserId && !seen.has(current.userId)) {
    seen.add(current.userId);
    const deputy = people.get(current.deputyUserId);
    if (!deputy || seen.has(deputy.userId)) break;
    via.push(current);
    current = deputy;
  }
  return { assignee: current, via };
}
