import { describe, expect, it } from 'vitest';
import { Case } from './case.ts';
import { applyRouting } from './case-intake.ts';
import { decideRouting, type RoutingDecision, referralAnswer } from './case-routing.ts';
import { demoCityBoundaries, demoCityCatalog, demoRoutingConfig } from './demo-city.ts';
import { createDistrictLocator } from './district-locator.ts';
import { mentionsAny, normaliseRoadText, roadFacts } from './road-names.ts';
import {
  checkRoutingConfig,
  RoutingConfig,
  type RoutingConfigInput,
  selectWorkTypes,
} from './routing-config.ts';
import type { GeoPoint } from './tenant.ts';

const catalog = demoCityCatalog();
const config = demoRoutingConfig();
const context = { catalog, config, locate: createDistrictLocator(catalog, demoCityBoundaries()) };
const METRO = 'balikesir-bb';
const UTILITY = 'baski';
const districts = catalog.tenants.filter((t) => t.type === 'district');
const workType = (code: string) => {
  const w = catalog.workTypes.find((t) => t.code === code);
  if (!w) throw new Error(code);
  return w;
};
const centroid = (name: string): GeoPoint => {
  const n = catalog.neighbourhoods.find((x) => x.name === name);
  if (!n?.centroid) throw new Error(name);
  return n.centroid;
};
const seat = (id: string): GeoPoint => {
  const t = catalog.tenants.find((x) => x.id === id);
  if (!t) throw new Error(id);
  return t.seat;
};
const decide = (
  code: string,
  location?: GeoPoint & { address?: string; neighbourhood?: string; roadName?: string },
  description = 'Vatandaş bildirimi.',
) => decideRouting(context, { workType: workType(code), location, description });

const referred = new Set(config.externalReferrals.flatMap((r) => [...selectWorkTypes(r.appliesTo, catalog)]));
const triaged = new Set(config.alwaysTriage.flatMap((r) => [...selectWorkTypes(r.appliesTo, catalog)]));

/**
 * Work types whose split rule moves them to the district level once the road is
 * known to be an ordinary street: the "main artery" types and the subsidence rule.
 */
const DEMOTED_ON_A_LOCAL_STREET = new Set([
  'ROAD-POTHOLE-ARTERIAL',
  'ROAD-SURFACE-ARTERIAL',
  'SIDEWALK-DAMAGE-ARTERIAL',
  'WINTER-SNOW-ARTERIAL',
  'WINTER-ICE-HAZARD',
  'PARK-MEDIAN',
  'ROAD-SUBSIDENCE',
]);

/** Work types whose split rule cannot decide without knowing whether the road is a main artery. */
const NEED_THE_ROAD = new Set([
  'ROAD-OIL-SPILL',
  'ROAD-WORKSITE-SAFETY',
  'LICENSE-EXCAVATION',
  'ROAD-EXCAVATION-UNRESTORED',
  'ROAD-SUBSIDENCE',
]);

function expectConsistent(d: RoutingDecision, code: string, districtId: string) {
  const w = workType(code);
  if (referred.has(code)) {
    expect(d.outcome, code).toBe('referred');
    expect(d.tenantId).toBe(METRO);
    expect(d.departmentCode).toBe(config.frontOfficeDepartmentCode);
    return;
  }
  if (triaged.has(code)) {
    expect(d).toMatchObject({ outcome: 'triage', reason: 'always-triage', tenantId: METRO });
    return;
  }
  expect(d.outcome, code).toBe('routed');
  const level = d.explanation.level;
  expect(level, code).toBe(DEMOTED_ON_A_LOCAL_STREET.has(code) ? 'district' : w.tenantLevel);
  const tenant = { metropolitan: METRO, utility: UTILITY, district: districtId }[level ?? 'metropolitan'];
  expect(d.tenantId, `${code} in ${districtId}`).toBe(tenant);
  const override = d.explanation.departmentOverride;
  if (override) {
    const rule = config.departmentOverrides.find((o) => o.id === override.id);
    expect(rule?.tenantIds).toContain(d.tenantId);
    expect(d.departmentCode).toBe(override.to);
    expect(override.from).toBe(w.departmentCode);
  } else expect(d.departmentCode, code).toBe(w.departmentCode);
  expect(d.districtTenantId).toBe(districtId);
}

