import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson } from '../support/api-client.ts';
import {
  DESKTOP,
  expectAccessible,
  launchChromium,
  MOBILE,
  newPage,
  SCREENSHOTS,
  signInAs,
  visit,
} from '../support/browser-harness.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The analytics pages in Chromium (issue 8): the metropolitan manager opens the
 * dashboard on the city (the suites' local cloud seeds no demo cases, so this suite
 * files its own in Karesi and Altıeylül first), sees the headline figures and the charts, narrows it
 * to one district, opens a chart's table; the wall screen shows its numbers and the
 * weekly coordination report renders; the same in English. Every state passes axe at
 * 1280 and 390 px, with full-page screenshots at 1440 and 390 px in test-results (the
 * documentation's come from the seeded city: `npm run docs:screenshots`).
 */

let browser: Browser;

const WIDE = { width: 1440, height: 900 };

beforeAll(async () => {
  browser = await launchChromium();
  // Streets of this suite's own, away from the centroids other suites file at.
  const filed = [];
  for (const [lat, lon, neighbourhood] of [
    [39.6598, 27.8751, 'Atatürk'],
    [39.6603, 27.8764, 'Atatürk'],
    [39.6591, 27.8772, 'Atatürk'],
    [39.6281, 27.9049, 'Sütlüce'],
    [39.6287, 27.9071, 'Sütlüce'],
  ] as const) {
    filed.push(await fileRoutedCase(potholeSubmission({ lat, lon, neighbourhood })));
  }
  expect(new Set(filed.map((c) => c.owner))).toEqual(new Set(['balikesir-karesi', 'balikesir-altieylul']));
  // The dashboards read the analytics consumer's counters: wait until they hold today's cases.
  const token = (await signIn('metro.manager')).IdToken;
  const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
  await eventually(async () => {
    const r = await getJson(`/v1/staff/analytics/dashboard?from=${today}&to=${today}`, {
      authorization: `Bearer ${token}`,
    });
    // Opened cases count at once; routed ones as received by their district the moment routing decides.
    const totals = r.json.totals as { created: number; received: number; openNow: number } | undefined;
    return r.status === 200 &&
      totals &&
      totals.created >= filed.length &&
      totals.received >= filed.length &&
      totals.openNow >= filed.length
      ? true
      : undefined;
  }, 60_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

/** A screenshot for docs/, full page, at the given width; the viewport is restored after. */
async function documentationShot(page: Page, name: string, viewport: { width: number; height: number }) {
  await page.setViewportSize(viewport);
  // Charts follow their box: give them a moment to redraw at the new width.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

const kpiNumber = async (page: Page, id: string) =>
  Number(
    (await page.getByTestId(`kpi-${id}`).locator('dd').first().textContent())?.replace(/\D/g, '') ?? 'NaN',
  );

describe('the analytics dashboard', () => {
  it('shows the metropolitan manager the seeded city, then one district, with tables behind the charts', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.manager', '/panel/analiz');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Analiz panosu');
    await page.getByTestId('kpi-created').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('analytics-scope').textContent()).toContain('tüm kent');
    expect(await kpiNumber(page, 'created')).toBeGreaterThan(0);
    expect(await kpiNumber(page, 'received')).toBeGreaterThan(0);
    expect(await page.getByTestId('kpi-open').locator('dd').first().textContent()).toMatch(/^[1-9][\d.]*$/);
    // The charts are drawn (SVG) and named for screen readers.
    for (const chart of ['trend', 'work-types', 'channels', 'organisations']) {
      const figure = page.getByTestId(`chart-${chart}`);
      expect(await figure.getAttribute('role')).toBe('img');
      await expect.poll(() => figure.locator('svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    // The navigation's single entry leads here.
    expect(
      await page
        .getByRole('navigation', { name: 'Personel menüsü' })
        .getByRole('link', { name: 'Analiz' })
        .count(),
    ).toBe(1);
    await visit(page, 'tr-analytics-dashboard');
    await documentationShot(page, 'analytics-dashboard-tr-desktop', WIDE);
    await documentationShot(page, 'analytics-dashboard-tr-mobile', MOBILE);

    // One district: the choice goes to the address and the figures follow it.
    const cityReceived = await kpiNumber(page, 'received');
    await page.getByLabel('Kurum', { exact: true }).selectOption('balikesir-karesi');
    await page.waitForURL(/tenantId=balikesir-karesi/);
    await expect
      .poll(() => page.getByTestId('analytics-scope').textContent(), { timeout: 30_000 })
      .toContain('Karesi');
    await expect
      .poll(() => kpiNumber(page, 'received'), { timeout: 30_000 })
      .toBeLessThanOrEqual(cityReceived);

    // A chart's accessible alternative: a real table with a caption and headers.
    const panel = page.getByTestId('panel-work-types');
    await panel.getByText('Tablo olarak göster').click();
    const table = panel.getByTestId('table-work-types').getByRole('table');
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await table.getByRole('columnheader', { name: 'İş türü' }).count()).toBe(1);
    expect(await table.locator('caption').textContent()).toBe('En çok gelen iş türleri');
    await expectAccessible(page);

    // A preset period is one click, and kept in the address too.
    await page.getByTestId('preset-7d').click();
    await expect.poll(() => page.getByTestId('preset-7d').getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('tenantId')).toBe('balikesir-karesi');
    await page.context().close();
  }, 240_000);

  it('shows the wall screen and the weekly coordination report', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.manager', '/panel/analiz/canli');
    await expect
      .poll(() => page.getByTestId('wall-updated').textContent(), { timeout: 30_000 })
      .toContain('Son güncelleme');
    expect(await page.getByTestId('wall-open').locator('dd').textContent()).toMatch(/^[1-9][\d.]*$/);
    await page.getByTestId('wall-organisations').getByRole('table').waitFor();
    expect(await page.getByTestId('wall-fullscreen').textContent()).toContain('Tam ekran');
    await visit(page, 'tr-analytics-wall');
    await documentationShot(page, 'analytics-wall-tr', WIDE);

    await page.getByRole('link', { name: 'Haftalık rapor', exact: true }).click();
    await page.waitForURL(/\/panel\/analiz\/haftalik/);
    await page.getByTestId('weekly-totals').getByRole('table').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('weekly-scope').textContent()).toMatch(/\d{4}-W\d{2}/);
    expect(await page.getByRole('button', { name: 'Yazdır' }).count()).toBe(1);
    await visit(page, 'tr-analytics-weekly');
    await documentationShot(page, 'analytics-weekly-tr', WIDE);
    await page.context().close();
  }, 240_000);

  it('speaks English under /en', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.manager', '/en/panel/analiz', true);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Analytics dashboard');
    await page.getByTestId('kpi-created').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('kpi-sla').locator('dt').textContent()).toBe('SLA compliance');
    await expect
      .poll(() => page.getByTestId('chart-trend').locator('svg').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await visit(page, 'en-analytics-dashboard');
    await documentationShot(page, 'analytics-dashboard-en-desktop', WIDE);
    await documentationShot(page, 'analytics-dashboard-en-mobile', MOBILE);

    await page.getByRole('link', { name: 'Live', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('wall-updated').textContent(), { timeout: 30_000 })
      .toContain('Last updated');
    await expectAccessible(page);
    await documentationShot(page, 'analytics-wall-en', WIDE);

    await page.getByRole('link', { name: 'Weekly report', exact: true }).click();
    await page.getByTestId('weekly-totals').getByRole('table').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Weekly coordination report');
    await expectAccessible(page);
    await documentationShot(page, 'analytics-weekly-en', WIDE);
    await page.context().close();
  }, 240_000);
});
