import { describe, expect, it } from 'vitest';
import cityJson from '../catalog/balikesir.json' with { type: 'json' };
import workTypesJson from '../catalog/work-types.json' with { type: 'json' };
import { parseCityCatalog } from './catalog.ts';
import { demoCityCatalog } from './demo-city.ts';

describe('reference catalogue', () => {
  const catalog = demoCityCatalog();

  it('loads all 297 work types with unique codes and known departments', () => {
    expect(catalog.workTypes).toHaveLength(297);
    expect(new Set(catalog.workTypes.map((w) => w.code)).size).toBe(297);
    const departments = new Set(catalog.departments.map((d) => d.code));
    for (const w of catalog.workTypes) expect(departments.has(w.departmentCode)).toBe(true);
  });

  it('maps the responsible levels of Law 5216', () => {
    const count = (level: string) => catalog.workTypes.filter((w) => w.tenantLevel === level).length;
    expect([count('metropolitan'), count('district'), count('utility')]).toEqual([133, 126, 38]);
  });

  it('has the metropolitan municipality, BASKİ and 20 districts', () => {
    const byType = (type: string) => catalog.tenants.filter((t) => t.type === type);
    expect(byType('metropolitan').map((t) => t.id)).toEqual(['balikesir-bb']);
    expect(byType('utility').map((t) => t.shortName)).toEqual(['BASKİ']);
    expect(byType('district')).toHaveLength(20);
    expect(catalog.tenants.find((t) => t.id === 'balikesir-karesi')?.name).toBe('Karesi Belediyesi');
  });

  it('assigns every neighbourhood to a district tenant', () => {
    expect(catalog.neighbourhoods.length).toBeGreaterThanOrEqual(26);
    const districts = new Set(catalog.tenants.filter((t) => t.type === 'district').map((t) => t.id));
    for (const n of catalog.neighbourhoods) expect(districts.has(n.districtTenantId)).toBe(true);
  });

  it('refuses a file whose shape drifted', () => {
    const broken = structuredClone(workTypesJson) as { work_types: Record<string, unknown>[] };
    (broken.work_types[0] as Record<string, unknown>).tenant_level = 'province';
    expect(() => parseCityCatalog(broken, cityJson)).toThrow();
  });

  it('refuses duplicate codes', () => {
    const dup = structuredClone(workTypesJson) as { work_types: unknown[]; meta: { count: number } };
    dup.work_types.push(dup.work_types[0]);
    dup.meta.count += 1;
    expect(() => parseCityCatalog(dup, cityJson)).toThrow(/duplicate work type code/);
  });
});
