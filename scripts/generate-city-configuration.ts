import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CITY_CONFIGURATION_SCHEMA,
  type CityConfigurationInput,
  parseCityCatalog,
  parseDistrictBoundaries,
  parseRoutingConfig,
  type TenantSettingsInput,
} from '@citydesk/domain';

/*
 * Builds the Balıkesir demo city's configuration document (the file a platform
 * operator imports to onboard a city) from the reference data as the domain
 * experts delivered it: the 297 work types, the tenancy and neighbourhood file,
 * the generated district boundaries, the province outline and the routing rules.
 * The demo tenants' own settings (teams, deputies, a few overrides) are written
 * here, as a tenant admin would enter them. A test keeps the output fresh:
 *   npx tsx scripts/generate-city-configuration.ts
 */

const catalogDir = new URL('../packages/domain/catalog/', import.meta.url);
export const DEMO_CITY_CONFIGURATION_FILE = new URL('cities/balikesir.json', catalogDir);
export const SECOND_CITY_CONFIGURATION_FILE = new URL('cities/ornekkent.json', catalogDir);
const readJson = (name: string): unknown => JSON.parse(readFileSync(new URL(name, catalogDir), 'utf8'));

/** Demo settings per tenant: the field crews, stand-ins and unit heads the seeded cases use. */
const demoSettings: Record<string, TenantSettingsInput> = {
  'balikesir-bb': {
    contact: { phone: '444 0 010', web: 'https://www.balikesir.bel.tr', email: 'bilgi@balikesir.bel.tr' },
    teams: [
      { id: 'bb-fen-asfalt', name: 'Asfalt Ekibi (Büyükşehir)', departmentCode: 'FEN' },
      { id: 'bb-park-bakim', name: 'Park Bakım Ekibi (Büyükşehir)', departmentCode: 'PARK' },
    ],
    deputies: [{ username: 'metro.staff', deputy: 'metro.supervisor' }],
  },
  'balikesir-karesi': {
    contact: { phone: '0266 239 00 00', web: 'https://www.karesi.bel.tr' },
    departments: [
      { code: 'FEN', supervisors: ['karesi.supervisor'] },
      { code: 'TEMIZLIK', supervisors: ['karesi.supervisor'] },
    ],
    teams: [
      {
        id: 'karesi-fen-1',
        name: 'Karesi Fen İşleri 1. Ekip',
        departmentCode: 'FEN',
        leader: 'karesi.staff',
      },
      { id: 'karesi-temizlik-1', name: 'Karesi Temizlik Ekibi', departmentCode: 'TEMIZLIK' },
    ],
    deputies: [{ username: 'karesi.staff', deputy: 'karesi.supervisor' }],
  },
  'balikesir-altieylul': {
    teams: [{ id: 'altieylul-fen-1', name: 'Altıeylül Fen İşleri 1. Ekip', departmentCode: 'FEN' }],
    deputies: [{ username: 'altieylul.staff', deputy: 'altieylul.supervisor' }],
  },
  'balikesir-edremit': {
    teams: [{ id: 'edremit-fen-1', name: 'Edremit Fen İşleri Ekibi', departmentCode: 'FEN' }],
  },
  baski: {
    contact: { phone: '185', web: 'https://www.balsu.gov.tr' },
    teams: [
      { id: 'baski-ariza-1', name: 'BASKİ Arıza Ekibi 1', departmentCode: 'SU_ISLETME' },
      { id: 'baski-kanal-1', name: 'BASKİ Kanal Ekibi', departmentCode: 'ATIKSU' },
    ],
    deputies: [{ username: 'baski.staff', deputy: 'baski.supervisor' }],
  },
};

/** Open311 jurisdiction ids: the municipalities' own web domains. */
const jurisdictionOf = (tenantId: string) =>
  tenantId === 'balikesir-bb'
    ? 'balikesir.bel.tr'
    : `${tenantId.replace(/^balikesir-/, '')}.balikesir.bel.tr`;

export function generateDemoCityConfiguration(): CityConfigurationInput {
  const cityId = 'balikesir';
  const catalog = parseCityCatalog(readJson('work-types.json'), readJson('balikesir.json'), cityId);
  const boundaries = new Map(
    parseDistrictBoundaries(readJson('balikesir-district-boundaries.json'), catalog).map((b) => [
      b.districtTenantId,
      b,
    ]),
  );
  const routing = parseRoutingConfig(readJson('balikesir-routing.json'), catalog);
  const outline = readJson('balikesir-province-outline.json') as {
    geometry: CityConfigurationInput['city']['outline'];
  };
  const metro = catalog.tenants.find((t) => t.type === 'metropolitan');
  if (!metro) throw new Error('no metropolitan tenant');
  return {
    schema: CITY_CONFIGURATION_SCHEMA,
    city: {
      id: cityId,
      name: catalog.cityName,
      jurisdictionId: 'balikesir.tr',
      outline: outline.geometry,
      contact: { phone: '444 0 010', web: 'https://www.balikesir.bel.tr' },
    },
    tenants: catalog.tenants.map((t) => {
      const boundary = boundaries.get(t.id);
      const centroid = catalog.districtCentroids.get(t.id);
      return {
        id: t.id,
        type: t.type,
        name: t.name,
        shortName: t.shortName,
        ...(t.type === 'metropolitan' ? {} : { parentId: metro.id }),
        seat: t.seat,
        ...(centroid ? { centroid } : {}),
        ...(t.callCentre ? { callCentre: t.callCentre } : {}),
        jurisdictionId: jurisdictionOf(t.id),
        ...(boundary ? { boundary: boundary.geometry, approximateBoundary: boundary.approximate } : {}),
        settings: demoSettings[t.id] ?? {},
      };
    }),
    neighbourhoods: catalog.neighbourhoods,
    catalogue: {
      version: catalog.version,
      departments: catalog.departments,
      groups: catalog.groups,
      workTypes: catalog.workTypes,
    },
    routing,
  } as CityConfigurationInput;
}