describe('routing every work type of the catalogue in every district', () => {
  it('the demo config fits the catalogue', () => {
    expect(checkRoutingConfig(config, catalog)).toEqual([]);
  });

  for (const district of districts) {
    it(`at ${district.shortName}'s seat, on a local street`, () => {
      for (const w of catalog.workTypes) {
        const d = decide(w.code, { ...district.seat, roadName: 'Çamlık Sokak' });
        expectConsistent(d, w.code, district.id);
      }
    });
  }

  it('sends a coordinator what needs the road when the road is not given, and nothing else', () => {
    for (const district of districts) {
      for (const w of catalog.workTypes) {
        const d = decide(w.code, district.seat);
        if (NEED_THE_ROAD.has(w.code)) {
          expect(d, w.code).toMatchObject({
            outcome: 'triage',
            reason: 'split-rule-input-missing',
            tenantId: METRO,
          });
          expect(d.explanation.splitRule?.missing).toEqual(['road']);
        } else if (!referred.has(w.code) && !triaged.has(w.code)) {
          expect(d.outcome, w.code).toBe('routed');
          expect(d.explanation.level).toBe(w.tenantLevel);
        }
      }
    }
  });

  it('routes what needs no place without a location, and triages district work it cannot place', () => {
    for (const w of catalog.workTypes) {
      const d = decide(w.code);
      if (referred.has(w.code)) expect(d.outcome).toBe('referred');
      else if (triaged.has(w.code) || NEED_THE_ROAD.has(w.code)) expect(d.outcome).toBe('triage');
      else if (w.tenantLevel === 'district')
        expect(d, w.code).toMatchObject({
          outcome: 'triage',
          reason: 'district-unresolved',
          tenantId: METRO,
        });
      else expect(d.tenantId, w.code).toBe(w.tenantLevel === 'utility' ? UTILITY : METRO);
    }
  });

  it('every REF- work type of the catalogue is an external referral', () => {
    const refTypes = catalog.workTypes.filter((w) => w.group === 'REF').map((w) => w.code);
    expect(refTypes.length).toBeGreaterThan(10);
    for (const code of refTypes) expect(referred.has(code), code).toBe(true);
  });
});

