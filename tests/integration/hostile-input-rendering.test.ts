import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiUrl, getJson, postJson } from '../support/api-client.ts';
import { endpoints, launchChromium, newPage, signInAs } from '../support/browser-harness.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * Stored values never render as HTML (issue 11): a case filed with markup, script,
 * a javascript: URL and an RTL override in every free text (description, address,
 * name) and in staff comments, and an inbound SMS with the same, are opened on the
 * pages that show those texts, in Chromium: the citizen's track page, the staff case
 * view, the call centre's caller history and the message inbox. No injected element
 * may exist, no dialog may open, no handler may run, and the text must read literally.
 */

const MARK = randomUUID().slice(0, 8);
const IMG = `<img src=x onerror="window.__xss='${MARK}';alert(1)">`;
const SCRIPT = `<script>window.__xss='${MARK}'</script>`;
const LINK = `<a href="javascript:alert(1)" id="xss-${MARK}">tıkla</a>`;
const RTL = `\u202Efdp.exe ${MARK}`;
const description = `Çukur ${IMG} ${SCRIPT} ${LINK} javascript:alert(1) ${RTL}`;
// A number of this run only, so the caller history lists this case among few.
const stamp = String(Date.now());
const PHONE = `0533 ${stamp.slice(-7, -4)} ${stamp.slice(-4, -2)} ${stamp.slice(-2)}`;

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
        phone: PHONE,
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

  it("the call centre's caller history shows the caller's earlier description literally", async () => {
    const page = await newPage(browser);
    const dialogs = watchDialogs(page);
    await signInAs(page, 'metro.agent', '/panel/cagri');
    await page.locator('#caller-phone').fill(PHONE);
    await page.getByTestId('caller-lookup').getByRole('button').click();
    await page
      .getByTestId('caller-history')
      .getByText(`fdp.exe ${MARK}`, { exact: false })
      .waitFor({ timeout: 30_000 });
    await expectInert(page, dialogs, 'caller history');
    expect(await page.getByTestId('caller-history').innerText()).toContain(
      `<script>window.__xss='${MARK}'</script>`,
    );
    await page.context().close();
  }, 120_000);

  it('the message inbox shows an inbound SMS with markup literally, in the list and opened', async () => {
    const env = inject('handlerEnvironment');
    const text = `Çöp ${IMG} ${LINK} ${RTL}`;
    const inbound = await fetch(apiUrl('/v1/inbound/sms'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inbound-token': env.INBOUND_SMS_TOKEN ?? '' },
      body: JSON.stringify({ id: `xss-${MARK}`, from: `+90${PHONE.replaceAll(' ', '').slice(1)}`, text }),
    });
    expect(inbound.status).toBe(201);
    const page = await newPage(browser);
    const dialogs = watchDialogs(page);
    await signInAs(page, 'metro.agent', '/panel/gelen-kutusu');
    const item = page.getByTestId('inbox-item').filter({ hasText: `fdp.exe ${MARK}` });
    await item.first().waitFor({ timeout: 30_000 });
    await expectInert(page, dialogs, 'inbox list');
    await item.first().click();
    await page.getByTestId('inbox-text').filter({ hasText: MARK }).waitFor({ timeout: 30_000 });
    await expectInert(page, dialogs, 'inbox message');
    expect(await page.getByTestId('inbox-text').innerText()).toContain(`onerror="window.__xss='${MARK}'`);
    await page.context().close();
  }, 120_000);
});
