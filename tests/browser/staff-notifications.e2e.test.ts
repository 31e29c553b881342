import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../support/api-client.ts';
import { endpoints, launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';
import { fileRoutedCase } from '../support/case-fixtures.ts';
import { signIn as signInApi } from '../support/staff-session.ts';

/*
 * Staff notifications in Chromium: a Karesi cleaning case lands in the Temizlik İşleri queue,
 * whose supervisor (the tenant settings name karesi.supervisor) sees the bell's
 * count, the list with a link to the case, marks everything read, watches the case
 * from its page and chooses notification e-mails on the settings page. Every state
 * passes axe (WCAG 2.1 AA) at 1280 and 390 px, in Turkish and English; screenshots
 * go to test-results/screenshots.
 */

let browser: Browser;
let caseId: string;
let trackingNo: string;

beforeAll(async () => {
  browser = await launchChromium();
  // A cleaning case: Karesi's Temizlik İşleri has no staff of its own in the directory
  // (other suites invite Fen İşleri people), so its supervisor hears of new cases.
  ({ caseId, trackingNo } = await fileRoutedCase({
    workTypeCode: 'WASTE-MISSED',
    description: 'Sokağımızın çöpü üç gündür alınmadı.',
    location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' },
    contact: { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
    consent: { accepted: true, noticeVersion: '2026-11' },
  }));
  // The supervisor also watches it and a colleague comments: an entry reaches them
  // whatever other suites did to the unit's directory before this file runs.
  const supervisor = { authorization: `Bearer ${(await signInApi('karesi.supervisor')).IdToken}` };
  const staff = { authorization: `Bearer ${(await signInApi('karesi.staff')).IdToken}` };
  expect((await postJson(`/v1/staff/cases/${caseId}/watch`, {}, supervisor)).status).toBeLessThan(300);
  const comment = await postJson(
    `/v1/staff/cases/${caseId}/comments`,
    { commentId: randomUUID(), text: 'Ekip yarın sabah uğrayacak.', visibility: 'internal' },
    staff,
  );
  expect(comment.status).toBeLessThan(300);
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const dashed = (no: string) => `${no.slice(0, 4)}-${no.slice(4, 8)}-${no.slice(8)}`;

/**
 * The entry for this test's case in the notifications list. Other suites running at the
 * same time file Karesi cases too, so the entry may sit below the first page: reload
 * until the worker has written it, and page on with "show more" until it appears.
 */
async function caseLink(page: Page, url: string, showMore: string) {
  const link = page.getByRole('link', { name: dashed(trackingNo) });
  await expect
    .poll(
      async () => {
        await page.goto(url);
        await page.getByRole('heading', { level: 1 }).waitFor();
        for (let pages = 0; pages < 40 && (await link.count()) === 0; pages++) {
          const more = page.getByRole('button', { name: showMore });
          if ((await more.count()) === 0) break;
          await more.click();
          await page.waitForLoadState('networkidle');
        }
        return link.count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  return link.first();
}

describe('staff notifications in the portal', () => {
  it('the bell counts, the list links to the case, and all can be marked read (Turkish)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.supervisor', '/panel');
    const bell = page.getByTestId('notification-bell');
    // The worker writes the entry shortly after routing: the bell polls on navigation.
    await expect
      .poll(
        async () => {
          await page.goto(`${endpoints().portalUrl.replace(/\/$/, '')}/panel`);
          return bell.getAttribute('aria-label', { timeout: 5000 });
        },
        { timeout: 30_000 },
      )
      .toMatch(/^Bildirimler, \d+ okunmamış$/);
    await bell.click();
    await page.getByRole('heading', { level: 1, name: 'Bildirimler' }).waitFor();
    const link = await caseLink(page, page.url(), 'Daha fazla göster');
    expect(await link.getAttribute('href')).toContain(`id=${caseId}`);
    await page
      .getByText(/Kuyruğunuza yeni başvuru geldi|İzlediğiniz başvuruda gelişme/)
      .first()
      .waitFor();
    await visit(page, 'staff-notifications-tr');

    await page.getByRole('button', { name: 'Tümünü okundu işaretle' }).click();
    await page.getByTestId('notifications-unread').getByText('0 okunmamış bildirim').waitFor();
    await expect.poll(() => page.getByTestId('notification-count').count()).toBe(0);
    await visit(page, 'staff-notifications-read-tr');
  }, 180_000);

  it('watches a case from its page and chooses e-mails in the settings (English)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.supervisor', `/en/panel/basvuru?id=${caseId}`, true);
    // Watched since the set-up: stop, then watch again from the page.
    await page.getByRole('button', { name: 'Stop watching' }).click();
    const watch = page.getByRole('button', { name: 'Watch' });
    await watch.click();
    await page.getByRole('button', { name: 'Stop watching' }).waitFor();
    await page.getByText('Every change to this case reaches your notifications.').waitFor();
    await visit(page, 'staff-case-watching-en');

    const portal = endpoints().portalUrl.replace(/\/$/, '');
    await caseLink(page, `${portal}/en/panel/bildirimler`, 'Show more');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await visit(page, 'staff-notifications-en');

    await page.getByRole('link', { name: 'E-mail preferences' }).click();
    await page.getByRole('heading', { level: 2, name: 'Notification e-mails' }).waitFor();
    await page.getByLabel('Yes, e-mail me at once').check();
    await page.getByLabel('Update on a case you watch').uncheck();
    await page.getByLabel('English').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your preferences are saved.').waitFor();
    await visit(page, 'staff-notification-settings-en');

    // Saved on the server: a fresh load shows the same choice.
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Yes, e-mail me at once').isChecked(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByLabel('Update on a case you watch').isChecked()).toBe(false);
  }, 180_000);

  it('the settings page in Turkish', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.staff', '/panel/ayarlar');
    await page.getByRole('heading', { level: 1, name: 'Ayarlar' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Bildirim e-postaları' }).waitFor();
    await page.getByLabel('Evet, hemen e-posta gönder').check();
    await visit(page, 'staff-notification-settings-tr');
  });
});
