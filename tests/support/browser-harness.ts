import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { LocalEndpoints } from '@citydesk/local-cloud';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/*
 * What every browser test shares: Debian's Chromium through playwright-core, axe-core
 * WCAG 2.1 A/AA checks and screenshots at phone and desktop width.
 */

export const SCREENSHOTS = join('test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const DESKTOP = { width: 1280, height: 900 };
export const MOBILE = { width: 390, height: 844 };

/**
 * The running system, from the global setup. Only when a developer runs a browser test
 * on its own against `npm start` does it fall back to the endpoints file `npm start` writes.
 */
export function endpoints(): LocalEndpoints {
  const provided = inject('endpoints');
  if (provided) return provided;
  const file = join('.data', 'endpoints.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
  throw new Error('no local cloud: run through vitest (global setup) or start one with `npm start`');
}

export function demoUser(username: string): LocalEndpoints['demoUsers'][number] {
  const user = endpoints().demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`demo user ${username} is not seeded`);
  return user;
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh context (no shared storage) in Turkish, on Istanbul time, at desktop width. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    locale: 'tr-TR',
    timezoneId: 'Europe/Istanbul',
  });
  return context.newPage();
}

/** Fails with the list of axe-core WCAG 2.1 AA violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/** Checks one page state at both widths and keeps a full-page screenshot of each. */
export async function visit(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(MOBILE);
  await expectAccessible(page);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/**
 * Signs a demo user in through the portal's sign-in page (Turkish or English), waits
 * for the staff home to know the user, then opens `path` (a portal path; prefix
 * `/en` yourself for English pages).
 */
export async function signInAs(page: Page, username: string, path: string, english = false): Promise<void> {
  const user = demoUser(username);
  const portal = endpoints().portalUrl.replace(/\/$/, '');
  await page.goto(`${portal}${english ? '/en' : ''}/giris`);
  await page.getByRole('textbox', { name: english ? 'User name' : 'Kullanıcı adı' }).fill(user.username);
  await page.getByLabel(english ? 'Password' : 'Parola', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'Giriş yap' }).click();
  await page.waitForURL(/\/panel$/, { timeout: 15_000 });
  await page.getByTestId('staff-tenant').waitFor({ timeout: 15_000 });
  await page.goto(`${portal}${path}`);
}
