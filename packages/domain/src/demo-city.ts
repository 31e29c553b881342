import balikesirJson from '../catalog/cities/balikesir.json' with { type: 'json' };
import ornekkentJson from '../catalog/cities/ornekkent.json' with { type: 'json' };
import type { CityCatalog, DistrictBoundary } from './catalog.ts';
import {
  type CityConfiguration,
  compileBoundaries,
  compileCatalog,
  compileRoutingConfig,
  parseCityConfiguration,
} from './city-configuration.ts';
import type { RoutingConfig } from './routing-config.ts';

/*
 * The demo cities' configuration documents, as a platform operator would import
 * them: Balıkesir (generated from the reference data by
 * scripts/generate-city-configuration.ts) and Örnekkent, a small invented city that
 * shows onboarding a second city. JSON imports (not fs reads) so that they travel
 * inside a Lambda bundle and a Vite build alike; kept out of index.ts so the portal
 * does not ship them unless a page asks.
 */
const cache = new Map<string, CityConfiguration>();
const files: Record<string, unknown> = { balikesir: balikesirJson, ornekkent: ornekkentJson };

/** A demo city's configuration, validated once per process. */
export function demoCityConfiguration(cityId: 'balikesir' | 'ornekkent' = 'balikesir'): CityConfiguration {
  let config = cache.get(cityId);
  if (!config) {
    config = parseCityConfiguration(files[cityId]);
    cache.set(cityId, config);
  }
  return config;
}

/** The Balıkesir demo city's catalogue. */
export function demoCityCatalog(): CityCatalog {
  return compileCatalog(demoCityConfiguration());
}

/** The demo city's approximate district boundaries (docs/domain/district-boundaries.md). */
export function demoCityBoundaries(): DistrictBoundary[] {
  return compileBoundaries(demoCityConfiguration());
}

/** The demo city's routing configuration, tenant department overrides included. */
export function demoRoutingConfig(): RoutingConfig {
  return compileRoutingConfig(demoCityConfiguration());
}
