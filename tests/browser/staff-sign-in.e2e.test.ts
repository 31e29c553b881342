import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, endpoints, launchChromium, newPage, visit } from '../support/browser-harness.ts';

/*
 * Staff sign-in end to end, in Debian's Chromium against the running local cloud
 * and its cognito-local user pool: wrong credentials, a district staff member's
 * role-aware panel, sign-out and the guard, the coordinator's navigation, the
 * English UI, token refresh and session expiry. Every page visited must pass
 * axe-core's WCAG 2.1 A/AA rules; screenshots go to test-results/screenshots.
 */

/** Where the portal keeps the session (see web/src/lib/auth/token-store.ts). */
const SESSION_KEY = 'citydesk.staff-session';

let browser: Browser;
let portalUrl: string;

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The entries of the staff navigation in the header, in order. */
async function staffNavigation(page: Page, label: string): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: label });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

async function signIn(
  page: Page,
  username: string,
  password: string,
  texts = { user: 'Kullanıcı adı', password: 'Parola', submit: 'Giriş yap' },
): Promise<void> {
  await page.getByRole('textbox', { name: texts.user }).fill(username);
  await page.getByLabel(texts.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: texts.submit }).click();
}

/*
 * Browser-side snippets run as strings: the test project compiles without the DOM
 * library, so `sessionStorage` and friends are not in scope for TypeScript here.
 */
type StoredSession = Record<string, unknown>;

async function storedSession(page: Page): Promise<StoredSession | null> {
  return (await page.evaluate(
    `JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}) ?? 'null')`,
  )) as StoredSession | null;
}

/** Rewrites fields of the stored session; returns it as it was. */
async function editStoredSession(page: Page, patch: StoredSession): Promise<StoredSession> {
  const stored = await storedSession(page);
  if (!stored) throw new Error('no stored session');
  await page.evaluate(
    `sessionStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(JSON.stringify({ ...stored, ...patch }))})`,
  );
  return stored;
}

