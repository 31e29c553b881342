import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CITY_CONFIGURATION_FILE,
  generateDemoCityConfiguration,
  generateSecondCityConfiguration,
  SECOND_CITY_CONFIGURATION_FILE,
} from './generate-city-configuration.ts';

const readJson = (file: URL): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('demo city configuration files', () => {
  it('are up to date with the reference data (regenerate with npx tsx scripts/generate-city-configuration.ts)', () => {
    expect(readJson(DEMO_CITY_CONFIGURATION_FILE)).toEqual(
      JSON.parse(JSON.stringify(generateDemoCityConfiguration())),
    );
    expect(readJson(SECOND_CITY_CONFIGURATION_FILE)).toEqual(
      JSON.parse(JSON.stringify(generateSecondCityConfiguration())),
    );
  });
});
