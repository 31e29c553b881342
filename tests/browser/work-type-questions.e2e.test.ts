import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { WorkTypeQuestion } from '@citydesk/domain';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/api-client.ts';
import { endpoints, launchChromium, newPage, visit } from '../support/browser-harness.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';
import { replaceWorkTypeOverride } from '../support/tenant-settings.ts';

/*
 * A work type's extra questions on the citizen's request form: the metropolitan
 * municipality asks three about disabled parking spaces (a number, a single and a
 * multiple choice); the form shows them under the description once the subject is
 * chosen, refuses a missing required answer next to the question, and the filed case
 * carries the answers. Turkish and English, axe at both widths. No other suite files
 * this work type.
 */

const METRO = 'balikesir-bb';
const WORK_TYPE = 'PARKING-DISABLED-SPACE';
const as = (token: string) => ({ authorization: `Bearer ${token}` });
let browser: Browser;
let portalUrl: string;
let operatorToken: string;

const questions: WorkTypeQuestion[] = [
  {
    code: 'spaces_needed',
    datatype: 'number',
    required: true,
    order: 1,
    description: { tr: 'Kaç park yeri gerekiyor?', en: 'How many spaces are needed?' },
  },
  {
    code: 'building',
    datatype: 'singlevaluelist',
    required: false,
    order: 2,
    description: { tr: 'Yakındaki yapı', en: 'Nearby building' },
    values: [
      { key: 'hospital', name: { tr: 'Hastane / sağlık ocağı', en: 'Hospital / clinic' } },
      { key: 'school', name: { tr: 'Okul', en: 'School' } },
      { key: 'public_office', name: { tr: 'Kamu binası', en: 'Public office' } },
    ],
  },
  {
    code: 'access',
    datatype: 'multivaluelist',
    required: false,
    order: 3,
    description: { tr: 'Erişim sorunları', en: 'Access problems' },
    values: [
      { key: 'no_ramp', name: { tr: 'Rampa yok', en: 'No ramp' } },
      { key: 'high_kerb', name: { tr: 'Yüksek bordür', en: 'High kerb' } },
    ],
  },
];

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  operatorToken = (await signIn('platform.operator')).IdToken;
  await replaceWorkTypeOverride(operatorToken, METRO, WORK_TYPE, { questions });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await replaceWorkTypeOverride(operatorToken, METRO, WORK_TYPE, 'demo');
});

describe('extra questions on the request form', () => {
  it('asks them in Turkish, insists on the required one, and files the answers with the case', async () => {
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/basvuru`);
    const subject = page.getByRole('combobox', { name: /Başvuru konusu/ });
    await subject.fill('engelli park yeri talebi');
    await page.getByRole('option', { name: /Engelli park yeri talebi/ }).click();
    const fieldset = page.getByTestId('work-type-questions');
    await fieldset.waitFor();
    await expect.poll(() => fieldset.getByRole('group').count()).toBe(2);

    await page
      .getByRole('textbox', { name: /Sorunu anlatın/ })
      .fill('Sağlık ocağının önünde engelli park yeri yok, yaşlı hastalar zorlanıyor.');
    await page.getByRole('combobox', { name: /^İlçe/ }).selectOption({ label: 'Karesi' });
    await page.getByRole('textbox', { name: /Cep telefonu/ }).fill('0532 123 45 67');
    await page.getByRole('radio', { name: 'SMS' }).check();
    await page.getByRole('checkbox', { name: /okudum ve anladım/ }).check();
    await page.getByRole('button', { name: 'Başvuruyu gönder' }).click();
    const required = page.getByRole('textbox', { name: /Kaç park yeri gerekiyor/ });
    await expect.poll(() => required.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() =>
        page
          .getByRole('alert')
          .getByRole('link', { name: 'Kaç park yeri gerekiyor?: bu soruyu yanıtlayın.' })
          .count(),
      )
      .toBe(1);
    await visit(page, 'tr-file-questions-errors');

    await required.fill('iki');
    await page.getByRole('button', { name: 'Başvuruyu gönder' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bir sayı girin');

    await required.fill('2');
    await page.getByRole('radio', { name: 'Hastane / sağlık ocağı' }).check();
    await page.getByRole('checkbox', { name: 'Yüksek bordür' }).check();
    await page.getByRole('checkbox', { name: 'Rampa yok' }).check();
    await visit(page, 'tr-file-questions');
    await page.getByRole('button', { name: 'Başvuruyu gönder' }).click();
    const number = page.getByTestId('tracking-number');
    await number.waitFor({ timeout: 20_000 });
    const digits = ((await number.textContent()) ?? '').replace(/\D/g, '');

    const track = await testDocumentClient().send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `TRACK#${digits}`, sk: '#TRACK' } }),
    );
    const coordinator = (await signIn('metro.coordinator')).IdToken;
    const stored = await getJson(`/v1/staff/cases/${String(track.Item?.caseId)}`, as(coordinator));
    // Option names in Turkish and in the question's order, whatever was clicked first.
    expect((stored.json.case as { description: string }).description).toBe(
      'Sağlık ocağının önünde engelli park yeri yok, yaşlı hastalar zorlanıyor.\n\n' +
        'Kaç park yeri gerekiyor?: 2\nYakındaki yapı: Hastane / sağlık ocağı\nErişim sorunları: Rampa yok, Yüksek bordür',
    );
    await page.context().close();
  });

  it('asks them in English and drops them when the subject changes', async () => {
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/en/basvuru`);
    const subject = page.getByRole('combobox', { name: /Subject/ });
    await subject.fill('disabled parking space');
    await page.getByRole('option', { name: /Disabled parking space request/i }).click();
    await page.getByTestId('work-type-questions').waitFor();
    await page.getByRole('textbox', { name: /How many spaces are needed/ }).fill('3');
    await expect.poll(() => page.getByRole('radio', { name: 'School' }).count()).toBe(1);
    await visit(page, 'en-file-questions');

    await subject.fill('pothole');
    await page.getByRole('option').first().click();
    await expect.poll(() => page.getByTestId('work-type-questions').count()).toBe(0);
    await page.context().close();
  });
});