describe('split rules', () => {
  const karesi = centroid('Hisariçi');

  it('sends a "local street" pothole on a designated main artery to the metropolitan municipality', () => {
    const d = decide('ROAD-POTHOLE-LOCAL', { ...karesi, roadName: 'Milli Kuvvetler Cd.' });
    expect(d).toMatchObject({ outcome: 'routed', tenantId: METRO, departmentCode: 'FEN' });
    expect(d.explanation.splitRule).toMatchObject({ id: 'road-local-street', branch: 'designated-arterial' });
    expect(d.explanation.location?.road).toEqual({
      source: 'road-name',
      name: 'Milli Kuvvetler Cd.',
      onLists: ['ukome-arterial'],
      offLists: ['state-highways'],
      matched: { 'ukome-arterial': 'Milli Kuvvetler Caddesi' },
    });
  });

  it('finds the main artery in a free-text address too', () => {
    const d = decide('ROAD-POTHOLE-LOCAL', { ...karesi, address: 'Gazi Blv. No: 14, Karesi' });
    expect(d.tenantId).toBe(METRO);
    expect(d.explanation.location?.road?.source).toBe('address');
  });

  it('keeps a designation to its districts: Atatürk Caddesi of Ayvalık is a district street', () => {
    const d = decide('ROAD-POTHOLE-LOCAL', { ...seat('balikesir-ayvalik'), roadName: 'Atatürk Caddesi' });
    expect(d.tenantId).toBe('balikesir-ayvalik');
    expect(d.explanation.location?.road?.offLists).toContain('ukome-arterial');
  });

  it('sends a rural neighbourhood road to the metropolitan Kırsal Hizmetler', () => {
    const d = decide('ROAD-POTHOLE-LOCAL', centroid('Küçükbostancı'));
    expect(d).toMatchObject({ outcome: 'routed', tenantId: METRO, departmentCode: 'KIRSAL' });
    expect(d.explanation.location).toMatchObject({
      districtTenantId: 'balikesir-altieylul',
      neighbourhood: 'Küçükbostancı',
      neighbourhoodKind: 'rural',
      neighbourhoodMatchedBy: 'nearest-centroid',
    });
    expect(d.explanation.splitRule).toMatchObject({
      branch: 'rural-neighbourhood',
      skipped: [{ branch: 'designated-arterial', missing: ['road'] }],
    });
  });

  it('moves an "arterial" pothole on a known ordinary street to the district', () => {
    const d = decide('ROAD-POTHOLE-ARTERIAL', { ...karesi, address: 'Çınarlı Sokak No 3' });
    expect(d).toMatchObject({ tenantId: 'balikesir-karesi', departmentCode: 'FEN' });
    expect(d.explanation.splitRule?.branch).toBe('local-street');
    // Without any road information the work type's own level stands.
    expect(decide('ROAD-POTHOLE-ARTERIAL', karesi).tenantId).toBe(METRO);
  });

  it('sends a subsidence caused by a water main to BASKİ, on a street to the district, unknown to triage', () => {
    const water = decide('ROAD-SUBSIDENCE', karesi, 'Su borusu patladı, yol çöktü.');
    expect(water).toMatchObject({ tenantId: UTILITY, departmentCode: 'SU_ISLETME' });
    expect(water.explanation.splitRule).toMatchObject({ branch: 'water-or-sewer-origin', keyword: 'boru*' });
    expect(decide('ROAD-SUBSIDENCE', { ...karesi, roadName: 'Çınarlı Sokak' }).tenantId).toBe(
      'balikesir-karesi',
    );
    expect(decide('ROAD-SUBSIDENCE', { ...karesi, roadName: 'Gazi Bulvarı' }).tenantId).toBe(METRO);
    const unknown = decide('ROAD-SUBSIDENCE', karesi, 'Yol çöktü.');
    expect(unknown).toMatchObject({ outcome: 'triage', reason: 'split-rule-input-missing' });
    expect(unknown.explanation.splitRule).toMatchObject({ branch: 'local-street', missing: ['road'] });
  });

  it('refers a bridge on a state highway to KGM', () => {
    const d = decide('ROAD-BRIDGE', { ...seat('balikesir-susurluk'), address: 'D-200 karayolu üzeri köprü' });
    expect(d.outcome).toBe('referred');
    if (d.outcome !== 'referred') throw new Error('not referred');
    expect(d.institution.id).toBe('kgm');
    expect(d.explanation.splitRule).toMatchObject({ id: 'bridge-on-state-road', branch: 'state-highway' });
  });

  it('lets a branch ask for a coordinator: a fallen tree on a power line', () => {
    expect(decide('TREE-FALLEN', karesi, 'Ağaç devrildi, yol kapandı.').outcome).toBe('routed');
    const line = decide('TREE-FALLEN', karesi, 'Ağaç devrildi, elektrik hattının üzerine düştü.');
    expect(line).toMatchObject({ outcome: 'triage', reason: 'split-rule-triage', tenantId: METRO });
    expect(line.explanation.triage?.note?.tr).toMatch(/UEDAŞ/);
  });

  it('refers industrial smoke to the environment directorate, a chimney at home stays metropolitan', () => {
    const d = decide(
      'ENV-AIR-SMOKE',
      karesi,
      'Organize sanayideki fabrikanın bacasından kara duman çıkıyor.',
    );
    expect(d.outcome).toBe('referred');
    if (d.outcome === 'referred') expect(d.publicAnswer.tr).toMatch(/181/);
    expect(decide('ENV-AIR-SMOKE', karesi, 'Komşunun sobasından duman geliyor.').tenantId).toBe(METRO);
  });

  it('reads keywords as whole words unless they end in *, so a flood is not BASKİ', () => {
    expect(mentionsAny('Bodrumu su baskını bastı', ['baski'])).toBeUndefined();
    expect(mentionsAny("BASKİ'nin ekipleri kazı yaptı", ['baski'])).toBe('baski');
    expect(mentionsAny('Kanalizasyonu taştı', ['kanalizasyon*'])).toBe('kanalizasyon*');
    expect(mentionsAny('1/5000 ölçekli nazım plan', ['1/5000'])).toBe('1/5000');
    const d = decide('FIN-PAYMENT-ERROR', undefined, 'BASKİ su faturasını iki kez ödedim.');
    expect(d).toMatchObject({ tenantId: UTILITY, departmentCode: 'ABONE' });
  });
});

