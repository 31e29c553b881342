import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';

/*
 * The user-administration screen in Chromium: Karesi's administrator finds users,
 * invites one (the temporary password is shown once), confirms a disable, and checks
 * a CSV file in a dry run before importing it; the platform operator looks after a
 * tenant's administrators. Every state passes axe (WCAG 2.1 AA) at 1280 and 390 px,
 * in Turkish and English; screenshots go to test-results/screenshots.
 */

const run = Date.now().toString(36);
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

describe('user administration screen', () => {
  it('lists, invites, disables after confirmation and imports from CSV (Turkish)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/panel/yonetim/kullanicilar');
    await page.getByRole('heading', { level: 1, name: 'Kullanıcılar' }).waitFor();
    await page.getByRole('link', { name: 'Kullanıcılar' }).first().waitFor();
    await page.getByTestId('users-table').getByRole('cell', { name: 'karesi.staff', exact: true }).waitFor();
    await visit(page, 'users-list-tr');

    // An invalid invitation: the API's Turkish messages next to the fields.
    await page.locator('#invite-username').fill('Ayşe Y');
    await page.locator('#invite-email').fill('eposta-degil');
    await page.locator('#invite-name').fill('Ayşe Yılmaz');
    await page.getByLabel('Birim personeli').check();
    await page.getByRole('button', { name: 'Davet et' }).click();
    await page.getByText(/Kullanıcı adı 3–64 karakter olmalı/).waitFor();
    await visit(page, 'users-invite-invalid-tr');

    await page.locator('#invite-username').fill(`ayse.${run}`);
    await page.locator('#invite-email').fill(`ayse.${run}@karesi.example`);
    await page.getByRole('button', { name: 'Davet et' }).click();
    const password = await page.getByTestId('temporary-password').textContent();
    expect(password?.length).toBeGreaterThanOrEqual(16);
    await page
      .getByTestId('users-table')
      .getByRole('cell', { name: `ayse.${run}`, exact: true })
      .waitFor();
    await visit(page, 'users-invited-tr');
    await page.getByRole('button', { name: 'İlettim, kapat' }).click();

    // Disabling asks first.
    const row = page.getByRole('row', { name: new RegExp(`ayse\\.${run}`) });
    await row.getByRole('button', { name: 'Devre dışı bırak' }).click();
    await page.getByRole('dialog', { name: 'Hesabı devre dışı bırak' }).waitFor();
    await visit(page, 'users-disable-confirm-tr');
    await page.getByRole('dialog').getByRole('button', { name: 'Devre dışı bırak' }).click();
    await page.getByText('Ayşe Yılmaz devre dışı bırakıldı.').waitFor();
    await row.getByText('Devre dışı', { exact: true }).waitFor();

    // A CSV file with Excel's `;`: checked first, then imported after confirmation.
    const csv = [
      'kullanici_adi;e_posta;ad_soyad;roller;birim',
      `cagla.${run};cagla.${run}@karesi.example;Çağla Şahin;personel;FEN`,
      `bozuk.${run};bozuk-eposta;Bozuk Satır;personel;FEN`,
    ].join('\n');
    await page.locator('#import-text').fill(csv);
    await page.getByRole('button', { name: 'Kontrol et' }).click();
    await page.getByTestId('import-report').getByText('E-posta adresi geçersiz.').waitFor();
    await expect.poll(() => page.getByTestId('import-counts').textContent()).toContain('1 eklenebilir');
    await visit(page, 'users-import-report-tr');
    await page.getByRole('button', { name: 'Uygun satırları içe aktar' }).click();
    await page
      .getByRole('dialog', { name: 'İçe aktarmayı onaylayın' })
      .getByRole('button', { name: 'Uygun satırları içe aktar' })
      .click();
    await page.getByRole('heading', { name: 'İçe aktarma sonucu' }).waitFor();
    await expect.poll(() => page.getByTestId('import-counts').textContent()).toContain('1 oluşturuldu');
    await page
      .getByTestId('users-table')
      .getByRole('cell', { name: `cagla.${run}`, exact: true })
      .waitFor();
  }, 300_000);

  it('shows the same screen in English, and the platform operator its own view', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/en/panel/yonetim/kullanicilar', true);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await page.getByTestId('users-table').getByRole('cell', { name: 'karesi.staff', exact: true }).waitFor();
    await page.locator('#invite-username').fill('X');
    await page.getByLabel('Supervisor').check();
    await page.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(/The username must be 3–64 characters/).waitFor();
    await visit(page, 'users-list-en');

    const operator = await newPage(browser);
    await signInAs(operator, 'platform.operator', '/panel/yonetim/kullanicilar');
    await operator.getByRole('heading', { level: 1, name: 'Kullanıcılar' }).waitFor();
    await operator.locator('#users-tenant').fill('balikesir-karesi');
    await operator.getByRole('button', { name: 'Ara' }).click();
    await operator
      .getByTestId('users-table')
      .getByRole('cell', { name: 'karesi.admin', exact: true })
      .waitFor();
    expect(
      await operator
        .getByTestId('users-table')
        .getByRole('cell', { name: 'karesi.staff', exact: true })
        .count(),
    ).toBe(0);
    await visit(operator, 'users-platform-tr');
  }, 300_000);
});
