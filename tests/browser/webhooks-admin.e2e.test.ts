import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';

/*
 * The webhooks admin screen in Chromium: Karesi's administrator creates a
 * subscription to a receiver on this machine, sees the signing secret once, sends a
 * test ping and reads it in the delivery log, switches the subscription off, rotates
 * the secret and deletes the subscription, each destructive step after a
 * confirmation. Every state passes axe (WCAG 2.1 AA) at 1280 and 390 px, in Turkish
 * and English; screenshots go to test-results/screenshots.
 */

const pings: IncomingHttpHeaders[] = [];
let receiver: Server;
let receiverUrl: string;
let browser: Browser;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pings.push(req.headers);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kentmasasi`;
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function create(page: Page, url: string, labels: { url: string; submit: string }) {
  await page.getByLabel(labels.url).fill(url);
  await page.getByRole('button', { name: labels.submit }).click();
}

describe('webhooks admin screen', () => {
  it('creates, tests, logs, switches off, rotates and deletes a subscription (Turkish)', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/panel/yonetim/webhooklar');
    await page.getByRole('heading', { level: 1, name: 'Webhook’lar' }).waitFor();
    await page.getByRole('link', { name: 'Webhook’lar' }).first().waitFor();

    // A refused address: the API's own Turkish message is shown.
    await create(page, 'http://sistem.karesi.bel.tr/hook', {
      url: 'Alıcı adresi (https)',
      submit: 'Abonelik oluştur',
    });
    await page.getByText('Webhook adresi https:// ile başlamalıdır.').waitFor();
    await visit(page, 'webhooks-invalid-tr');

    await create(page, receiverUrl, { url: 'Alıcı adresi (https)', submit: 'Abonelik oluştur' });
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    await page.getByTestId('webhooks-table').getByText(receiverUrl).waitFor();
    await visit(page, 'webhooks-created-tr');
    await page.getByRole('button', { name: 'Kaydettim, kapat' }).click();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);

    const row = page.getByRole('row').filter({ hasText: receiverUrl });
    await row.getByRole('button', { name: 'Deneme gönder' }).click();
    await page.getByText(/Deneme bildirimi ulaştı \(HTTP 204/).waitFor();
    expect(pings.at(-1)?.['x-citydesk-event']).toBe('ping');
    await row.getByRole('button', { name: 'Gönderim kaydı' }).click();
    await page.getByTestId('webhook-deliveries').getByRole('rowheader', { name: 'Deneme' }).waitFor();
    await page.getByTestId('webhook-deliveries').getByText('Ulaştı').waitFor();
    await visit(page, 'webhooks-log-tr');

    await row.getByRole('button', { name: 'Kapat', exact: true }).click();
    await page.getByText('Abonelik kapatıldı; yeni olaylar gönderilmeyecek.').waitFor();
    await row.getByText('Kapalı').waitFor();

    await row.getByRole('button', { name: 'Anahtarı yenile' }).click();
    const dialog = page.getByRole('dialog', { name: 'İmza anahtarı yenilensin mi?' });
    await dialog.waitFor();
    await visit(page, 'webhooks-rotate-dialog-tr');
    await dialog.getByRole('button', { name: 'Evet, yenile' }).click();
    const rotated = await page.getByTestId('webhook-secret').textContent();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'Kaydettim, kapat' }).click();

    await row.getByRole('button', { name: 'Sil' }).click();
    const confirmDelete = page.getByRole('dialog', { name: 'Abonelik silinsin mi?' });
    await confirmDelete.getByRole('button', { name: 'Vazgeç' }).click();
    await row.waitFor();
    await row.getByRole('button', { name: 'Sil' }).click();
    await confirmDelete.getByRole('button', { name: 'Evet, sil' }).click();
    await page.getByText('Abonelik silindi.').waitFor();
    await row.waitFor({ state: 'detached' });
    await page.context().close();
  }, 180_000);

  it('speaks English under /en and stays out of reach of non-administrators', async () => {
    const page = await newPage(browser);
    await signInAs(page, 'karesi.admin', '/en/panel/yonetim/webhooklar', true);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await create(page, `${receiverUrl}/en`, { url: 'Receiver URL (https)', submit: 'Create subscription' });
    await page.getByText('Signing secret: shown only once').waitFor();
    await visit(page, 'webhooks-created-en');
    await page.getByRole('button', { name: 'I have stored it, close' }).click();
    const row = page.getByRole('row').filter({ hasText: `${receiverUrl}/en` });
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete the subscription?' }).waitFor();
    await visit(page, 'webhooks-delete-dialog-en');
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('The subscription was deleted.').waitFor();
    await page.context().close();

    const staff = await newPage(browser);
    await signInAs(staff, 'karesi.staff', '/panel/yonetim/webhooklar');
    await staff.getByTestId('section-forbidden').waitFor();
    await staff.context().close();
  }, 180_000);
});
