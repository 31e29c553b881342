import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';

/*
 * The analytics map in Chromium (docs/domain/maps.md): the metro's manager opens
 * /panel/analiz/harita and sees the districts coloured by the choropleth, the legend,
 * the figures as a table and the open cases as clusters, with no tile server; switches
 * to neighbourhoods and the dominant work type; the same in English. Every state
 * passes axe at 1280 and 390 px.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  // Open cases of this suite's own, on streets of the two central districts.
  await fileRoutedCase(potholeSubmission({ lat: 39.6598, lon: 27.8771, neighbourhood: 'Atatürk' }));
  await fileRoutedCase(potholeSubmission({ lat: 39.6344, lon: 27.8968, neighbourhood: 'Plevne' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Reloads until the choropleth's figures reached the table (the analytics consumer runs behind the stream). */
async function waitForFigures(page: Page, district: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const row = page.getByTestId('map-area-table').locator('tr', { hasText: district });
        const text = (await row.count()) > 0 ? await row.first().textContent() : '';
        if (/\d/.test(text ?? '') && !/\b0\b/.test(text ?? '')) return true;
        await page.reload();
        await page.getByTestId('map-area-table').waitFor({ timeout: 30_000 });
        return false;
      },
      { timeout: 120_000, interval: 2_000 },
    )
    .toBe(true);
}

describe('the analytics map', () => {
  it('shows the metro manager the districts, their figures and the open cases (Turkish)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.manager', '/panel/analiz/harita');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Analiz haritası');
    // The districts are drawn as SVG paths on a plain surface: no tile was requested.
    await expect
      .poll(() => page.locator('[data-testid="analytics-map"] path.leaflet-interactive').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(20);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    await waitForFigures(page, 'Karesi');
    await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('Dönemde açılan başvuru');
    // The open cases, clustered at the city-wide zoom, keyboard reachable.
    await expect
      .poll(() => page.getByTestId('open-case-status').textContent(), { timeout: 30_000 })
      .toMatch(/Görünen açık başvuru: \d+/);
    expect(await page.locator('.case-cluster').count()).toBeGreaterThan(0);
    expect(await page.locator('.case-cluster').first().getAttribute('tabindex')).toBe('0');
    await visit(page, 'tr-analytics-map-districts');

    // Neighbourhoods, coloured by the main request type.
    await page.getByRole('radio', { name: 'Mahalleler' }).check({ force: true });
    await page.getByRole('radio', { name: 'Birincil istek/şikâyet' }).check({ force: true });
    await expect
      .poll(() => page.getByTestId('map-area-table').locator('caption').textContent(), { timeout: 30_000 })
      .toContain('Mahallelere göre');
    await expect
      .poll(() => page.getByTestId('map-legend').textContent())
      .toContain('En sık istek türünün grubu');
    expect(page.url()).toContain('level=neighbourhood');
    expect(page.url()).toContain('measure=dominant');
    await visit(page, 'tr-analytics-map-neighbourhoods');

    // The open-case layer can be switched off.
    await page.getByTestId('open-cases-toggle').uncheck();
    await expect.poll(() => page.locator('.case-cluster, .case-point').count()).toBe(0);
    await page.context().close();
  }, 300_000);

  it('speaks English under /en', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.manager', '/en/panel/analiz/harita', true);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Analytics map');
    await waitForFigures(page, 'Karesi');
    await expect
      .poll(() => page.getByTestId('open-case-status').textContent(), { timeout: 30_000 })
      .toMatch(/Open cases in view: \d+/);
    await visit(page, 'en-analytics-map-districts');
    await page.context().close();
  }, 300_000);

  it("pins a district's manager to its own district", async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.manager', '/panel/analiz/harita?tenantId=balikesir-altieylul');
    await expect
      .poll(() => page.getByTestId('open-case-status').textContent(), { timeout: 30_000 })
      .toMatch(/Görünen açık başvuru: \d+/);
    // No organisation choice, and no error: the page reads Karesi whatever the address says.
    expect(await page.getByLabel('Kurum').count()).toBe(0);
    expect(await page.getByTestId('choropleth-error').count()).toBe(0);
    await page.context().close();
  }, 300_000);
});
