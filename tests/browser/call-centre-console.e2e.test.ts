import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, launchChromium, MOBILE, newPage, signInAs, visit } from '../support/browser-harness.ts';

/*
 * The call-centre console end to end (docs/domain/call-centre.md), in Debian's
 * Chromium against the local cloud. A citizen reported a pothole through the portal
 * earlier; they call again. The metro's agent looks the number up (their history
 * shows, the form is prefilled), describes the call, picks the subject and the
 * neighbourhood, sees "already reported" for that very pothole and links the call to
 * it, all in well under 30 seconds of clicks. In English on a phone-width screen, an
 * information request is answered and closed in the call. Fixtures are filed through
 * the API with numbers and places of their own; every state passes axe and is kept
 * as a screenshot (tr/en, 1280 and 390 px).
 */

let browser: Browser;
let api: string;
/**
 * The neighbourhood of the test's pothole: one no other suite files in, so that their
 * potholes never crowd the five nearest duplicate candidates (Dumlupınar has dozens).
 */
const NEIGHBOURHOOD = 'Maltepe';
/** The pothole reported earlier: next to the neighbourhood's centre, where the form puts a call without a pin. */
let master: { trackingNo: string; point: { lat: number; lon: number } };
const callerPhone = `0534${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

async function fileRoutedCase(body: unknown): Promise<string> {
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

beforeAll(async () => {
  api = endpoints().apiUrl.replace(/\/$/, '');
  const catalog = (await (await fetch(`${api}/v1/public/catalog`)).json()) as {
    neighbourhoods: { name: string; districtTenantId: string; centroid?: { lat: number; lon: number } }[];
  };
  const centre = catalog.neighbourhoods.find(
    (n) => n.name === NEIGHBOURHOOD && n.districtTenantId === 'balikesir-karesi',
  )?.centroid;
  if (!centre) throw new Error(`${NEIGHBOURHOOD} has no centroid in the catalogue`);
  const point = { lat: centre.lat + 0.0002, lon: centre.lon };
  const trackingNo = await fileRoutedCase({
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    description: 'Mahallede sokağın ortasında derin bir çukur var, araçlar zarar görüyor.',
    location: { ...point, neighbourhood: NEIGHBOURHOOD },
    contact: {
      name: 'Ayşe Yılmaz',
      phone: callerPhone,
      preference: { channel: 'sms', granularity: 'result_only', language: 'tr' },
    },
    consent: { accepted: true, noticeVersion: '2026-11' },
  });
  master = { trackingNo, point };
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

async function lookUp(page: Page, english: boolean): Promise<void> {
  await page.getByLabel(english ? 'Caller’s phone number' : 'Arayanın telefon numarası').fill(callerPhone);
  await page.getByRole('button', { name: english ? 'Look up' : 'Sorgula' }).click();
  await page.getByTestId('caller-history').waitFor({ timeout: 15_000 });
}

async function chooseSubject(page: Page, search: string, name: string): Promise<void> {
  const chip = page.getByTestId('work-type-suggestions').getByRole('button', { name: new RegExp(name) });
  // The classifier's chips are one click; if it did not rank this subject, the search finds it.
  if (await chip.count().catch(() => 0)) {
    await chip.first().click();
    return;
  }
  const box = page.getByRole('combobox', { name: /Başvuru konusu|Subject/ });
  await box.fill(search);
  await page
    .getByRole('option', { name: new RegExp(name) })
    .first()
    .click();
}

describe('call-centre console', () => {
  it('looks up a caller with history, and links the call to the pothole already reported nearby', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'metro.agent', '/panel/cagri');
    // The agent's time: from the lookup to the recorded call, without the test's own checks (axe, screenshots).
    let spent = 0;
    let since = Date.now();
    const pause = () => {
      spent += Date.now() - since;
    };
    const resume = () => {
      since = Date.now();
    };
    await lookUp(page, false);
    const history = page.getByTestId('caller-history');
    await expect.poll(() => history.textContent()).toContain(master.trackingNo);
    expect(await history.textContent()).toContain('Sokakta asfalt çukuru');
    expect(await history.getByRole('button', { name: 'Bu başvuruya ekle' }).count()).toBeGreaterThan(0);
    // The number and the caller's preference went into the form.
    expect(await page.getByLabel('Cep telefonu').inputValue()).toBe(callerPhone);
    pause();
    await visit(page, 'tr-call-centre-lookup');
    resume();

    await page
      .getByLabel('Sorunu anlatın')
      .fill('Sokaktaki asfalt çukuru büyüdü, dün akşam bir aracın lastiği patladı.');
    await chooseSubject(page, 'çukur', 'Sokakta asfalt çukuru');
    await page.getByLabel('İlçe').selectOption({ label: 'Karesi' });
    await page.getByLabel('Mahalle').selectOption({ label: NEIGHBOURHOOD });
    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor({ timeout: 15_000 });
    expect(await warning.textContent()).toContain('Bu konu zaten bildirilmiş');
    const candidate = warning.getByTestId('duplicate-candidate').filter({ hasText: master.trackingNo });
    await candidate.waitFor();
    await page.getByLabel(/^Aydınlatma metni vatandaşa/).check();
    pause();
    await visit(page, 'tr-call-centre-duplicate');
    resume();

    await candidate.getByRole('button', { name: 'Bu başvuruya bağla' }).click();
    const number = page.getByTestId('intake-tracking-number');
    await number.waitFor({ timeout: 15_000 });
    pause();
    expect(await page.getByRole('heading', { name: 'Mükerrer olarak bağlandı' }).count()).toBe(1);
    expect(await page.getByTestId('intake-closed-as').textContent()).toContain(master.trackingNo);
    expect(await number.textContent()).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect(spent, 'lookup to recorded call').toBeLessThan(30_000);
    await visit(page, 'tr-call-centre-linked');
    await page.close();
  }, 180_000);

  it('answers an information request and closes it in the call (English, phone width)', async () => {
    const page = await newPage(browser);
    await page.setViewportSize(MOBILE);
    await signInAs(page, 'metro.agent', '/en/panel/cagri', true);
    await lookUp(page, true);
    await page
      .getByLabel('Describe the problem')
      .fill('The caller asks on which day of the month the water bill is issued.');
    await chooseSubject(page, 'information', 'General information request');
    await page.getByLabel(/^The information notice was read/).check();
    await page.getByLabel('Answered in the call: close the request now').check();
    await page.getByLabel('Result').selectOption('INFO_GIVEN');
    await page
      .getByLabel('The answer given to the citizen')
      .fill('Water bills are issued on the 5th of each month; payment is due by the 20th.');
    await visit(page, 'en-call-centre-first-contact');
    await page.getByRole('button', { name: 'Answer and close' }).click();
    await page.getByTestId('intake-tracking-number').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('heading', { name: 'Request recorded and closed' }).count()).toBe(1);
    expect(await page.getByTestId('intake-closed-as').textContent()).toContain('Information given');
    await visit(page, 'en-call-centre-closed');
    await page.close();
  }, 180_000);
});