describe('staff sign-in', () => {
  it('answers a wrong password and an unknown user with the same localized error', async () => {
    const user = demoUser('karesi.staff');
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/giris`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Personel girişi');
    await visit(page, 'tr-sign-in');

    // Empty form: field errors, no request.
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await expect.poll(() => page.getByText('Kullanıcı adınızı girin.').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByRole('textbox', { name: /Kullanıcı adı/ }).getAttribute('aria-invalid'))
      .toBe('true');

    await signIn(page, user.username, 'YanlisParola2026');
    const error = page.getByTestId('sign-in-error');
    await expect
      .poll(() => error.textContent(), { timeout: 15_000 })
      .toContain('Kullanıcı adı veya parola hatalı');
    const wrongPassword = await error.textContent();
    await expect.poll(() => page.getByLabel('Parola', { exact: true }).inputValue()).toBe('');

    // Show/hide password toggles the input type.
    await page.getByLabel('Parola', { exact: true }).fill('gizli');
    await page.getByRole('button', { name: 'Parolayı göster' }).click();
    await expect.poll(() => page.locator('#password').getAttribute('type')).toBe('text');
    await page.getByRole('button', { name: 'Parolayı gizle' }).click();
    await expect.poll(() => page.locator('#password').getAttribute('type')).toBe('password');

    await signIn(page, 'hic.olmayan.kullanici', 'YanlisParola2026');
    await expect
      .poll(() => page.getByRole('button', { name: 'Giriş yap' }).getAttribute('aria-busy'))
      .toBeNull();
    await expect.poll(() => error.textContent(), { timeout: 15_000 }).toBe(wrongPassword);
    expect(page.url()).toMatch(/\/giris$/);
    await visit(page, 'tr-sign-in-error');
    await page.context().close();
  });

  it('signs karesi.staff in to a panel with only the staff navigation, and signs out', async () => {
    const user = demoUser('karesi.staff');
    const page = await newPage(browser);

    // The guard: a staff page without a session leads to sign-in, remembering the page.
    await page.goto(`${portalUrl}/panel`);
    await page.waitForURL(/\/giris\?next=%2Fpanel$/);
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Ana menü' }).getByRole('link').allTextContents())
      .toEqual(['Ana sayfa', 'Başvuru yap', 'Başvuru takip']);
    await expect.poll(() => page.getByRole('link', { name: 'Personel girişi' }).isVisible()).toBe(true);

    await signIn(page, user.username, user.password);
    await page.waitForURL(/\/panel$/, { timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('staff-tenant').textContent(), { timeout: 15_000 })
      .toContain('Karesi Belediyesi');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Hoş geldiniz, karesi.staff');
    expect(await page.getByTestId('staff-roles').getByRole('listitem').allTextContents()).toEqual([
      'Birim personeli',
    ]);
    expect(await staffNavigation(page, 'Personel menüsü')).toEqual(['Panel', 'İş kuyruğu']);
    expect(await page.getByTestId('staff-sections').getByRole('link').count()).toBe(1);
    for (const hidden of ['Analiz', 'Ayarlar', 'Yönlendirme', 'Çağrı karşılama', 'Mahallem']) {
      expect(await page.getByRole('link', { name: hidden }).count(), hidden).toBe(0);
    }
    await expect.poll(() => page.getByTestId('staff-user').textContent()).toContain('karesi.staff');
    await expect.poll(() => page.getByRole('button', { name: 'Çıkış' }).isVisible()).toBe(true);

    // Tokens live in sessionStorage only: nothing in localStorage, no cookies.
    const session = await storedSession(page);
    expect(String(session?.idToken).split('.')).toHaveLength(3);
    expect(
      await page.evaluate('({ localStorage: Object.keys(localStorage), cookie: document.cookie })'),
    ).toEqual({
      localStorage: [],
      cookie: '',
    });
    expect(await page.context().cookies()).toEqual([]);
    await visit(page, 'tr-panel-staff');

    await page
      .getByRole('navigation', { name: 'Personel menüsü' })
      .getByRole('link', { name: 'İş kuyruğu' })
      .click();
    await page.waitForURL(/\/panel\/kuyruk$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('İş kuyruğu');
    await visit(page, 'tr-section-queue');

    // A section the role does not allow, typed in (full load: the session comes back from sessionStorage).
    await page.goto(`${portalUrl}/panel/analiz`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('Bu bölüme erişim yetkiniz yok');
    await visit(page, 'tr-section-forbidden');

    await page.getByRole('button', { name: 'Çıkış' }).click();
    await page.waitForURL(`${portalUrl}/`);
    await expect.poll(() => page.getByRole('link', { name: 'Personel girişi' }).isVisible()).toBe(true);
    expect(await storedSession(page)).toBeNull();
    await visit(page, 'tr-home-signed-out');

    await page.goto(`${portalUrl}/panel`);
    await page.waitForURL(/\/giris\?next=%2Fpanel$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Personel girişi');
    await page.context().close();
  });

  it('shows the metropolitan coordinator the triage navigation', async () => {
    const user = demoUser('metro.coordinator');
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/giris`);
    await signIn(page, user.username, user.password);
    await page.waitForURL(/\/panel$/, { timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId('staff-tenant').textContent(), { timeout: 15_000 })
      .toContain('Büyükşehir');
    expect(await staffNavigation(page, 'Personel menüsü')).toEqual([
      'Panel',
      'Yönlendirme',
      'Gelen kutusu',
      'Analiz',
      'Giden kutusu (geliştirme)',
      'Anket takibi',
      'Olaylar',
    ]);
    expect(await page.getByTestId('staff-roles').getByRole('listitem').allTextContents()).toEqual([
      'Koordinatör',
    ]);
    await visit(page, 'tr-panel-coordinator');
    await page
      .getByTestId('staff-sections')
      .getByRole('link', { name: /Yönlendirme/ })
      .click();
    await page.waitForURL(/\/panel\/yonlendirme$/);
    // The triage list: the metropolitan municipality's cases awaiting a coordinator.
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Durum' }).inputValue(), { timeout: 15_000 })
      .toBe('triage');
    await visit(page, 'tr-section-triage');
    await page.context().close();
  });

  it('works in English, including the muhtar’s neighbourhood', async () => {
    const user = demoUser('karesi.muhtar');
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/en/panel/mahallem`);
    await page.waitForURL(/\/en\/giris\?next=%2Fpanel%2Fmahallem$/);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff sign-in');
    await visit(page, 'en-sign-in');

    const english = { user: 'User name', password: 'Password', submit: 'Sign in' };
    await signIn(page, user.username, 'WrongPassword2026', english);
    await expect
      .poll(() => page.getByTestId('sign-in-error').textContent(), { timeout: 15_000 })
      .toContain('The user name or password is incorrect');
    await visit(page, 'en-sign-in-error');

    await signIn(page, user.username, user.password, english);
    await page.waitForURL(/\/en\/panel\/mahallem$/, { timeout: 15_000 });
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My neighbourhood');
    expect(await staffNavigation(page, 'Staff menu')).toEqual(['Overview', 'My neighbourhood']);
    await visit(page, 'en-section-neighbourhood');

    await page
      .getByRole('navigation', { name: 'Staff menu' })
      .getByRole('link', { name: 'Overview' })
      .click();
    await page.waitForURL(/\/en\/panel$/);
    await expect
      .poll(() => page.getByTestId('staff-neighbourhood').textContent(), { timeout: 15_000 })
      .toBeTruthy();
    expect(user.neighbourhood).toBeDefined();
    expect(await page.getByTestId('staff-neighbourhood').textContent()).toBe(user.neighbourhood);
    expect(await page.getByTestId('staff-roles').getByRole('listitem').allTextContents()).toEqual([
      'Muhtar (neighbourhood head)',
    ]);
    await expect
      .poll(() => page.getByTestId('staff-tenant').textContent())
      .toContain('District municipality');
    await visit(page, 'en-panel-muhtar');

    // The language switch reloads the page; the session survives it.
    await page.getByRole('link', { name: /Türkçe/ }).click();
    await page.waitForURL(/\/panel$/);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('tr');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Hoş geldiniz, karesi.muhtar');
    expect(await staffNavigation(page, 'Personel menüsü')).toEqual(['Panel', 'Mahallem']);

    await page.goto(`${portalUrl}/en`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Staff sign-in' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('refreshes tokens before they expire and ends a refused session gracefully', async () => {
    const user = demoUser('karesi.supervisor');
    const page = await newPage(browser);
    await page.goto(`${portalUrl}/giris`);
    await signIn(page, user.username, user.password);
    await page.waitForURL(/\/panel$/, { timeout: 15_000 });
    await page.getByTestId('staff-tenant').waitFor();

    // Pretend the tokens arrived long ago: the next page load refreshes them first.
    const before = await editStoredSession(page, { receivedAt: 0 });
    await page.goto(`${portalUrl}/panel/kuyruk`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 })
      .toBe('İş kuyruğu');
    const after = (await storedSession(page)) ?? {};
    expect(after.receivedAt).toBeGreaterThan(0);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(typeof after.idToken).toBe('string');

    // The API refuses a token (here: a forged signature): the session ends with a message.
    const idToken = String(after.idToken);
    await editStoredSession(page, { idToken: `${idToken.slice(0, -6)}AAAAAA` });
    await page.goto(`${portalUrl}/panel/kuyruk`);
    await page.waitForURL(/\/giris\?next=%2Fpanel%2Fkuyruk&reason=expired$/, { timeout: 15_000 });
    await expect
      .poll(() => page.getByText('Oturumunuz sona erdi, lütfen yeniden giriş yapın.').isVisible())
      .toBe(true);
    expect(await storedSession(page)).toBeNull();
    await visit(page, 'tr-session-expired');

    // Signing in again returns to the page the user was on.
    await signIn(page, user.username, user.password);
    await page.waitForURL(/\/panel\/kuyruk$/, { timeout: 15_000 });

    // Cognito refuses the refresh token: same graceful end.
    await editStoredSession(page, { receivedAt: 0, refreshToken: 'revoked-refresh-token' });
    await page.goto(`${portalUrl}/panel`);
    await page.waitForURL(/\/giris\?next=%2Fpanel&reason=expired$/, { timeout: 15_000 });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Oturumunuz sona erdi' }).count())
      .toBe(1);
    await page.context().close();
  });
});
