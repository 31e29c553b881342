import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson } from '../support/api-client.ts';
import { endpoints, launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';
import { fileRoutedCase } from '../support/case-fixtures.ts';
import { signIn as signInApi } from '../support/staff-session.ts';

/*
 * Incidents and the muhtar's neighbourhood in Chromium (docs/domain/incidents.md,
 * docs/domain/muhtar-channel.md): BASKİ's supervisor declares a water outage in
 * Vicdaniye (a neighbourhood no other suite files in) on /panel/olaylar, a citizen's
 * outage call is attached, the call-centre agent sees the banner with the script on
 * /panel/cagri, the supervisor ends it and the citizen's one message is in the dev
 * outbox. The muhtar's /panel/mahallem lists the neighbourhood's cases. Every state
 * passes axe at 1280 and 390 px, in Turkish and English.
 */

let browser: Browser;
const portal = () => endpoints().portalUrl.replace(/\/$/, '');
const title = `Vicdaniye su kesintisi ${Date.now()}`;
const script = 'Vicdaniye ana hattında arıza var; ekipler çalışıyor, su akşam gelecek.';
const phone = `0534${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('an outage incident in the portal', () => {
  let trackingNo: string;

  it('BASKİ declares it on the incidents page', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'baski.supervisor', '/panel/olaylar');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Olaylar');
    await page.getByTestId('incident-form').waitFor();
    await visit(page, 'tr-incidents-empty-form');
    await page.getByLabel('İş türü grubu').selectOption('WATER');
    await page.getByLabel('İlçe').selectOption('balikesir-karesi');
    await page.getByRole('checkbox', { name: 'Vicdaniye' }).check();
    await page.getByLabel('Başlık').fill(title);
    await page
      .getByLabel('Vatandaşa duyuru (Türkçe)')
      .fill('Vicdaniye Mahallesinde ana hat arızası nedeniyle su kesintisi var.');
    await page.getByLabel('Çağrı merkezi metni (Türkçe)').fill(script);
    await page.getByRole('button', { name: 'Olayı bildir' }).click();
    await expect
      .poll(() => page.getByTestId('incidents-announcement').textContent(), { timeout: 30_000 })
      .toContain(title);
    await expect.poll(() => page.getByRole('heading', { name: title }).count(), { timeout: 30_000 }).toBe(1);
    await visit(page, 'tr-incidents-declared');
    await page.context().close();
  }, 180_000);

  it('a call in its area is attached', async () => {
    const filed = await fileRoutedCase({
      workTypeCode: 'WATER-NO-SUPPLY',
      description: 'Evimizde sabahtan beri su yok.',
      location: { lat: 39.654, lon: 27.887, neighbourhood: 'Vicdaniye' },
      contact: {
        name: 'Elif Şahin',
        phone,
        preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '2026-11' },
    });
    trackingNo = filed.trackingNo;
    const token = (await signInApi('baski.supervisor')).IdToken;
    const incident = await eventually(async () => {
      const r = await getJson('/v1/staff/incidents?scope=active', { authorization: `Bearer ${token}` });
      const found = (r.json.incidents as { title: string; attachedCount: number }[]).find(
        (i) => i.title === title,
      );
      return found && found.attachedCount === 1 ? found : undefined;
    });
    expect(incident.attachedCount).toBe(1);
  }, 180_000);

  it('the call-centre agent sees the banner with the script (Turkish and English)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.agent', '/panel/cagri');
    const banner = page.getByTestId('incident-banner');
    await banner.waitFor({ timeout: 30_000 });
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain(script);
    await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain(title);
    await visit(page, 'tr-call-centre-incident-banner');
    await page.goto(`${portal()}/en/panel/cagri`);
    await page.getByTestId('incident-banner').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('incident-banner').textContent())
      .toContain('Read to the caller');
    await visit(page, 'en-call-centre-incident-banner');
    await page.context().close();
  }, 180_000);

  it('BASKİ ends it, and the attached citizen gets one message', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'baski.supervisor', '/panel/olaylar');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await card.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => card.getByTestId('incident-attached-count').textContent(), { timeout: 30_000 })
      .toBe('1');
    await card.getByRole('button', { name: 'Olayı sona erdir' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Kapanış mesajı (Türkçe)').fill('Vicdaniye ana hattı onarıldı, su verildi.');
    await visit(page, 'tr-incidents-end-dialog');
    await dialog.getByRole('button', { name: 'Sona erdir ve bildir' }).click();
    await expect
      .poll(() => page.getByTestId('incidents-announcement').textContent(), { timeout: 30_000 })
      .toContain('sona erdi');
    await visit(page, 'tr-incidents-ended');

    const coordinator = (await signInApi('metro.coordinator')).IdToken;
    const messages = await eventually(async () => {
      const r = await getJson(`/v1/dev/outbox?trackingNo=${trackingNo}`, {
        authorization: `Bearer ${coordinator}`,
      });
      const items = (r.json.items as { event: string; text: string }[]).filter((i) => i.event === 'resolved');
      return items.length > 0 ? items : undefined;
    }, 40_000);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toContain('su verildi');

    // The outbox page shows it too.
    await page.goto(`${portal()}/en/panel/olaylar`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Incidents');
    await page.getByRole('heading', { name: title }).waitFor();
    await visit(page, 'en-incidents');
    await page.context().close();
  }, 180_000);
});

describe("the muhtar's neighbourhood page", () => {
  it('lists the neighbourhood’s cases without personal data and offers the filing form', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.muhtar', '/panel/mahallem');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('Mahallem');
    await page.getByTestId('mahallem-form').waitFor({ timeout: 30_000 });
    await expect
      .poll(
        async () =>
          (await page.getByTestId('mahallem-cases').count()) +
          (await page.getByTestId('mahallem-empty').count()),
      )
      .toBe(1);
    await visit(page, 'tr-mahallem');
    await page.goto(`${portal()}/en/panel/mahallem`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
      .toBe('My neighbourhood');
    await page.getByTestId('mahallem-form').waitFor({ timeout: 30_000 });
    await visit(page, 'en-mahallem');
    await page.context().close();
  }, 180_000);
});
