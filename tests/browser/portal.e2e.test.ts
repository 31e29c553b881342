import { formatTrackingNumber, generateTrackingNumber, type PublicCatalog } from '@citydesk/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, launchChromium, newPage, visit } from '../support/browser-harness.ts';

/*
 * The citizen portal end to end, in Debian's Chromium against the running local
 * cloud: file a request in Turkish, read the tracking number, watch the case get
 * routed, check the English UI and the tracking-number errors. Every page visited
 * must pass axe-core's WCAG 2.1 A/AA rules, and a screenshot of each is kept in
 * test-results/screenshots (phone and desktop width).
 */

/** Each visit runs axe and takes screenshots at two widths: a busy two-core machine needs minutes. */
const PAGE_VISITS_TIMEOUT_MS = 180_000;

let browser: Browser;
let portalUrl: string;
let catalog: PublicCatalog;

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  const response = await fetch(`${portalUrl}/v1/public/catalog`);
  catalog = (await response.json()) as PublicCatalog;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('citizen portal', () => {
  it(
    'files a request in Turkish and shows it routed to Karesi Belediyesi',
    async () => {
      const karesi = catalog.districts.find((d) => d.name === 'Karesi');
      expect(karesi, 'Karesi in the public catalogue').toBeDefined();
      const neighbourhood = catalog.neighbourhoods.find((n) => n.districtTenantId === karesi?.tenantId);

      const page = await newPage(browser);
      await page.goto(`${portalUrl}/`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('tr');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kent Masası');
      await visit(page, 'tr-home');

      await page.getByRole('main').getByRole('link', { name: 'Başvuru yap' }).click();
      const subject = page.getByRole('combobox', { name: /Başvuru konusu/ });
      await subject.waitFor();
      await visit(page, 'tr-file-empty');

      // Typed without Turkish letters on purpose: the search folds ç/ç, ı/i and friends.
      await subject.fill('sokakta cukur');
      await page.getByRole('option', { name: /Sokakta asfalt çukuru/ }).click();
      await expect
        .poll(() => page.getByTestId('selected-work-type').textContent())
        .toContain('Sokakta asfalt çukuru');

      await page
        .getByRole('textbox', { name: /Sorunu anlatın/ })
        .fill('Sokağımızda derin bir asfalt çukuru var, araçlar zarar görüyor.');
      await page.getByRole('combobox', { name: /^İlçe/ }).selectOption({ label: 'Karesi' });
      if (neighbourhood) {
        await page.getByRole('combobox', { name: /^Mahalle/ }).selectOption({ label: neighbourhood.name });
      }
      await page.getByRole('textbox', { name: /Adres/ }).fill('Atatürk Caddesi, 12. sokak girişi');
      await page.getByRole('textbox', { name: /Cep telefonu/ }).fill('0532 123 45 67');
      await page.getByRole('radio', { name: 'SMS' }).check();
      await page.getByText("KVKK Aydınlatma Metni'ni okuyun").click();
      await expect.poll(() => page.getByRole('heading', { name: 'Veri sorumlusu' }).isVisible()).toBe(true);
      await page.getByRole('checkbox', { name: /okudum ve anladım/ }).check();
      await visit(page, 'tr-file-filled');

      await page.getByRole('button', { name: 'Başvuruyu gönder' }).click();
      const number = page.getByTestId('tracking-number');
      await number.waitFor({ timeout: 20_000 });
      const trackingNo = ((await number.textContent()) ?? '').replace(/\s/g, '');
      expect(trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
      await visit(page, 'tr-file-confirmation');

      await page.getByRole('link', { name: 'Başvurumu takip et' }).click();
      await page.waitForURL(/\/takip\?no=\d{12}$/);
      await expect
        .poll(() => page.getByTestId('track-organisation').textContent(), { timeout: 45_000, interval: 500 })
        .toContain('Karesi Belediyesi');
      await expect
        .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
        .toContain(trackingNo);
      await visit(page, 'tr-track-routed');
      await page.context().close();
    },
    PAGE_VISITS_TIMEOUT_MS,
  );

  it(
    'renders the English UI under /en',
    async () => {
      const page = await newPage(browser);
      await page.goto(`${portalUrl}/en`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CityDesk');
      await visit(page, 'en-home');

      await page.getByRole('main').getByRole('link', { name: 'File a request' }).click();
      await page.getByRole('combobox', { name: /Subject/ }).waitFor();
      expect(page.url()).toMatch(/\/en\/basvuru$/);
      await page.getByRole('combobox', { name: /Subject/ }).fill('pothole');
      await page.getByRole('option').first().waitFor();
      await page.keyboard.press('Escape');
      await visit(page, 'en-file');

      await page.getByRole('button', { name: 'Submit request' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('The request could not be submitted');
      await visit(page, 'en-file-errors');

      await page.goto(`${portalUrl}/en/kvkk`);
      await visit(page, 'en-kvkk');
      await page.getByRole('link', { name: /Türkçe/ }).click();
      await page.waitForURL(/\/kvkk$/);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('tr');
      await visit(page, 'tr-kvkk');
      await page.context().close();
    },
    PAGE_VISITS_TIMEOUT_MS,
  );

  it(
    'explains a bad tracking number and an unknown one',
    async () => {
      const page = await newPage(browser);
      await page.goto(`${portalUrl}/takip`);
      const field = page.getByRole('textbox', { name: /Takip numarası/ });
      await field.waitFor();
      await visit(page, 'tr-track-empty');

      // One digit off: the check digit catches it before any request is made.
      await field.fill('4827 3915 0267');
      await page.getByRole('button', { name: 'Sorgula' }).click();
      await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.getByText(/Bu takip numarası geçerli değil/).isVisible()).toBe(true);
      await visit(page, 'tr-track-invalid');

      // Well-formed but unknown: the API's localized 404 problem is shown.
      const unknown = generateTrackingNumber((max) => Math.floor(Math.random() * max));
      await page.goto(`${portalUrl}/en/takip?no=${unknown}`);
      await expect
        .poll(() => page.getByRole('textbox', { name: /Tracking number/ }).inputValue())
        .toBe(formatTrackingNumber(unknown));
      await expect.poll(() => page.locator('.alert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await visit(page, 'en-track-unknown');
      await page.context().close();
    },
    PAGE_VISITS_TIMEOUT_MS,
  );
});
