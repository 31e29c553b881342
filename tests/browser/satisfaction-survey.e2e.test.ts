import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import {
  endpoints,
  expectAccessible,
  launchChromium,
  MOBILE,
  newPage,
  visit,
} from '../support/browser-harness.ts';
import { fileRoutedCase, potholeSubmission } from '../support/case-fixtures.ts';
import { useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * The citizen's satisfaction survey page in Debian's Chromium (docs/domain/surveys.md):
 * a closed case's survey is sent (the survey job's step, run here for this case only),
 * its link from the dev outbox is opened at phone width, answered in Turkish, and the
 * thank-you, "already answered" and "not found" pages are shown; the English page too.
 * Every state passes axe-core's WCAG 2.1 A/AA rules, with screenshots at both widths.
 */

type Worker = typeof import('../../functions/src/workers/send-surveys.ts');
type Runtime = typeof import('../../functions/src/platform/survey-runtime.ts');

/** The app shell loads, then asks the API: give the first look at a page time on a busy machine. */
const SLOW = { timeout: 20_000, interval: 250 };

let browser: Browser;
let portalUrl: string;
let worker: Worker;
let runtime: Runtime;
let supervisor: Record<string, string>;
let coordinator: Record<string, string>;

const karesiStreet = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  address: 'Dumlupınar Mah. 5. Sokak',
};

async function act(caseId: string, command: Record<string, unknown>) {
  const current = await getJson(`/v1/staff/cases/${caseId}`, supervisor);
  const version = (current.json.case as { version: number }).version;
  const r = await postJson(
    `/v1/staff/cases/${caseId}/actions`,
    { expectedVersion: version, ...command },
    supervisor,
  );
  expect(r.status, JSON.stringify(r.json)).toBe(200);
}

/** A closed Karesi case whose survey has been sent; returns the link's token. */
async function sentSurvey(language: 'tr' | 'en'): Promise<string> {
  const phone = `0534${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
  const { caseId, trackingNo } = await fileRoutedCase(
    potholeSubmission(karesiStreet, {
      phone,
      preference: { channel: 'sms', granularity: 'result_only', language },
    }),
  );
  await act(caseId, { action: 'accept' });
  await act(caseId, { action: 'start' });
  await act(caseId, {
    action: 'resolve',
    resultCode: 'ENFORCEMENT_DONE',
    publicAnswer: 'Çukur kapatıldı, yol güvenli hâle getirildi.',
    internalNote: 'Ekip yerinde çalıştı.',
  });
  await act(caseId, { action: 'close' });
  const due = await runtime.surveyRepository.getDue(caseId);
  if (!due) throw new Error('no due survey');
  expect(await worker.handleDueSurvey(due, new Date(Date.parse(due.dueAt) + 60_000))).toBe('sent');
  const text = await eventually(async () => {
    const r = await getJson(`/v1/dev/outbox?trackingNo=${trackingNo}`, coordinator);
    const items = r.json.items as { event: string; text: string }[];
    return items.find((i) => i.event === 'survey')?.text;
  }, 30_000);
  const token = /\/anket\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!token) throw new Error(`no survey link in ${text}`);
  return token;
}

async function mobilePage(): Promise<Page> {
  const page = await newPage(browser);
  await page.setViewportSize(MOBILE);
  return page;
}

beforeAll(async () => {
  useHandlerEnvironment();
  worker = await import('../../functions/src/workers/send-surveys.ts');
  runtime = await import('../../functions/src/platform/survey-runtime.ts');
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  supervisor = { authorization: `Bearer ${(await signIn('karesi.supervisor')).IdToken}` };
  coordinator = { authorization: `Bearer ${(await signIn('metro.coordinator')).IdToken}` };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('satisfaction survey page', () => {
  it('a citizen answers the survey on a phone, in Turkish, once', { timeout: 180_000 }, async () => {
    const token = await sentSurvey('tr');
    const page = await mobilePage();
    await page.goto(`${portalUrl}/anket/${token}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW)
      .toBe('Memnuniyet anketi');
    await expect
      .poll(() => page.getByText(/numaralı “Sokakta asfalt çukuru” başvurunuz sonuçlandı/).count(), SLOW)
      .toBe(1);
    await expectAccessible(page);

    // Sending without answers: the form says what is missing, nothing is sent.
    await page.getByRole('button', { name: 'Yanıtlarımı gönder' }).click();
    await expect.poll(() => page.getByText(/4 soru yanıt bekliyor/).count(), SLOW).toBe(1);
    await visit(page, 'tr-survey-missing');

    await page.setViewportSize(MOBILE);
    await page
      .getByRole('group', { name: 'Sorununuz çözüldü mü?' })
      .getByRole('radio', { name: 'Kısmen' })
      .check();
    await page
      .getByRole('group', { name: 'Çözüm süresinden memnun musunuz?' })
      .getByRole('radio', { name: /^4/ })
      .check();
    await page
      .getByRole('group', { name: /tutum ve davranışından/ })
      .getByRole('radio', { name: /^5/ })
      .check();
    await page
      .getByRole('group', { name: /Başvuru sırasında aldığınız hizmetten/ })
      .getByRole('radio', { name: /^3/ })
      .check();
    await page
      .getByRole('textbox', { name: /Eklemek istedikleriniz/ })
      .fill('Ekip çok ilgiliydi, teşekkürler.');
    await visit(page, 'tr-survey-filled');

    await page.setViewportSize(MOBILE);
    await page.getByRole('button', { name: 'Yanıtlarımı gönder' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW)
      .toBe('Teşekkür ederiz');
    await visit(page, 'tr-survey-thanks');

    // The same link again: already answered, explained, not an error.
    await page.goto(`${portalUrl}/anket/${token}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW)
      .toBe('Anket zaten yanıtlandı');
    await visit(page, 'tr-survey-answered');

    await page.goto(`${portalUrl}/anket/bilinmeyen-baglanti`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW)
      .toBe('Anket bulunamadı');
    await visit(page, 'tr-survey-unknown');
    await page.context().close();
  });

  it('the English survey page', { timeout: 120_000 }, async () => {
    const token = await sentSurvey('en');
    const page = await mobilePage();
    await page.goto(`${portalUrl}/en/anket/${token}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), SLOW)
      .toBe('Satisfaction survey');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('group', { name: 'Was your problem resolved?' }).count()).toBe(1);
    await visit(page, 'en-survey');
    await page.context().close();
  });
});
