import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  defaultFilters,
  filtersFromSearch,
  filtersToSearch,
  queueQueryOf,
} from './queue-filters.ts';

describe('queue filters in the address', () => {
  it('round-trips every filter through the address', () => {
    const filters = defaultFilters({
      tenantId: 'balikesir-karesi',
      status: 'incoming',
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      neighbourhood: 'Dumlupınar',
      channel: 'call_center',
      assignee: { kind: 'me' },
      overdue: true,
    });
    const search = filtersToSearch(filters);
    expect(search.toString()).toBe(
      'kurum=balikesir-karesi&durum=incoming&tur=ROAD-POTHOLE-LOCAL&mahalle=Dumlup%C4%B1nar&kanal=call_center&atanan=ben&geciken=1',
    );
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual(filters);
  });

  it('keeps the plain address for the page default, and says when the default is overridden', () => {
    const triage = defaultFilters({ tenantId: 'balikesir-bb', status: 'triage' });
    expect(filtersToSearch(triage, triage).toString()).toBe('');
    expect(filtersFromSearch(new URLSearchParams(''), triage)).toEqual(triage);
    const allOpen = { ...triage, status: 'open' as const };
    expect(filtersToSearch(allOpen, triage).toString()).toBe('durum=open');
    expect(filtersFromSearch(new URLSearchParams('durum=open'), triage).status).toBe('open');
    // "Anyone" must survive when a page defaults to "mine".
    const mine = defaultFilters({ assignee: { kind: 'me' } });
    expect(filtersToSearch(defaultFilters(), mine).toString()).toBe('atanan=hepsi');
    expect(filtersFromSearch(new URLSearchParams('atanan=hepsi'), mine).assignee).toEqual({ kind: 'any' });
  });

  it('ignores malformed parameters from hand-edited links', () => {
    const filters = filtersFromSearch(
      new URLSearchParams(
        'kurum=Not A Tenant&durum=everything&tur=lower-case&mahalle=x&kanal=pigeon&geciken=yes',
      ),
    );
    expect(filters).toEqual({ ...defaultFilters(), overdue: false });
  });

  it('translates into the API query, sending the tenant only when it is not the user’s own', () => {
    expect(queueQueryOf(defaultFilters({ tenantId: 'balikesir-bb' }), 'balikesir-bb')).toEqual({});
    expect(
      queueQueryOf(
        defaultFilters({
          tenantId: 'baski',
          status: 'triage',
          assignee: { kind: 'id', id: 'user-1' },
          overdue: true,
        }),
        'balikesir-bb',
      ),
    ).toEqual({ tenantId: 'baski', status: 'NEW,TRIAGE', assignee: 'user-1', overdue: true });
    expect(queueQueryOf(defaultFilters({ assignee: { kind: 'me' }, channel: 'walk_in' }), 'x')).toEqual({
      assignee: 'me',
      channel: 'walk_in',
    });
  });

  it('counts the filters that narrow the list', () => {
    expect(activeFilterCount(defaultFilters())).toBe(0);
    expect(activeFilterCount(defaultFilters({ overdue: true, workTypeCode: 'X1', tenantId: 'baski' }))).toBe(
      2,
    );
  });
});
