import { describe, expect, it } from 'vitest';
import {
  type CityConfiguration,
  ConfigurationError,
  checkCityConfiguration,
  compileRoutingConfig,
  effectiveWorkType,
  findDeputyCycles,
  parseCityConfiguration,
  WorkTypeOverride,
} from './city-configuration.ts';
import { demoCityConfiguration } from './demo-city.ts';

const clone = (c: CityConfiguration): CityConfiguration => structuredClone(c);
const karesiIndex = (c: CityConfiguration) => c.tenants.findIndex((t) => t.id === 'balikesir-karesi');
/** The settings of the tenant at `index`; fails the test if there is none. */
function tenantAt(c: CityConfiguration, index: number) {
  const tenant = c.tenants[index];
  if (!tenant) throw new Error(`no tenant at ${index}`);
  return tenant;
}

describe('city configuration', () => {
  it('accepts both demo cities', () => {
    expect(demoCityConfiguration('balikesir').tenants).toHaveLength(22);
    expect(demoCityConfiguration('ornekkent').tenants.map((t) => t.type)).toEqual([
      'metropolitan',
      'district',
      'district',
      'utility',
    ]);
  });

  it('rejects a cyclic deputy chain and names the cycle', () => {
    const config = clone(demoCityConfiguration());
    const k = karesiIndex(config);
    tenantAt(config, k).settings.deputies = [
      { username: 'a', deputy: 'b' },
      { username: 'b', deputy: 'c' },
      { username: 'c', deputy: 'a' },
    ];
    const issues = checkCityConfiguration(config);
    expect(issues).toEqual([
      {
        path: `tenants.${k}.settings.deputies`,
        message: {
          tr: 'Vekâlet zinciri döngüye giriyor: a → b → c → a.',
          en: 'The deputy chain is a cycle: a → b → c → a.',
        },
      },
    ]);
  });

  it('finds every cycle once, and none in a chain', () => {
    expect(
      findDeputyCycles([
        { username: 'x', deputy: 'y' },
        { username: 'y', deputy: 'z' },
      ]),
    ).toEqual([]);
    expect(
      findDeputyCycles([
        { username: 'p', deputy: 'q' },
        { username: 'q', deputy: 'p' },
        { username: 'r', deputy: 'p' },
      ]),
    ).toEqual([['p', 'q', 'p']]);
  });

  it('rejects an unknown department in an override with its exact path', () => {
    const config = clone(demoCityConfiguration());
    const k = karesiIndex(config);
    tenantAt(config, k).settings.workTypeOverrides = [
      WorkTypeOverride.parse({ workTypeCode: 'ROAD-POTHOLE-LOCAL', departmentCode: 'NOPE' }),
    ];
    expect(checkCityConfiguration(config)).toEqual([
      {
        path: `tenants.${k}.settings.workTypeOverrides.0.departmentCode`,
        message: { tr: 'Bilinmeyen birim: NOPE.', en: 'Unknown department: NOPE.' },
      },
    ]);
  });

  it('rejects a district with neither boundary nor neighbourhoods, and a self-intersecting boundary with where it crosses', () => {
    const config = clone(demoCityConfiguration('ornekkent'));
    delete tenantAt(config, 1).boundary;
    config.neighbourhoods = config.neighbourhoods.filter(
      (n) => n.districtTenantId !== tenantAt(config, 1).id,
    );
    expect(checkCityConfiguration(config).map((i) => i.path)).toEqual(['tenants.1.boundary']);

    const bowTie = clone(demoCityConfiguration('ornekkent'));
    tenantAt(bowTie, 2).boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [30.1, 38.05],
          [30.5, 38.15],
          [30.5, 38.05],
          [30.1, 38.15],
          [30.1, 38.05],
        ],
      ],
    };
    const [problem] = checkCityConfiguration(bowTie);
    expect(problem?.path).toBe('tenants.2.boundary.coordinates.0.0');
    expect(problem?.message.en).toMatch(/^The boundary intersects itself.*segments 0 and 2; at 38\.1, 30\.3/);
    expect(() => parseCityConfiguration(bowTie)).toThrow(ConfigurationError);
  });

  it('applies a tenant override to the work type it names, and folds department overrides into routing', () => {
    const config = clone(demoCityConfiguration());
    const k = karesiIndex(config);
    const pothole = config.catalogue.workTypes.find((w) => w.code === 'ROAD-POTHOLE-LOCAL');
    if (!pothole) throw new Error('ROAD-POTHOLE-LOCAL missing');
    const override = WorkTypeOverride.parse({
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      slaHours: 24,
      priority: 'high',
      departmentCode: 'TEMIZLIK',
    });
    tenantAt(config, k).settings.workTypeOverrides = [override];
    expect(effectiveWorkType(pothole, override)).toMatchObject({
      slaHours: 24,
      defaultPriority: 'high',
      departmentCode: 'TEMIZLIK',
    });
    expect(effectiveWorkType(pothole, undefined)).toBe(pothole);
    expect(compileRoutingConfig(config).departmentOverrides[0]).toMatchObject({
      tenantIds: ['balikesir-karesi'],
      appliesTo: { workTypes: ['ROAD-POTHOLE-LOCAL'] },
      departmentCode: 'TEMIZLIK',
    });
  });
});
