import { describe, expect, it } from 'vitest';
import { resolveDeputy, type StaffPerson } from './staff-directory.ts';

const person = (userId: string, extra: Partial<StaffPerson> = {}): StaffPerson => ({
  userId,
  username: userId,
  displayName: userId,
  roles: ['staff'],
  absent: false,
  ...extra,
});
const directory = (...people: StaffPerson[]) => new Map(people.map((p) => [p.userId, p]));

describe('resolveDeputy', () => {
  it('assigns to the person when present', () => {
    expect(resolveDeputy(directory(person('a')), 'a')).toEqual({ assignee: person('a'), via: [] });
  });

  it('follows the deputy chain past absent people', () => {
    const a = person('a', { absent: true, deputyUserId: 'b' });
    const b = person('b', { absent: true, deputyUserId: 'c' });
    const c = person('c');
    const result = resolveDeputy(directory(a, b, c), 'a');
    expect(result?.assignee.userId).toBe('c');
    expect(result?.via.map((p) => p.userId)).toEqual(['a', 'b']);
  });

  it('stops at an absent person without a deputy or with an unknown one', () => {
    expect(resolveDeputy(directory(person('a', { absent: true })), 'a')?.assignee.userId).toBe('a');
    const a = person('a', { absent: true, deputyUserId: 'ghost' });
    expect(resolveDeputy(directory(a), 'a')?.assignee.userId).toBe('a');
  });

  it('never loops on a deputy cycle', () => {
    const a = person('a', { absent: true, deputyUserId: 'b' });
    const b = person('b', { absent: true, deputyUserId: 'a' });
    expect(resolveDeputy(directory(a, b), 'a')?.assignee.userId).toBe('b');
  });

  it('knows nobody outside the directory', () => {
    expect(resolveDeputy(directory(), 'a')).toBeUndefined();
  });
});
