import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  endpoints,
  expectAccessible,
  launchChromium,
  newPage,
  SCREENSHOTS,
  signInAs,
  visit,
} from '../support/browser-harness.ts';

/*
 * Exports in the browser: the work queue's CSV and XLSX buttons deliver a file (fetched
 * with the staff token, handed over as a blob), and the public open-data page offers
 * downloads that arrive, in Turkish and English (screenshots in test-results).
 */

let browser: Browser;
let portalUrl: string;

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function downloaded(
  page: Page,
  click: () => Promise<void>,
): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = await download.path();
  return { download, text: readFileSync(path).toString('utf8') };
}

describe('work queue export', () => {
  it('downloads the filtered queue as CSV and XLSX', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.supervisor', '/panel/kuyruk');
    const bar = page.getByTestId('queue-export');
    await bar.getByRole('heading', { name: 'Listeyi indir' }).waitFor();
    const csv = await downloaded(page, () => bar.getByRole('button', { name: 'CSV' }).click());
    expect(csv.download.suggestedFilename()).toMatch(/^kent-masasi-basvurular-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Takip numarası;Başvuru tarihi;/);
    await bar.getByText(/satırlık dosya indirildi/).waitFor();
    const xlsx = await downloaded(page, () => bar.getByRole('button', { name: 'XLSX (Excel)' }).click());
    expect(xlsx.download.suggestedFilename()).toMatch(/\.xlsx$/);
    // A zip container: the XLSX's first bytes.
    expect(xlsx.text.slice(0, 2)).toBe('PK');
    await visit(page, 'queue-export-tr');
    await page.context().close();
  }, 120_000);
});

describe('open-data page', () => {
  it('describes the data in Turkish and delivers a CSV download', async () => {
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/`);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Açık veri' }).click();
    await page.waitForURL(/\/acik-veri$/);
    await page.getByRole('heading', { level: 1, name: 'Açık veri' }).waitFor();
    await visit(page, 'open-data-tr');
    await page.screenshot({ path: join(SCREENSHOTS, 'open-data-tr.png'), fullPage: true });
    const csv = await downloaded(page, () => page.getByTestId('opendata-csv').click());
    expect(csv.download.suggestedFilename()).toMatch(/^kent-masasi-acik-veri-balikesir-.*\.csv$/);
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^id,requested_at,updated_at,/);
    const geojson = await downloaded(page, () => page.getByTestId('opendata-geojson').click());
    expect(JSON.parse(geojson.text).type).toBe('FeatureCollection');
    await page.context().close();
  }, 120_000);

  it('says so in English when the range is too long', async () => {
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/en/acik-veri`);
    await page.getByRole('heading', { level: 1, name: 'Open data' }).waitFor();
    await visit(page, 'open-data-en');
    await page.screenshot({ path: join(SCREENSHOTS, 'open-data-en.png'), fullPage: true });
    const feed = await downloaded(page, () => page.getByTestId('opendata-open311').click());
    expect(Array.isArray(JSON.parse(feed.text))).toBe(true);
    await page.getByLabel('First day').fill('2026-01-01');
    await page.getByText('The last day cannot be before the first').waitFor();
    expect(await page.getByTestId('opendata-csv').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  }, 120_000);
});