describe('department overrides', () => {
  it('moves park work of Marmara to its Fen İşleri and says so', () => {
    const d = decide('PARK-PLAYGROUND-UNSAFE', seat('balikesir-marmara'));
    expect(d).toMatchObject({ tenantId: 'balikesir-marmara', departmentCode: 'FEN' });
    expect(d.explanation.departmentOverride).toMatchObject({
      id: 'marmara-parks-in-works',
      from: 'PARK',
      to: 'FEN',
    });
    expect(d.explanation.summary.tr).toMatch(/PARK yerine FEN/);
    // Elsewhere the catalogue's department stands.
    expect(decide('PARK-PLAYGROUND-UNSAFE', seat('balikesir-ayvalik')).departmentCode).toBe('PARK');
  });

  it('applies a work-type-scoped override only to that work type', () => {
    const karesi = seat('balikesir-karesi');
    expect(decide('WINTER-SIDEWALK-ICE', karesi).departmentCode).toBe('FEN');
    expect(decide('WINTER-SIDEWALK-ICE', seat('balikesir-altieylul')).departmentCode).toBe('TEMIZLIK');
    expect(decide('CLEAN-SWEEPING', karesi).departmentCode).toBe('TEMIZLIK');
  });

  it('never moves a case to another tenant', () => {
    const d = decide('ANIMAL-INJURED', seat('balikesir-balya'));
    expect(d).toMatchObject({ tenantId: 'balikesir-balya', departmentCode: 'SAGLIK' });
  });
});

describe('triage', () => {
  it('keeps social aid for a coordinator, with the configured reason', () => {
    const d = decide('SOCIAL-FOOD-AID');
    expect(d).toMatchObject({
      outcome: 'triage',
      reason: 'always-triage',
      tenantId: METRO,
      departmentCode: 'SOSYAL',
    });
    expect(d.explanation.rule).toBe('always-triage');
    expect(d.explanation.triage?.note?.en).toMatch(/social aid/);
  });

  it('triages district work when the point and the named neighbourhood disagree', () => {
    const ayvalik = { ...seat('balikesir-ayvalik'), neighbourhood: 'Hisariçi' };
    const d = decide('WASTE-MISSED', ayvalik);
    expect(d).toMatchObject({ outcome: 'triage', reason: 'location-conflict', tenantId: METRO });
    expect(d.explanation.location?.conflict).toMatchObject({ districtTenantId: 'balikesir-karesi' });
    // The disagreement does not matter for metropolitan work.
    expect(decide('TRAFFIC-SIGNAL-FAILURE', ayvalik).outcome).toBe('routed');
  });

  it('triages district work outside the city', () => {
    expect(decide('WASTE-MISSED', { lat: 41.0082, lon: 28.9784 })).toMatchObject({
      outcome: 'triage',
      reason: 'district-unresolved',
    });
  });
});

