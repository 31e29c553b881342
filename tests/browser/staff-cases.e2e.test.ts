import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, endpoints, launchChromium, newPage, visit } from '../support/browser-harness.ts';

/*
 * The staff case screens end to end, in Debian's Chromium against the running local
 * cloud: two requests filed through the public API (Karesi and Altıeylül) show up
 * only in their own district's queue; a district staff member reads the contact in
 * clear; the metropolitan coordinator lists another tenant, sees the contact masked
 * and reveals it with a reason; a case of another district is "not found". Every
 * page visited must pass axe-core's WCAG 2.1 A/AA rules; screenshots (tr/en, 390 and
 * 1280 px) go to test-results/screenshots.
 */

const submission = (location: { lat: number; lon: number; neighbourhood: string }, name: string) => ({
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  description: 'Sokağın ortasında derin bir çukur var, araçlar zarar görüyor.',
  location,
  contact: {
    name,
    phone: '0532 765 43 21',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
});

/** Files a request through the public API and waits until routing has given it an owner. */
async function fileRoutedCase(body: unknown): Promise<string> {
  const api = endpoints().apiUrl.replace(/\/$/, '');
  const created = await fetch(`${api}/v1/public/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  if (created.status !== 201) throw new Error(`filing failed: ${created.status} ${await created.text()}`);
  const { trackingNo } = (await created.json()) as { trackingNo: string };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const track = await fetch(`${api}/v1/public/track/${trackingNo.replaceAll('-', '')}`);
    const { status } = (await track.json()) as { status?: string };
    if (status === 'ROUTED') return trackingNo;
    if (Date.now() > deadline) throw new Error(`${trackingNo} is still ${status} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

let browser: Browser;
let portalUrl: string;
let karesiNo: string;
let altieylulNo: string;

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  [karesiNo, altieylulNo] = await Promise.all([
    fileRoutedCase(submission({ lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar' }, 'Ayşe Yılmaz')),
    fileRoutedCase(submission({ lat: 39.63, lon: 27.886, neighbourhood: 'Gümüşçeşme' }, 'Mehmet Demir')),
  ]);
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, username: string, path: string, english = false): Promise<void> {
  const user = demoUser(username);
  await page.goto(`${portalUrl}${english ? '/en' : ''}/giris`);
  await page.getByRole('textbox', { name: english ? 'User name' : 'Kullanıcı adı' }).fill(user.username);
  await page.getByLabel(english ? 'Password' : 'Parola', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: english ? 'Sign in' : 'Giriş yap' }).click();
  await page.waitForURL(/\/panel$/, { timeout: 15_000 });
  await page.getByTestId('staff-tenant').waitFor({ timeout: 15_000 });
  await page.goto(`${portalUrl}${path}`);
}

const caseTable = (page: Page) => page.getByTestId('case-table');
/**
 * The link to a case in the list. Other suites share this local cloud and fill the first
 * page of a tenant's queue, so further pages are loaded ("Daha fazla göster" / "Show more")
 * until the case shows up or the list ends.
 */
async function caseLink(page: Page, trackingNo: string) {
  const link = caseTable(page).getByRole('link', { name: trackingNo, exact: true });
  await caseTable(page).waitFor({ timeout: 15_000 });
  const more = page.getByRole('button', { name: /^(Daha fazla göster|Show more)$/ });
  const loading = page.getByRole('button', { name: /^(Yükleniyor…|Loading…)$/ });
  for (let pages = 0; pages < 40 && (await link.count()) === 0; pages++) {
    if ((await more.count()) === 0) break;
    await more.click();
    await expect.poll(() => loading.count(), { timeout: 15_000 }).toBe(0);
  }
  await link.waitFor({ timeout: 15_000 });
  return link;
}

/** The table row holding a tracking number's link. */
const caseRow = (page: Page, trackingNo: string) =>
  caseTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: trackingNo, exact: true }) });

