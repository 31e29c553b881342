import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';

/*
 * The organisation settings screen in Chromium: Karesi's administrator overrides the
 * SLA of local-street potholes to 24 hours and sees the new configuration version,
 * is offered (and confirms) the explicit re-timing of open cases, adds a deputy
 * chain that loops and reads the API's precise message above the list, previews an
 * SMS template with its segments, and finally goes back to the standard SLA (after a
 * confirmation) so that later tests see the seeded settings. Every state passes axe
 * (WCAG 2.1 AA) at 1280 and 390 px, in Turkish and in English under /en; screenshots
 * go to test-results/screenshots.
 */

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

const versionOf = async (page: Page) =>
  Number((await page.getByTestId('settings-version').textContent())?.replace(/\D+/g, ''));

async function openPane(page: Page, name: string) {
  const link = page
    .getByRole('navigation', { name: /Ayar bölümleri|Settings sections/ })
    .getByRole('link', { name });
  await link.click();
  await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
}

describe('organisation settings screen', () => {
  it('overrides an SLA, re-times open cases, refuses a deputy cycle and previews an SMS (Turkish)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/panel/yonetim/kurum');
    await page.getByRole('heading', { level: 1, name: 'Kurum ayarları' }).waitFor();
    await page.getByRole('link', { name: 'Kurum ayarları' }).first().waitFor();
    await page.getByText('karesi.balikesir.bel.tr').waitFor();
    await visit(page, 'tenant-settings-profile-tr');
    const loaded = await versionOf(page);

    // Work types: a Turkish-aware search, then the row's own dialog.
    await page
      .getByRole('navigation', { name: 'Ayar bölümleri' })
      .getByRole('link', { name: 'İş türleri' })
      .click();
    await page.getByLabel('İş türü ara').fill('SOKAKTA CUKUR');
    const row = page.getByRole('row').filter({ hasText: 'ROAD-POTHOLE-LOCAL' });
    await expect.poll(() => row.getByTestId('effective-sla').textContent()).toBe('120');
    await visit(page, 'tenant-settings-work-types-tr');
    await row.getByRole('button', { name: 'Düzenle Sokakta asfalt çukuru' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sokakta asfalt çukuru: kurum ayarı' });
    await dialog.getByLabel('Süre (çalışma saati)').fill('24');
    await visit(page, 'tenant-settings-override-dialog-tr');
    await dialog.getByRole('button', { name: 'Ayarı kaydet' }).click();
    await page
      .getByTestId('settings-saved')
      .getByText(/Kaydedildi\. Ayarların yeni sürümü: \d+\./)
      .waitFor();
    const saved = await versionOf(page);
    expect(saved).toBeGreaterThan(loaded);
    await page.getByLabel('İş türü ara').fill('çukur sokak');
    await expect.poll(() => row.getByTestId('effective-sla').textContent()).toBe('24');

    // Open cases keep their SLA unless the admin says otherwise, after a confirmation.
    await page.getByText('Sokakta asfalt çukuru: süre değişti').waitFor();
    await visit(page, 'tenant-settings-retime-offer-tr');
    await page.getByRole('button', { name: 'Açık başvuruları yeniden zamanla' }).click();
    const confirm = page.getByRole('dialog', { name: 'Açık başvurular yeniden zamanlansın mı?' });
    await confirm.getByText(/Bu, gecikme ve uyarı durumlarını değiştirir/).waitFor();
    await confirm.getByRole('button', { name: 'Evet, yeniden zamanla' }).click();
    await page
      .getByTestId('settings-retimed')
      .getByText(/açık başvuru yeni süreyle yeniden zamanlandı/)
      .waitFor();

    // A deputy chain that comes back to where it started: the API's own words, above the list.
    await openPane(page, 'Vekâletler');
    await page.getByRole('button', { name: 'Vekâlet ekle' }).click();
    await page.locator('#org-deputy-1-username').fill('karesi.supervisor');
    await page.locator('#org-deputy-1-deputy').fill('karesi.staff');
    await page.getByRole('button', { name: 'Vekâletleri kaydet' }).click();
    await page
      .getByTestId('section-errors')
      .getByText('Vekâlet zinciri döngüye giriyor: karesi.staff → karesi.supervisor → karesi.staff.')
      .waitFor();
    expect(await versionOf(page)).toBe(saved);
    await visit(page, 'tenant-settings-deputy-cycle-tr');

    // An SMS template: the rendered text, its alphabet and its segments, from the API.
    await openPane(page, 'Bildirim şablonları');
    await page.getByLabel('Olay').selectOption('resolved');
    await page.getByLabel('Kanal').selectOption('sms');
    await page
      .getByLabel('Metin', { exact: false })
      .fill('Karesi Belediyesi: {{trackingNo}} numaralı başvurunuz çözüldü. {{publicAnswer}} {{trackLink}}');
    await page
      .getByTestId('template-preview')
      .getByText(/^Karesi Belediyesi: 4827-3915-0266 numaralı başvurunuz çözüldü\./)
      .waitFor();
    expect(await page.getByTestId('template-sms-measure').textContent()).toMatch(
      /GSM-7 \+ Türkçe.*\d+ parça/s,
    );
    // A variable the event does not have is caught as it is typed, next to the field.
    await page
      .getByLabel('Metin', { exact: false })
      .fill('{{trackingNo}} anketimize katılın: {{surveyLink}}');
    await page.getByText(/Bu değişken bu bildirimde yok.*\(surveyLink\)/).waitFor();
    await visit(page, 'tenant-settings-template-tr');

    // Back to the standard SLA, so later tests see the seeded settings.
    await openPane(page, 'İş türleri');
    await page.getByLabel('İş türü ara').fill('ROAD-POTHOLE-LOCAL');
    await row.getByRole('button', { name: 'Düzenle Sokakta asfalt çukuru' }).click();
    await dialog.getByRole('button', { name: 'Standarda döndür' }).click();
    await page
      .getByRole('dialog', { name: 'Standarda dönülsün mü?' })
      .getByRole('button', { name: 'Standarda döndür' })
      .click();
    await expect.poll(() => versionOf(page)).toBeGreaterThan(saved);
    await expect.poll(() => row.getByTestId('effective-sla').textContent()).toBe('120');
    await page.context().close();
  }, 240_000);

  it('speaks English under /en, lists the versions, and stays out of reach of non-administrators', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/en/panel/yonetim/kurum', true);
    await page.getByRole('heading', { level: 1, name: 'Organisation settings' }).waitFor();
    await visit(page, 'tenant-settings-profile-en');
    await page
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('link', { name: 'Working calendar' })
      .click();
    await page.getByText('The public holidays of 2025–2030 are built in; you need not enter them.').waitFor();
    await visit(page, 'tenant-settings-calendar-en');
    await openPane(page, 'Versions, export and import');
    const versions = page.getByTestId('settings-versions');
    await versions.getByText('Work-type settings').first().waitFor();
    await versions.getByText('balikesir-karesi: workTypeOverrides').first().waitFor();
    await versions.getByText('karesi.admin').first().waitFor();
    await visit(page, 'tenant-settings-versions-en');

    // Someone else publishes meanwhile: the stale save is refused and the page offers a reload.
    await openPane(page, 'Organisation and contact');
    const other = await newPage(browser);
    await signInAs(other, 'karesi.admin', '/en/panel/yonetim/kurum', true);
    await other.locator('#org-address').fill('Paşaalanı Mah. Gazi Bulvarı No: 1, Karesi');
    await other.getByRole('button', { name: 'Save the contact details' }).click();
    await other.getByTestId('settings-saved').waitFor();
    await other.context().close();
    await page.locator('#org-phone').fill('0266 239 00 99');
    await page.getByRole('button', { name: 'Save the contact details' }).click();
    await page.getByText('These settings changed while you were editing').waitFor();
    await visit(page, 'tenant-settings-conflict-en');
    const stale = await versionOf(page);
    await page.getByRole('button', { name: 'Load the current settings' }).click();
    await expect.poll(() => versionOf(page)).toBeGreaterThan(stale);
    expect(await page.locator('#org-address').inputValue()).toBe('Paşaalanı Mah. Gazi Bulvarı No: 1, Karesi');
    await page.context().close();

    const staff = await newPage(browser);
    await signInAs(staff, 'karesi.staff', '/panel/yonetim/kurum');
    await staff.getByTestId('section-forbidden').waitFor();
    await staff.context().close();
  }, 180_000);
});