describe('external referrals', () => {
  it('tells the citizen where to go, in Turkish and English', () => {
    const d = decide('LIGHT-STREETLIGHT-OUT', seat('balikesir-edremit'));
    if (d.outcome !== 'referred') throw new Error(d.outcome);
    expect(d.institution).toMatchObject({ id: 'uedas', phone: '186' });
    expect(d.publicAnswer.tr).toMatch(/UEDAŞ.*186/);
    expect(d.publicAnswer.en).toMatch(/UEDAŞ.*186/);
    expect(d.districtTenantId).toBe('balikesir-edremit');
    expect(d.explanation).toMatchObject({ rule: 'external-referral', referral: { institutionId: 'uedas' } });
  });

  it('adds the configured note and falls back to the web address without a phone', () => {
    expect(decide('REF-GAS-LEAK').outcome === 'referred' && decide('REF-GAS-LEAK')).toMatchObject({
      publicAnswer: { tr: expect.stringMatching(/187.*112/) },
    });
    const answer = referralAnswer({ id: 'x', name: { tr: 'KGM', en: 'KGM' }, web: 'https://www.kgm.gov.tr' });
    expect(answer.en).toMatch(/Please contact KGM \(https:\/\/www\.kgm\.gov\.tr\)\./);
  });
});

describe('the explanation', () => {
  it('records the rule, the inputs and the config version, and is deterministic', () => {
    const input = { ...centroid('Hisariçi'), neighbourhood: 'Hisariçi', roadName: 'Gazi Bulvarı' };
    const d = decide('SIDEWALK-DAMAGE-LOCAL', input);
    expect(d.explanation).toEqual({
      configVersion: config.version,
      rule: 'split-rule',
      workType: { code: 'SIDEWALK-DAMAGE-LOCAL', level: 'district', departmentCode: 'FEN' },
      location: {
        districtTenantId: 'balikesir-karesi',
        method: 'district-polygon',
        neighbourhood: 'Hisariçi',
        neighbourhoodKind: 'urban',
        neighbourhoodMatchedBy: 'name',
        road: {
          source: 'road-name',
          name: 'Gazi Bulvarı',
          onLists: ['ukome-arterial'],
          offLists: ['state-highways'],
          matched: { 'ukome-arterial': 'Gazi Bulvarı' },
        },
      },
      splitRule: {
        id: 'road-local-street',
        basis: expect.stringContaining('Ana arter'),
        branch: 'designated-arterial',
      },
      level: 'metropolitan',
      summary: {
        tr: expect.stringMatching(
          /Yönlendirildi: Balıkesir BB \/ FEN\..*road-local-street → designated-arterial.*Karesi \(ilçe sınırı\), Hisariçi.*Gazi Bulvarı \(listede\)/,
        ),
        en: expect.stringMatching(/Routed to Balıkesir BB \/ FEN\..*Karesi \(district boundary\), Hisariçi/),
      },
    });
    expect(decide('SIDEWALK-DAMAGE-LOCAL', input)).toEqual(d);
  });

  it('holds no empty map or list, which the local DynamoDB stream path cannot carry', () => {
    const empty = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.length === 0 || v.some(empty)
        : typeof v === 'object' && v !== null
          ? Object.keys(v).length === 0 || Object.values(v).some(empty)
          : false;
    const places = [
      undefined,
      seat('balikesir-ayvalik'),
      { ...seat('balikesir-karesi'), address: 'Karesi merkez' },
      { ...centroid('Küçükbostancı'), roadName: 'Çamlık Sokak' },
      { ...seat('balikesir-ayvalik'), neighbourhood: 'Hisariçi' },
      { lat: 41.0082, lon: 28.9784 },
    ];
    for (const w of catalog.workTypes)
      for (const p of places) expect(empty(decide(w.code, p).explanation), w.code).toBe(false);
  });

  it('names the missing input when a split rule cannot decide', () => {
    const d = decide('ROAD-OIL-SPILL', seat('balikesir-bandirma'));
    expect(d.explanation.summary.tr).toMatch(/Koordinatör triyajı: .*Eksik: yol adı/);
    expect(d.explanation.summary.en).toMatch(/Missing: road name/);
  });
});

