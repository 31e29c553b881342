import { httpRoutes } from '@citydesk/functions/manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeRoute, useHandlerEnvironment } from '../support/handler-invocation.ts';

/*
 * The analytics read API's access and validation (docs/domain/analytics.md § Access):
 * a district's manager reads their own tenant and gets 403 problem+json for another;
 * the metro's manager reads the whole city and any tenant; agents read nothing; a bad
 * range is a 400 in the caller's language. Handlers run in this process with verified
 * claims, as the gateway hands them over.
 */

const route = (id: string) => {
  const found = httpRoutes.find((r) => r.id === id);
  if (!found) throw new Error(`no route ${id}`);
  return found;
};
const claims = (tenantId: string, groups: string[], sub = `analytics-${tenantId}-${groups.join('-')}`) => ({
  sub,
  'cognito:username': sub,
  'custom:tenant_id': tenantId,
  'cognito:groups': `[${groups.join(' ')}]`,
});
// Türkiye's date, and 30 days before it: 31 days whatever the hour (UTC+3 is tomorrow from 21:00 UTC).
const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
const monthAgo = new Date(Date.parse(today) - 30 * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => useHandlerEnvironment());

describe('analytics API', () => {
  it("a district's manager reads their own tenant, not another one's", async () => {
    const own = await invokeRoute({
      route: route('StaffAnalyticsDashboard'),
      query: { from: monthAgo, to: today },
      claims: claims('balikesir-karesi', ['manager']),
    });
    expect(own.status).toBe(200);
    expect((own.json.filter as { tenantId?: string }).tenantId).toBe('balikesir-karesi');
    expect((own.json.trend as { points: unknown[] }).points).toHaveLength(31);
    expect(own.json.byOrganisation).toHaveLength(1);

    const other = await invokeRoute({
      route: route('StaffAnalyticsDashboard'),
      query: { from: monthAgo, to: today, tenantId: 'balikesir-altieylul' },
      claims: claims('balikesir-karesi', ['manager']),
      headers: { 'accept-language': 'en' },
    });
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.json.code).toBe('forbidden');

    const choropleth = await invokeRoute({
      route: route('StaffAnalyticsChoropleth'),
      query: { from: monthAgo, to: today, tenantId: 'baski', level: 'district' },
      claims: claims('balikesir-karesi', ['supervisor']),
    });
    expect(choropleth.status).toBe(403);
  });

  it("the metro's manager reads the whole city and any tenant; agents read nothing", async () => {
    const city = await invokeRoute({
      route: route('StaffAnalyticsDashboard'),
      query: { from: monthAgo, to: today },
      claims: claims('balikesir-bb', ['manager']),
    });
    expect(city.status).toBe(200);
    expect((city.json.filter as { tenantId?: string }).tenantId).toBeUndefined();
    expect((city.json.byOrganisation as unknown[]).length).toBeGreaterThan(20);

    const district = await invokeRoute({
      route: route('StaffAnalyticsNow'),
      query: { tenantId: 'balikesir-altieylul' },
      claims: claims('balikesir-bb', ['coordinator']),
    });
    expect(district.status).toBe(200);
    expect(district.json.tenantId).toBe('balikesir-altieylul');
    expect(district.json.refreshSeconds).toBeLessThanOrEqual(30);

    const map = await invokeRoute({
      route: route('StaffAnalyticsChoropleth'),
      query: { from: monthAgo, to: today, level: 'district' },
      claims: claims('balikesir-bb', ['manager']),
    });
    expect(map.status).toBe(200);
    expect((map.json.areas as { areaId: string }[]).map((a) => a.areaId)).toContain('balikesir-karesi');

    const agent = await invokeRoute({
      route: route('StaffAnalyticsNow'),
      claims: claims('balikesir-bb', ['agent']),
    });
    expect(agent.status).toBe(403);
  });

  it('a range ending before it starts is a 400 problem in Turkish', async () => {
    const res = await invokeRoute({
      route: route('StaffAnalyticsDashboard'),
      query: { from: today, to: monthAgo },
      claims: claims('balikesir-bb', ['manager']),
      headers: { 'accept-language': 'tr' },
    });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('validation-failed');
  });

  it('only the metro admins and platform operators run the verification', async () => {
    const manager = await invokeRoute({
      route: route('AdminAnalyticsVerification'),
      body: {},
      claims: claims('balikesir-bb', ['manager']),
    });
    expect(manager.status).toBe(403);
    const districtAdmin = await invokeRoute({
      route: route('AdminAnalyticsVerification'),
      body: {},
      claims: claims('balikesir-karesi', ['admin']),
    });
    expect(districtAdmin.status).toBe(403);
  });
});
