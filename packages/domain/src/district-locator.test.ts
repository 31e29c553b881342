import { describe, expect, it } from 'vitest';
import { decideRouting } from './case-routing.ts';
import { demoCityCatalog } from './demo-city.ts';
import { createDistrictLocator } from './district-locator.ts';

const catalog = demoCityCatalog();
const locate = createDistrictLocator(catalog);
const workType = (code: string) => {
  const w = catalog.workTypes.find((t) => t.code === code);
  if (!w) throw new Error(code);
  return w;
};

describe('district locator', () => {
  it('places every district seat in its own district', () => {
    for (const t of catalog.tenants.filter((x) => x.type === 'district')) {
      // Karesi and Altıeylül share the city centre: there, the neighbourhood decides.
      if (t.id === 'balikesir-karesi' || t.id === 'balikesir-altieylul') continue;
      expect(locate(t.seat)?.districtTenantId).toBe(t.id);
    }
  });

  it('uses a neighbourhood centroid near the centre', () => {
    for (const n of catalog.neighbourhoods.filter((x) => x.centroid).slice(0, 40)) {
      const match = locate(n.centroid);
      expect(match?.method).toBe('neighbourhood-centroid');
    }
  });

  it('trusts a unique neighbourhood name typed in any case or without Turkish letters', () => {
    const n = catalog.neighbourhoods.find((x) => x.name === 'Gümüşçeşme');
    expect(n).toBeDefined();
    expect(locate(undefined, 'GUMUSCESME')).toMatchObject({
      districtTenantId: n?.districtTenantId,
      method: 'neighbourhood-name',
    });
  });

  it('finds nothing far outside the city', () => {
    expect(locate({ lat: 41.0082, lon: 28.9784 })).toBeUndefined(); // İstanbul
  });
});

describe('routing by Law 5216 level', () => {
  const ayvalik = catalog.tenants.find((t) => t.id === 'balikesir-ayvalik');

  it('sends a local-street pothole to the district that holds the point', () => {
    const d = decideRouting(catalog, locate, workType('ROAD-POTHOLE-LOCAL'), ayvalik?.seat);
    expect(d).toMatchObject({
      tenantId: 'balikesir-ayvalik',
      reason: 'district-by-location',
      departmentCode: 'FEN',
    });
  });

  it('sends an arterial pothole to the metropolitan municipality wherever it is', () => {
    const d = decideRouting(catalog, locate, workType('ROAD-POTHOLE-ARTERIAL'), ayvalik?.seat);
    expect(d).toMatchObject({ tenantId: 'balikesir-bb', reason: 'metropolitan-work-type' });
  });

  it('sends water work to BASKİ', () => {
    const water = catalog.workTypes.find((w) => w.tenantLevel === 'utility');
    if (!water) throw new Error('no utility work type');
    expect(decideRouting(catalog, locate, water, ayvalik?.seat).tenantId).toBe('baski');
  });

  it('leaves a district work type without a location to metropolitan triage', () => {
    const d = decideRouting(catalog, locate, workType('ROAD-POTHOLE-LOCAL'), undefined);
    expect(d).toMatchObject({ tenantId: 'balikesir-bb', reason: 'district-unresolved' });
  });
});