describe('applying a decision to a NEW case', () => {
  const newCase = (over: Partial<Case> = {}): Case =>
    Case.parse({
      id: '01JD0000000000000000000000',
      cityId: 'balikesir',
      trackingNo: '482739150266',
      status: 'NEW',
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      catalogVersion: catalog.version,
      kind: 'complaint',
      priority: 'normal',
      channel: 'web',
      description: 'Sokakta derin çukur.',
      location: { ...centroid('Hisariçi'), roadName: 'Çınarlı Sokak' },
      attachments: [],
      consent: { accepted: true, noticeVersion: '2026-11' },
      createdAt: '2026-11-23T08:00:00.000Z',
      updatedAt: '2026-11-23T08:00:00.000Z',
      slaDueAt: '2026-11-26T08:00:00.000Z',
      version: 1,
      ...over,
    });
  const now = new Date('2026-11-23T08:00:05Z');
  const ids = () => {
    let n = 0;
    return () => `01JD00000000000000000001${String(n++).padStart(2, '0')}`;
  };
  const apply = (c: Case) => {
    const w = workType(c.workTypeCode);
    const d = decideRouting(context, { workType: w, location: c.location, description: c.description });
    const r = applyRouting(c, d, ids(), now);
    if (!r) throw new Error('not applied');
    return { d, ...r };
  };

  it('routes: ROUTED, the district on the location, a public event without internals and an explained note', () => {
    const { after, events, intents } = apply(newCase());
    expect(Case.parse(after)).toEqual(after);
    expect(after).toMatchObject({
      status: 'ROUTED',
      ownerTenantId: 'balikesir-karesi',
      ownerDepartmentCode: 'FEN',
      routedAt: now.toISOString(),
      version: 2,
      location: { districtTenantId: 'balikesir-karesi' },
    });
    expect(events.map((e) => [e.type, e.visibility, e.status])).toEqual([
      ['routed', 'public', 'ROUTED'],
      ['note', 'internal', 'ROUTED'],
    ]);
    expect(events[0]?.data).toEqual({ outcome: 'routed' });
    expect(events[1]?.data).toMatchObject({
      kind: 'routing',
      explanation: { rule: 'split-rule', splitRule: { id: 'road-local-street' } },
    });
    expect(intents).toEqual([
      { intent: 'analytics', caseId: after.id, eventId: events[0]?.eventId, eventType: 'routed' },
      { intent: 'analytics', caseId: after.id, eventId: events[1]?.eventId, eventType: 'note' },
      { intent: 'notify-citizen', caseId: after.id, eventId: events[0]?.eventId, step: 'routed' },
    ]);
  });

  it('triages: TRIAGE at the metropolitan municipality, the reason on the internal note only', () => {
    const { after, events, intents } = apply(
      newCase({ workTypeCode: 'SOCIAL-FOOD-AID', location: undefined }),
    );
    expect(after).toMatchObject({ status: 'TRIAGE', ownerTenantId: METRO });
    expect(events[0]).toMatchObject({
      type: 'routed',
      visibility: 'public',
      status: 'TRIAGE',
      data: { outcome: 'triage' },
    });
    expect(events[1]?.data).toMatchObject({ kind: 'routing', triageReason: 'always-triage' });
    expect(intents.some((i) => i.intent === 'notify-citizen')).toBe(false);
  });

  it('refers: CLOSED as REFERRED_EXTERNAL with the institution, in the citizen’s language', () => {
    const c = newCase({
      workTypeCode: 'LIGHT-STREETLIGHT-OUT',
      contact: {
        phone: '+905321234567',
        preference: { channel: 'sms', granularity: 'every_stage', language: 'en' },
      },
    });
    const { after, events, intents } = apply(c);
    expect(Case.parse(after)).toEqual(after);
    expect(after).toMatchObject({
      status: 'CLOSED',
      ownerTenantId: METRO,
      ownerDepartmentCode: 'HALKLA',
      closedAt: now.toISOString(),
      resolvedAt: now.toISOString(),
      result: {
        code: 'REFERRED_EXTERNAL',
        publicAnswer: expect.stringMatching(/^Your request concerns UEDAŞ.*186/),
        evidence: { institution: { name: 'UEDAŞ (Uludağ Electricity Distribution)', phone: '186' } },
        by: { kind: 'system', id: 'routing' },
      },
    });
    expect(events[0]).toMatchObject({
      type: 'closed',
      visibility: 'public',
      data: { resultCode: 'REFERRED_EXTERNAL', publicAnswerText: { tr: expect.stringMatching(/UEDAŞ/) } },
    });
    expect(JSON.stringify(events[0])).not.toMatch(/explanation|configVersion/);
    expect(intents.at(-1)).toMatchObject({ intent: 'notify-citizen', step: 'closed' });
  });

  it('does nothing to a case that is no longer NEW', () => {
    const { after, d } = apply(newCase());
    expect(applyRouting(after, d, ids(), now)).toBeUndefined();
  });
});

