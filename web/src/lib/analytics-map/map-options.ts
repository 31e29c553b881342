import type { MapLevel } from '@citydesk/domain';
import type { MapMeasure } from './choropleth-scale.ts';

/*
 * The map page's own choices, kept in the address next to the dashboard's filter
 * (`?level=neighbourhood&measure=dominant&openCases=0`); the defaults are left out,
 * so the dashboard's and the map's addresses stay the same for the same filter.
 */

export interface MapOptions {
  level: MapLevel;
  measure: MapMeasure;
  openCases: boolean;
}

export const DEFAULT_MAP_OPTIONS: MapOptions = { level: 'district', measure: 'density', openCases: true };

/** The options of an address; anything unknown falls back to the default. */
export function mapOptionsFromSearch(search: URLSearchParams): MapOptions {
  return {
    level: search.get('level') === 'neighbourhood' ? 'neighbourhood' : 'district',
    measure: search.get('measure') === 'dominant' ? 'dominant' : 'density',
    openCases: search.get('openCases') !== '0',
  };
}

/** The query of the options that differ from the default. */
export function mapOptionsToSearch(options: MapOptions): URLSearchParams {
  const search = new URLSearchParams();
  if (options.level !== DEFAULT_MAP_OPTIONS.level) search.set('level', options.level);
  if (options.measure !== DEFAULT_MAP_OPTIONS.measure) search.set('measure', options.measure);
  if (!options.openCases) search.set('openCases', '0');
  return search;
}
