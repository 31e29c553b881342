import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/api-client.ts';
import { endpoints, launchChromium, newPage, signInAs } from '../support/browser-harness.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Stored values never render as HTML (issue 11): a case filed with markup, script,
 * a javascript: URL and an RTL override in every free text (description, address,
 * name) and in staff comments is opened on the pages that show those texts, in
 * Chromium. No injected element may exist, no dialog may open, no handler may run,
 * and the text must read literally.
 */

const MARK = randomUUID().slice(0, 8);
const IMG = `<img src=x onerror="window.__xss='${MARK}';alert(1)">`;
const SCRIPT = `<script>window.__xss='${MARK}'</script>`;
const LINK = `<a href="javascript:alert(1)" id="xss-${MARK}">tıkla</a>`;
const RTL = `\u202Efdp.exe ${MARK}`;
const description = `Çukur ${IMG} ${SCRIPT} ${LINK} javascript:alert(1) ${RTL}`;

let browser: Browser;
let trackingNo: string;
let caseId: string;

async function expectInert(page: Page, dialogs: string[], what: string) {
  expect(await page.locator('img[src="x"]').count(), what).toBe(0);
  expect(await page.locator(`#xss-${MARK}`).count(), what).toBe(0);
  expect(
    await page
      .locator('script:not([src])')
      .evaluateAll((s) => s.filter((e) => e.textContent?.includes('__xss')).length),
    what,
  ).toBe(0);
  expect(
    await page.evaluate(() => (globalThis as unknown as { __xss?: string }).__xss),
    what,
  ).toBeUndefined();
  expect(dialogs, what).toEqual([]);
}

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

beforeAll(async () => {
  const filed = await fileRoutedCase({
    ...potholeSubmission(
      { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar', address: `Sokak ${IMG} ${RTL}` },
      {
        name: `Ayşe ${SCRIPT}`,
        phone: '0532 765 43 21',
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      },
    ),
    description,
  });
  ({ trackingNo, caseId } = filed);
  const token = (await signIn('karesi.supervisor')).IdToken;
  const as = { authorization: `Bearer ${token}` };
  for (const visibility of ['internal', 'public']) {
    const r = await postJson(
      `/v1/staff/cases/${caseId}/comments`,
      { commentId: randomUUID(), text: `Yorum ${IMG} ${LINK} ${RTL}`, visibility },
      as,
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  const stored = await getJson(`/v1/staff/cases/${caseId}`, as);
  expect(JSON.stringify(stored.json)).toContain('onerror');
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('hostile stored text renders as text', () => {
  it('the citizen track page, in Turkish and English', async () => {
    const portal = endpoints().portalUrl.replace(/\/$/, '');
    for (const prefix of ['', '/en']) {
      const page = await newPage(browser);
      const dialogs = watchDialogs(page);
      await page.goto(`${portal}${prefix}/takip?no=${trackingNo}`);
      // The public view shows the public comment (never the description or the name).
      await page.getByText(`fdp.exe ${MARK}`, { exact: false }).first().waitFor({ timeout: 30_000 });
      await expectInert(page, dialogs, `track page ${prefix || '/'}`);
      expect(await page.locator('body').innerText()).toContain(`onerror="window.__xss='${MARK}'`);
      await page.context().close();
    }
  }, 120_000);

  it('the staff case view shows description, address, name and comments literally', async () => {
    const page = await newPage(browser);
    const dialogs = watchDialogs(page);
    await signInAs(page, 'karesi.supervisor', `/panel/basvuru?id=${caseId}`);
    await page.getByText(`fdp.exe ${MARK}`, { exact: false }).first().waitFor({ timeout: 30_000 });
    await expectInert(page, dialogs, 'staff case view');
    const text = await page.locator('body').innerText();
    expect(text).toContain(`<script>window.__xss='${MARK}'</script>`);
    expect(text).toContain(`id="xss-${MARK}"`);
    await page.context().close();
  }, 120_000);
});
