import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP_OPTIONS, mapOptionsFromSearch, mapOptionsToSearch } from './map-options.ts';

describe('map options in the address', () => {
  it('reads the defaults from an empty or hand-edited address', () => {
    expect(mapOptionsFromSearch(new URLSearchParams())).toEqual(DEFAULT_MAP_OPTIONS);
    expect(mapOptionsFromSearch(new URLSearchParams('level=street&measure=x&openCases=maybe'))).toEqual(
      DEFAULT_MAP_OPTIONS,
    );
  });

  it('writes only what differs from the default, and reads it back', () => {
    expect(mapOptionsToSearch(DEFAULT_MAP_OPTIONS).toString()).toBe('');
    const chosen = { level: 'neighbourhood', measure: 'dominant', openCases: false } as const;
    const search = mapOptionsToSearch(chosen);
    expect(search.toString()).toBe('level=neighbourhood&measure=dominant&openCases=0');
    expect(mapOptionsFromSearch(search)).toEqual(chosen);
  });
});