describe('routing config validation', () => {
  const base = JSON.parse(JSON.stringify(config)) as RoutingConfigInput;

  it('lists every reference that does not exist in the catalogue', () => {
    const broken = RoutingConfig.parse({
      ...base,
      externalReferrals: [
        ...(base.externalReferrals ?? []),
        {
          id: 'bad-ref',
          appliesTo: { workTypes: ['NO-SUCH-TYPE'], groups: ['NOPE'] },
          institutionId: 'nobody',
        },
      ],
      departmentOverrides: [
        {
          id: 'bad-override',
          tenantIds: ['balikesir-nowhere'],
          fromDepartmentCode: 'PARK',
          departmentCode: 'XX',
          reason: 'x',
        },
      ],
    });
    expect(checkRoutingConfig(broken, catalog)).toEqual([
      'bad-ref: unknown work type NO-SUCH-TYPE',
      'bad-ref: unknown group NOPE',
      'bad-ref: unknown institution nobody',
      'bad-override: unknown department XX',
      'bad-override: unknown tenant balikesir-nowhere',
    ]);
  });

  it('refuses a work type that is both referred and always triaged', () => {
    const broken = RoutingConfig.parse({
      ...base,
      alwaysTriage: [
        ...(base.alwaysTriage ?? []),
        { id: 'lights', appliesTo: { groups: ['LIGHT'] }, reason: { tr: 'x', en: 'x' } },
      ],
    });
    expect(checkRoutingConfig(broken, catalog)).toContain(
      'LIGHT-STREETLIGHT-OUT is both referred (street-lighting) and always triaged',
    );
  });

  it('rejects malformed rules at parse time', () => {
    expect(RoutingConfig.safeParse({ ...base, frontOfficeDepartmentCode: 'halkla' }).success).toBe(false);
    const emptyCondition = {
      ...base,
      splitRules: [
        {
          id: 'x',
          basis: 'x',
          appliesTo: { workTypes: ['ROAD-BRIDGE'] },
          branches: [{ id: 'b', when: {}, outcome: { route: { level: 'district' } }, ifUnknown: 'skip' }],
        },
      ],
    };
    expect(RoutingConfig.safeParse(emptyCondition).success).toBe(false);
  });
});

describe('road names', () => {
  it('normalises Turkish spellings and abbreviations', () => {
    expect(normaliseRoadText('MİLLİ KUVVETLER CD.')).toBe('milli kuvvetler caddesi');
    expect(normaliseRoadText('Gazi Blv.')).toBe('gazi bulvari');
    expect(normaliseRoadText('Çınarlı Sk. No:3')).toBe('cinarli sokak no 3');
  });

  it('tells listed, unlisted and unknown roads apart', () => {
    const lists = config.roadLists;
    expect(roadFacts(lists, {})).toBeUndefined();
    expect(roadFacts(lists, { address: 'Karesi, Balıkesir' })?.onList['ukome-arterial']).toBeUndefined();
    expect(roadFacts(lists, { address: 'Çınarlı Sokak 3' })?.onList['ukome-arterial']).toBe(false);
    // Cadde, then sokak: the place is on the sokak.
    const offTheArtery = roadFacts(lists, {
      address: 'Atatürk Caddesi, 12. sokak girişi',
      districtTenantId: 'balikesir-karesi',
    });
    expect(offTheArtery?.onList).toEqual({ 'ukome-arterial': false, 'state-highways': false });
    // A central main artery, but we do not know which district we are in.
    expect(roadFacts(lists, { address: 'Atatürk Caddesi 5' })?.onList['ukome-arterial']).toBeUndefined();
    expect(roadFacts(lists, { roadName: 'D200' })?.onList['state-highways']).toBe(true);
  });
});
