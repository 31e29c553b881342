import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalEndpoints } from '@citydesk/local-cloud';
import { chromium, type Page } from 'playwright-core';

/*
 * The documentation's screenshots of the analytics screens and the open-data page,
 * taken from the seeded demo city of a running `npm start` (300 cases over 60 days,
 * routed and worked by the real pipeline), so docs/ shows what a newcomer sees, not
 * the few cases a test run leaves. The browser tests keep their own screenshots in
 * test-results/.
 *
 *   npm start                         # in one terminal, until "ready"
 *   npm run docs:screenshots          # in another
 */

const DOCS = join('docs', 'screenshots');
const WIDE = { width: 1440, height: 900 };
const MOBILE = { width: 390, height: 844 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const endpoints = JSON.parse(readFileSync(join('.data', 'endpoints.json'), 'utf8')) as LocalEndpoints;
const portal = endpoints.portalUrl.replace(/\/$/, '');
const manager = endpoints.demoUsers.find((u) => u.username === 'metro.manager');
if (!manager) throw new Error('metro.manager is not seeded: is `npm start` running?');

mkdirSync(DOCS, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

async function shot(page: Page, name: string, viewport = WIDE) {
  await page.setViewportSize(viewport);
  // Charts and the map follow their box: let them redraw at the new width.
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(DOCS, `${name}.png`), fullPage: true });
  process.stdout.write(`${DOCS}/${name}.png\n`);
}

for (const language of ['tr', 'en'] as const) {
  const english = language === 'en';
  const context = await browser.newContext({ viewport: WIDE, locale: english ? 'en-GB' : 'tr-TR' });
  const page = await context.newPage();
  await page.goto(`${portal}${english ? '/en' : ''}/giris`);
  await page.getByRole('textbox', { name: english ? 'User name' : 'Kullanıcı adı' }).fill(manager.username);
  await page.getByLabel(english ? 'Password' : 'Parola', { exact: true }).fill(manager.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'Giriş yap' }).click();
  await page.waitForURL(/\/panel$/, { timeout: 30_000 });
  const base = `${portal}${english ? '/en' : ''}`;

  await page.goto(`${base}/panel/analiz`);
  await page.getByTestId('kpi-created').waitFor({ timeout: 60_000 });
  await page.getByTestId('chart-trend').locator('svg').first().waitFor({ timeout: 30_000 });
  await shot(page, `analytics-dashboard-${language}-desktop`);
  await shot(page, `analytics-dashboard-${language}-mobile`, MOBILE);

  await page.goto(`${base}/panel/analiz/canli`);
  await page.getByTestId('wall-organisations').getByRole('table').waitFor({ timeout: 60_000 });
  await shot(page, `analytics-wall-${language}`);

  await page.goto(`${base}/panel/analiz/harita`);
  await page.getByTestId('map-area-table').waitFor({ timeout: 60_000 });
  await page.locator('.case-cluster').first().waitFor({ timeout: 60_000 });
  await shot(page, `analytics-map-${language}`);

  await page.goto(`${base}/panel/analiz/haftalik`);
  await page.getByTestId('weekly-totals').getByRole('table').waitFor({ timeout: 60_000 });
  await shot(page, `analytics-weekly-${language}`);

  await page.goto(`${base}/acik-veri`);
  await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
  await shot(page, `open-data-${language}`);
  await context.close();
}
await browser.close();
