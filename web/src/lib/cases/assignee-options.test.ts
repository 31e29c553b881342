import type { StaffDirectory } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import { assigneeGroups, assigneeOf } from './assignee-options.ts';

const directory: StaffDirectory = {
  tenantId: 'balikesir-karesi',
  people: [
    {
      userId: 'u-2',
      username: 'zeynep',
      displayName: 'Zeynep Kaya',
      roles: ['staff'],
      absent: true,
      deputyUserId: 'u-1',
    },
    { userId: 'u-1', username: 'ali', displayName: 'Ali Demir', roles: ['staff'], absent: false },
    { userId: 'u-3', username: 'can', displayName: 'Can Öz', roles: ['staff'], absent: true },
  ],
  teams: [{ id: 'karesi-fen-1', name: 'Karesi Fen İşleri 1. Ekip', departmentCode: 'FEN' }],
};

const texts = {
  people: 'Kişiler',
  teams: 'Ekipler',
  away: (name: string, deputy: string) => `${name} (izinde; vekili ${deputy})`,
  awayAlone: (name: string) => `${name} (izinde)`,
};

describe('the assignment picker', () => {
  it('lists people by name with their deputy when away, then teams', () => {
    expect(assigneeGroups(directory, texts, 'tr')).toEqual([
      {
        label: 'Kişiler',
        options: [
          { value: 'user:u-1', label: 'Ali Demir' },
          { value: 'user:u-3', label: 'Can Öz (izinde)' },
          { value: 'user:u-2', label: 'Zeynep Kaya (izinde; vekili Ali Demir)' },
        ],
      },
      { label: 'Ekipler', options: [{ value: 'team:karesi-fen-1', label: 'Karesi Fen İşleri 1. Ekip' }] },
    ]);
  });

  it('turns a choice into the command’s assignee, and nothing unknown into anything', () => {
    expect(assigneeOf('user:u-2', directory)).toEqual({ kind: 'user', id: 'u-2', name: 'Zeynep Kaya' });
    expect(assigneeOf('team:karesi-fen-1', directory)).toEqual({
      kind: 'team',
      id: 'karesi-fen-1',
      name: 'Karesi Fen İşleri 1. Ekip',
    });
    expect(assigneeOf('user:nobody', directory)).toBeUndefined();
    expect(assigneeOf('', directory)).toBeUndefined();
  });
});