describe('staff case list and detail', () => {
  it('shows karesi.staff the Karesi case only, with the contact in clear', async () => {
    const page = await newPage(browser);
    await signIn(page, 'karesi.staff', '/panel/kuyruk');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('İş kuyruğu');
    const link = await caseLink(page, karesiNo);
    expect(await caseTable(page).getByRole('link', { name: altieylulNo }).count()).toBe(0);
    const row = caseRow(page, karesiNo);
    expect(await row.textContent()).toContain('Sokakta asfalt çukuru');
    expect(await row.textContent()).toContain('Kuruma yönlendirildi');
    expect(await row.textContent()).toContain('Dumlupınar');
    await visit(page, 'tr-staff-queue');

    await link.click();
    await page.waitForURL(/\/panel\/basvuru\?id=/);
    await expect
      .poll(() => page.getByTestId('case-heading').textContent(), { timeout: 15_000 })
      .toContain(`Başvuru ${karesiNo}`);
    expect(await page.getByTestId('contact-phone').textContent()).toBe('+90 532 765 43 21');
    expect(await page.getByRole('button', { name: 'Kişisel verileri göster' }).count()).toBe(0);
    expect(await page.getByTestId('case-owner').textContent()).toContain('Karesi');
    expect(await page.getByRole('list', { name: 'Tarihçe' }).textContent()).toContain('Kuruma yönlendirildi');
    await visit(page, 'tr-staff-case-full');

    // Another district's case, typed in: the same neutral answer as a missing one.
    const otherId = await caseIdOf(altieylulNo);
    await page.goto(`${portalUrl}/panel/basvuru?id=${otherId}`);
    await expect
      .poll(() => page.getByTestId('case-not-found').textContent(), { timeout: 15_000 })
      .toBe('Bu başvuru yok ya da sizin görme yetkiniz dışında.');
    expect(await page.getByText('Mehmet').count()).toBe(0);
    await visit(page, 'tr-staff-case-not-found');
    await page.context().close();
  });

  it('lets the metro coordinator list Altıeylül, open the case masked and reveal it with a reason', async () => {
    const page = await newPage(browser);
    await signIn(page, 'metro.coordinator', '/panel/yonlendirme');
    const tenant = page.getByLabel('Kurum');
    await tenant.waitFor({ timeout: 15_000 });
    await page.getByText(/başvuru gösteriliyor|listelenecek başvuru bulunmuyor/).waitFor({ timeout: 15_000 });
    await visit(page, 'tr-coordinator-triage-metro');
    await expect.poll(() => page.locator('#case-tenant option').count(), { timeout: 15_000 }).toBe(22);
    await tenant.selectOption({ label: 'Altıeylül' });
    const link = await caseLink(page, altieylulNo);
    expect(await caseTable(page).getByRole('link', { name: karesiNo }).count()).toBe(0);
    await expect.poll(() => page.locator('caption').textContent()).toContain('Altıeylül');
    await visit(page, 'tr-coordinator-triage');

    // Load more appends the next page.
    const more = page.getByRole('button', { name: 'Daha fazla göster' });
    if ((await more.count()) > 0) {
      const before = await caseTable(page).getByRole('row').count();
      await more.click();
      await expect.poll(() => caseTable(page).getByRole('row').count()).toBeGreaterThan(before);
    }

    await link.click();
    await page.waitForURL(/\/panel\/basvuru\?id=/);
    const phone = page.getByTestId('contact-phone');
    await expect.poll(() => phone.textContent(), { timeout: 15_000 }).toMatch(/^\+90 5\*\* \*\*\* \*\* 21$/);
    await visit(page, 'tr-coordinator-case-masked');

    await page.getByRole('button', { name: 'Kişisel verileri göster' }).click();
    const reason = page.getByRole('textbox', { name: /Gerekçe/ });
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('reveal-reason');
    await page.getByRole('button', { name: 'Göster ve kaydet' }).click();
    await expect.poll(() => page.getByText('Gerekçe en az 5 karakter olmalı.').isVisible()).toBe(true);
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await visit(page, 'tr-coordinator-reveal-form');

    await reason.fill('Vatandaşı geri aramak için, konum doğrulaması gerekiyor.');
    await page.getByRole('button', { name: 'Göster ve kaydet' }).click();
    await expect
      .poll(() => phone.textContent(), { timeout: 15_000 })
      .toMatch(/^(\+90 532 765 43 21|\+905327654321)$/);
    expect(await page.getByTestId('contact-revealed').isVisible()).toBe(true);
    await visit(page, 'tr-coordinator-case-revealed');
    await page.context().close();
  });

  it('works in English', async () => {
    const page = await newPage(browser);
    await signIn(page, 'metro.coordinator', '/en/panel/yonlendirme', true);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Triage and routing');
    await page.getByLabel('Organisation').selectOption({ label: 'Altıeylül' });
    const link = await caseLink(page, altieylulNo);
    const row = caseRow(page, altieylulNo);
    expect(await row.textContent()).toContain('Routed');
    await visit(page, 'en-coordinator-triage');

    await link.click();
    await page.waitForURL(/\/en\/panel\/basvuru\?id=/);
    await expect
      .poll(() => page.getByTestId('case-heading').textContent(), { timeout: 15_000 })
      .toContain(`Request ${altieylulNo}`);
    await page.getByRole('button', { name: 'Reveal personal data' }).click();
    await expect.poll(() => page.getByText(/recorded under KVKK/).isVisible()).toBe(true);
    await visit(page, 'en-coordinator-case-masked');

    await page.goto(`${portalUrl}/en/panel/basvuru?id=01ARZ3NDEKTSV4RRFFQ69G5FAV`);
    await expect
      .poll(() => page.getByTestId('case-not-found').textContent(), { timeout: 15_000 })
      .toBe('This request does not exist or is not visible to you.');
    await visit(page, 'en-case-not-found');
    await page.context().close();
  });
});

/** The case id behind a tracking number, as the metropolitan coordinator's list shows it. */
async function caseIdOf(trackingNo: string): Promise<string> {
  const page = await newPage(browser);
  try {
    await signIn(page, 'metro.coordinator', '/panel/yonlendirme');
    await page.getByLabel('Kurum').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('#case-tenant option').count(), { timeout: 15_000 }).toBe(22);
    await page.getByLabel('Kurum').selectOption({ label: 'Altıeylül' });
    const link = await caseLink(page, trackingNo);
    const target = new URL(String(await link.getAttribute('href')), portalUrl);
    return String(target.searchParams.get('id'));
  } finally {
    await page.context().close();
  }
}