/** The standard work types Örnekkent starts with: a small city adopts the catalogue a piece at a time. */
const SECOND_CITY_WORK_TYPES = [
  'ROAD-POTHOLE-ARTERIAL',
  'ROAD-SUBSIDENCE',
  'ROAD-POTHOLE-LOCAL',
  'ROAD-PAVER-REPAIR',
  'WASTE-MISSED',
  'WASTE-CONTAINER-OVERFLOW',
  'WASTE-BULKY',
  'CLEAN-SWEEPING',
  'PARKING-DISABLED-MISUSE',
  'WATER-NO-SUPPLY',
  'WATER-MAIN-BURST',
  'WATER-LEAK-SERVICE',
  'WATER-LOW-PRESSURE',
];

const rectangle = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ] as [number, number][],
  ],
});

/**
 * Örnekkent: an invented small metropolitan city (two districts and a water
 * utility) far from Balıkesir, to show that a second city is just another file.
 */
export function generateSecondCityConfiguration(): CityConfigurationInput {
  const balikesir = generateDemoCityConfiguration();
  const workTypes = balikesir.catalogue.workTypes.filter((w) => SECOND_CITY_WORK_TYPES.includes(w.code));
  const departmentCodes = new Set([...workTypes.map((w) => w.departmentCode), 'HALKLA']);
  const groupCodes = new Set(workTypes.map((w) => w.group));
  const metro = 'ornekkent-bb';
  const district = (
    id: string,
    name: string,
    short: string,
    seat: { lat: number; lon: number },
    south: number,
    north: number,
  ) => ({
    id,
    type: 'district' as const,
    name,
    shortName: short,
    parentId: metro,
    seat,
    jurisdictionId: `${id.replace(/^ornekkent-/, '')}.ornekkent.bel.tr`,
    boundary: rectangle(30.0, south, 30.6, north),
    approximateBoundary: true,
    settings: {},
  });
  return {
    schema: CITY_CONFIGURATION_SCHEMA,
    city: {
      id: 'ornekkent',
      name: 'Örnekkent',
      jurisdictionId: 'ornekkent.tr',
      outline: rectangle(30.0, 38.0, 30.6, 38.4),
      contact: { phone: '444 0 099', web: 'https://www.ornekkent.bel.tr' },
    },
    tenants: [
      {
        id: metro,
        type: 'metropolitan',
        name: 'Örnekkent Büyükşehir Belediyesi',
        shortName: 'Örnekkent BB',
        seat: { lat: 38.2, lon: 30.3 },
        callCentre: '444 0 099',
        jurisdictionId: 'ornekkent.bel.tr',
        settings: { contact: { phone: '444 0 099', email: 'iletisim@ornekkent.bel.tr' } },
      },
      district('ornekkent-kuzey', 'Kuzeykent Belediyesi', 'Kuzeykent', { lat: 38.3, lon: 30.3 }, 38.2, 38.4),
      district('ornekkent-guney', 'Güneykent Belediyesi', 'Güneykent', { lat: 38.1, lon: 30.3 }, 38.0, 38.2),
      {
        id: 'orsu',
        type: 'utility',
        name: 'Örnekkent Su ve Kanalizasyon İdaresi (ÖRSU)',
        shortName: 'ÖRSU',
        parentId: metro,
        seat: { lat: 38.21, lon: 30.31 },
        callCentre: '185',
        jurisdictionId: 'orsu.ornekkent.bel.tr',
        settings: { calendar: { twentyFourSeven: true } },
      },
    ],
    neighbourhoods: [
      {
        name: 'Çamlık',
        districtTenantId: 'ornekkent-kuzey',
        kind: 'urban',
        centroid: { lat: 38.3, lon: 30.25 },
      },
      {
        name: 'Yayla',
        districtTenantId: 'ornekkent-kuzey',
        kind: 'rural',
        centroid: { lat: 38.35, lon: 30.5 },
      },
      {
        name: 'Çarşı',
        districtTenantId: 'ornekkent-guney',
        kind: 'urban',
        centroid: { lat: 38.1, lon: 30.3 },
      },
      {
        name: 'Pınarbaşı',
        districtTenantId: 'ornekkent-guney',
        kind: 'peri-urban',
        centroid: { lat: 38.05, lon: 30.45 },
      },
    ],
    catalogue: {
      version: '2026.1',
      departments: balikesir.catalogue.departments.filter((d) => departmentCodes.has(d.code)),
      groups: balikesir.catalogue.groups.filter((g) => groupCodes.has(g.code)),
      workTypes,
    },
    routing: {
      cityId: 'ornekkent',
      version: '2026.1',
      description: 'Örnekkent starts without split rules: every work type goes to its catalogue level.',
      frontOfficeDepartmentCode: 'HALKLA',
      roadLists: [],
      institutions: [],
      externalReferrals: [],
      alwaysTriage: [],
      splitRules: [],
      departmentOverrides: [],
    },
  };
}

const write = (file: URL, config: CityConfigurationInput) => {
  writeFileSync(file, `${JSON.stringify(config, null, 1)}\n`);
  console.log(`wrote ${fileURLToPath(file)}`);
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  write(DEMO_CITY_CONFIGURATION_FILE, generateDemoCityConfiguration());
  write(SECOND_CITY_CONFIGURATION_FILE, generateSecondCityConfiguration());
}
