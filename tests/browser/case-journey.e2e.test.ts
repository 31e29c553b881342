import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, launchChromium, newPage, signInAs, visit } from '../support/browser-harness.ts';
import { signIn as staffSignIn } from '../support/staff-session.ts';

/*
 * A case's whole life through the staff console, in Debian's Chromium against the
 * running local cloud (API, routing worker, S3, user pool):
 *  - a metropolitan call-centre agent records a phone call about a pothole on a local
 *    street in Karesi; the routing worker gives it to Karesi Belediyesi;
 *  - Karesi's supervisor accepts it and assigns it to a staff member;
 *  - the staff member starts, uploads an after photo as evidence and resolves it;
 *  - the citizen's tracking page shows it resolved, with the municipality's answer.
 * Then the side paths: a district transfers a case to the water utility BASKİ (after
 * losing a race with a colleague: 409, reload, notice), a supervisor assigns cases in
 * bulk, and a district returns a case that is not theirs to the metropolitan triage list.
 * Every page state visited must pass axe-core's WCAG 2.1 A/AA rules at phone and
 * desktop width; screenshots go to test-results/screenshots.
 */

/** A 1×1 JPEG: the API checks a stored photo's real type from its first bytes. */
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

let browser: Browser;
let portalUrl: string;

beforeAll(async () => {
  portalUrl = endpoints().portalUrl.replace(/\/$/, '');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Files a citizen's request through the public API and waits until routing has given it an owner. */
async function fileRoutedCase(workTypeCode: string, description: string): Promise<string> {
  const api = endpoints().apiUrl.replace(/\/$/, '');
  const created = await fetch(`${api}/v1/public/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      workTypeCode,
      description,
      location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar', roadName: '3. Sokak' },
      contact: {
        name: 'Elif Şahin',
        phone: '0533 210 98 76',
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '2026-11' },
    }),
  });
  if (created.status !== 201) throw new Error(`filing failed: ${created.status} ${await created.text()}`);
  const { trackingNo } = (await created.json()) as { trackingNo: string };
  await expect
    .poll(
      async () => {
        const track = await fetch(`${api}/v1/public/track/${trackingNo.replaceAll('-', '')}`);
        return ((await track.json()) as { status?: string }).status;
      },
      { timeout: 45_000, interval: 500 },
    )
    .toBe('ROUTED');
  return trackingNo;
}

const caseIdOf = (page: Page) => String(new URL(page.url()).searchParams.get('id'));
const statusOf = (page: Page) => page.getByTestId('case-status').textContent();

/** Finds a case's link in the queue on screen, showing more pages until it appears. */
async function queueLink(page: Page, trackingNo: string): Promise<Locator> {
  const link = page.getByTestId('case-table').getByRole('link', { name: trackingNo, exact: true });
  await page.getByTestId('case-table').or(page.getByTestId('cases-empty')).waitFor({ timeout: 15_000 });
  for (let i = 0; i < 20 && (await link.count()) === 0; i++) {
    const more = page.getByRole('button', { name: /^(Daha fazla göster|Show more)$/ });
    if ((await more.count()) === 0) break;
    const rows = await page.getByTestId('case-table').getByRole('row').count();
    await more.click();
    await expect.poll(() => page.getByTestId('case-table').getByRole('row').count()).toBeGreaterThan(rows);
  }
  await link.waitFor({ timeout: 5_000 });
  return link;
}

/**
 * Opens an action's dialog from the case's actions panel, lets `fill` complete it,
 * sends it with the dialog's own button and waits for the saved notice.
 */
async function act(
  page: Page,
  label: string,
  fill?: (dialog: Locator) => Promise<void>,
  saved = `Kaydedildi: ${label}.`,
): Promise<void> {
  await page.getByTestId('case-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: label, exact: true }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  await expect.poll(() => page.getByTestId('case-notice').textContent()).toContain(saved);
}

describe('case journey in the staff console', () => {
  it('files by phone, routes to Karesi, is accepted, assigned, worked with a photo and resolved for the citizen', async () => {
    // 1. The metropolitan call centre records the call.
    const agent = await newPage(browser);
    await signInAs(agent, 'metro.agent', '/panel/cagri');
    await expect.poll(() => agent.getByRole('heading', { level: 1 }).textContent()).toBe('Çağrı karşılama');
    const subject = agent.getByRole('combobox', { name: /Başvuru konusu/ });
    await subject.waitFor({ timeout: 15_000 });
    expect(await agent.getByRole('combobox', { name: /Başvuru kanalı/ }).inputValue()).toBe('call_center');
    await subject.fill('sokakta cukur');
    await agent.getByRole('option', { name: /Sokakta asfalt çukuru/ }).click();
    await agent
      .getByRole('textbox', { name: /Sorunu anlatın/ })
      .fill(
        'Arayan vatandaş 3. Sokak’ta derin bir asfalt çukuru olduğunu, araçların zarar gördüğünü bildirdi.',
      );
    await agent.getByRole('combobox', { name: /^İlçe/ }).selectOption({ label: 'Karesi' });
    await agent.getByRole('combobox', { name: /^Mahalle/ }).selectOption({ label: 'Dumlupınar' });
    await agent.getByRole('textbox', { name: /Cadde veya sokak/ }).fill('3. Sokak');
    await agent.getByRole('textbox', { name: /Başvuru sahibinin adı soyadı/ }).fill('Hasan Çelik');
    await agent.getByRole('textbox', { name: /Cep telefonu/ }).fill('0532 555 12 34');
    await agent.getByRole('checkbox', { name: /Aydınlatma metni vatandaşa okundu/ }).check();
    await visit(agent, 'tr-intake-filled');

    await agent.getByRole('button', { name: 'Başvuruyu kaydet' }).click();
    const number = agent.getByTestId('intake-tracking-number');
    await number.waitFor({ timeout: 20_000 });
    const trackingNo = ((await number.textContent()) ?? '').replace(/\s/g, '');
    expect(trackingNo).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const [first = ''] = trackingNo.split('-');
    expect(await agent.getByTestId('intake-spoken').textContent()).toContain(
      [...first]
        .map((d) => ['sıfır', 'bir', 'iki', 'üç', 'dört', 'beş', 'altı', 'yedi', 'sekiz', 'dokuz'][Number(d)])
        .join(' '),
    );
    await visit(agent, 'tr-intake-created');

    // 2. The routing worker gives it to Karesi: the agent watches the case page.
    await agent.getByRole('link', { name: 'Başvuruyu aç' }).click();
    await agent.waitForURL(/\/panel\/basvuru\?id=/);
    const caseId = caseIdOf(agent);
    await expect
      .poll(
        async () => {
          await agent.reload();
          await agent.getByTestId('case-heading').waitFor({ timeout: 15_000 });
          return statusOf(agent);
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toContain('Kuruma yönlendirildi');
    await expect.poll(() => agent.getByTestId('case-owner').textContent()).toContain('Karesi Belediyesi');
    // Names, not codes: the unit is "Fen İşleri", not FEN.
    await expect.poll(() => agent.getByTestId('case-department').textContent()).toContain('Fen İşleri');
    expect(await agent.getByRole('list', { name: 'Tarihçe' }).textContent()).toContain(
      'Kuruma yönlendirildi',
    );
    await visit(agent, 'tr-agent-case-routed');
    await agent.context().close();

    // 3. Karesi's supervisor finds it in the queue, accepts it and assigns it.
    const supervisor = await newPage(browser);
    await signInAs(supervisor, 'karesi.supervisor', '/panel/kuyruk?durum=incoming&tur=ROAD-POTHOLE-LOCAL');
    await expect
      .poll(() => supervisor.getByRole('combobox', { name: 'Durum' }).inputValue())
      .toBe('incoming');
    const link = await queueLink(supervisor, trackingNo);
    await visit(supervisor, 'tr-supervisor-queue');
    await link.click();
    await supervisor.waitForURL(/\/panel\/basvuru\?id=/);
    await supervisor.getByTestId('case-actions').waitFor({ timeout: 15_000 });
    await visit(supervisor, 'tr-supervisor-case');

    await act(supervisor, 'Kabul et');
    await expect.poll(() => statusOf(supervisor)).toContain('Kabul edildi');

    await act(supervisor, 'Görevlendir', async (dialog) => {
      const picker = dialog.getByRole('combobox', { name: /Görevlendirilecek kişi veya ekip/ });
      await expect.poll(() => picker.locator('option', { hasText: 'karesi.staff' }).count()).toBe(1);
      await picker.selectOption({ label: 'karesi.staff' });
      await visit(supervisor, 'tr-assign-dialog');
    });
    await expect.poll(() => statusOf(supervisor)).toContain('Ekibe atandı');
    expect(await supervisor.getByTestId('case-assignee').textContent()).toContain('karesi.staff');
    await supervisor.context().close();

    // 4. The staff member starts, adds an after photo and resolves it.
    const staff = await newPage(browser);
    await signInAs(staff, 'karesi.staff', `/panel/basvuru?id=${caseId}`);
    await staff.getByTestId('case-actions').waitFor({ timeout: 15_000 });
    await act(staff, 'İşe başla');
    await expect.poll(() => statusOf(staff)).toContain('Çalışma sürüyor');

    // Waiting a day for asphalt: on hold with a reason and a date, then back to work.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toLocaleDateString('en-CA', {
      timeZone: 'Europe/Istanbul',
    });
    await act(staff, 'Beklemeye al', async (dialog) => {
      await dialog
        .getByRole('combobox', { name: /Bekleme nedeni/ })
        .selectOption({ label: 'Malzeme bekleniyor' });
      await dialog.getByLabel(/Devam tarihi/).fill(tomorrow);
      await visit(staff, 'tr-hold-dialog');
    });
    await expect.poll(() => statusOf(staff)).toContain('Beklemede');
    await act(staff, 'Çalışmayı sürdür');
    await expect.poll(() => statusOf(staff)).toContain('Çalışma sürüyor');

    const answer =
      'Çukur sıcak asfaltla kapatıldı; yol güvenle kullanılabilir. Bildiriminiz için teşekkür ederiz.';
    await staff.getByTestId('case-actions').getByRole('button', { name: 'Sonuçlandır', exact: true }).click();
    const dialog = staff.getByRole('dialog');
    await dialog
      .getByRole('combobox', { name: /^Sonuç/ })
      .selectOption({ label: 'Çözüldü / Olumlu sonuçlandı' });
    await dialog.getByRole('textbox', { name: /Vatandaşa yanıt/ }).fill(answer);
    await dialog.getByRole('textbox', { name: /İç not/ }).fill('Fen İşleri 1. ekip, 2 saatlik çalışma.');
    // Field work needs an evidence photo: without one the form says so next to the photos.
    await dialog.getByRole('button', { name: 'Sonuçlandır', exact: true }).click();
    await expect
      .poll(() =>
        dialog.getByText('Saha işlerinde bu sonuç için en az bir kanıt fotoğrafı gereklidir.').count(),
      )
      .toBeGreaterThan(0);
    await visit(staff, 'tr-resolve-dialog-errors');

    await dialog.locator('#evidence-photo').setInputFiles({
      name: 'cukur-sonrasi.jpg',
      mimeType: 'image/jpeg',
      buffer: PHOTO,
    });
    await dialog.getByRole('button', { name: 'Fotoğrafı yükle' }).click();
    await expect
      .poll(() => dialog.getByText('cukur-sonrasi.jpg yüklendi.').count(), { timeout: 20_000 })
      .toBe(1);
    await expect
      .poll(() => dialog.getByRole('checkbox', { name: /cukur-sonrasi\.jpg/ }).isChecked())
      .toBe(true);
    await visit(staff, 'tr-resolve-dialog');
    await dialog.getByRole('button', { name: 'Sonuçlandır', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    await expect.poll(() => statusOf(staff)).toContain('Çözüldü');
    expect(await staff.getByTestId('case-result').textContent()).toContain(answer);
    expect(await staff.getByTestId('case-files').textContent()).toContain('cukur-sonrasi.jpg');
    await visit(staff, 'tr-staff-case-resolved');
    await staff.context().close();

    // 5. The citizen's tracking page.
    const citizen = await newPage(browser);
    await citizen.goto(`${portalUrl}/takip?no=${trackingNo.replaceAll('-', '')}`);
    await expect
      .poll(() => citizen.getByTestId('track-answer').textContent(), { timeout: 15_000 })
      .toContain(answer);
    expect(await citizen.getByTestId('track-answer').textContent()).toContain('Çözüldü');
    await visit(citizen, 'tr-track-resolved');
    await citizen.context().close();
  }, 300_000);

  it('lets the district supervisor transfer a water problem to BASKİ, which then owns it', async () => {
    const trackingNo = await fileRoutedCase(
      'ROAD-POTHOLE-LOCAL',
      'Çukurun içinden sürekli temiz su çıkıyor, altta boru patlamış olabilir.',
    );
    const supervisor = await newPage(browser);
    await signInAs(supervisor, 'karesi.supervisor', '/panel/kuyruk?durum=incoming&tur=ROAD-POTHOLE-LOCAL');
    await (await queueLink(supervisor, trackingNo)).click();
    await supervisor.waitForURL(/\/panel\/basvuru\?id=/);
    await supervisor.getByTestId('case-actions').waitFor({ timeout: 15_000 });
    const caseId = caseIdOf(supervisor);

    // A colleague accepts the case while the supervisor still looks at the old version:
    // the supervisor's accept answers 409, and the page reloads the case and says so.
    const colleague = await staffSignIn('karesi.staff');
    const api = endpoints().apiUrl.replace(/\/$/, '');
    const detailNow = (await (
      await fetch(`${api}/v1/staff/cases/${caseId}`, {
        headers: { authorization: `Bearer ${colleague.IdToken}` },
      })
    ).json()) as { case: { version: number } };
    const accepted = await fetch(`${api}/v1/staff/cases/${caseId}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${colleague.IdToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept', expectedVersion: detailNow.case.version }),
    });
    expect(accepted.status).toBe(200);
    await supervisor
      .getByTestId('case-actions')
      .getByRole('button', { name: 'Kabul et', exact: true })
      .click();
    await supervisor.getByRole('dialog').getByRole('button', { name: 'Kabul et', exact: true }).click();
    await expect
      .poll(() => supervisor.getByTestId('case-notice').textContent(), { timeout: 15_000 })
      .toContain('Başvuru siz bakarken değişti');
    await expect.poll(() => statusOf(supervisor)).toContain('Kabul edildi');
    await visit(supervisor, 'tr-supervisor-case-conflict');

    await act(supervisor, 'Başka kuruma aktar', async (dialog) => {
      await dialog
        .getByRole('combobox', { name: /^Kurum/ })
        .selectOption({ label: 'Balıkesir Su ve Kanalizasyon İdaresi Genel Müdürlüğü (BASKİ)' });
      await dialog.getByRole('combobox', { name: /^Birim/ }).selectOption({ label: 'İçme Suyu İşletme' });
      await dialog
        .getByRole('textbox', { name: /Gerekçe/ })
        .fill('Çukurun nedeni içme suyu hattındaki patlak; onarım BASKİ’nin görevi.');
      await visit(supervisor, 'tr-transfer-dialog');
    });
    await expect.poll(() => supervisor.getByTestId('case-owner').textContent()).toContain('BASKİ');
    await expect.poll(() => statusOf(supervisor)).toContain('Kuruma yönlendirildi');
    // Karesi may still read the case it owned, but no longer act on it.
    await expect.poll(() => supervisor.getByTestId('case-actions-none').count()).toBe(1);
    await visit(supervisor, 'tr-supervisor-case-transferred');
    await supervisor.context().close();

    // BASKİ's supervisor now owns it, in English.
    const baski = await newPage(browser);
    await signInAs(baski, 'baski.supervisor', `/en/panel/basvuru?id=${caseId}`, true);
    await baski.getByTestId('case-actions').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => baski.getByTestId('case-department').textContent())
      .toContain('Drinking Water Operations');
    expect(
      await baski.getByTestId('case-actions').getByRole('button', { name: 'Accept', exact: true }).count(),
    ).toBe(1);
    expect(await baski.getByRole('list', { name: 'History' }).textContent()).toContain('Transferred');
    await visit(baski, 'en-baski-case-transferred');
    await baski.context().close();
  }, 180_000);

  it('lets the supervisor select cases in the queue and assign them to a field team in one go', async () => {
    const numbers = await Promise.all([
      fileRoutedCase(
        'ROAD-ASPHALT-LOCAL',
        'Sokağın asfaltı baştan sona bozuk, yeniden kaplanması gerekiyor.',
      ),
      fileRoutedCase('ROAD-ASPHALT-LOCAL', 'Okul önündeki sokakta asfalt kabarmış, yürümek zor.'),
    ]);
    const supervisor = await newPage(browser);
    await signInAs(supervisor, 'karesi.supervisor', '/panel/kuyruk?durum=incoming&tur=ROAD-ASPHALT-LOCAL');
    for (const trackingNo of numbers) {
      await queueLink(supervisor, trackingNo);
      await supervisor.getByRole('checkbox', { name: `${trackingNo} numaralı başvuruyu seç` }).check();
    }
    await expect.poll(() => supervisor.getByText('2 başvuru seçili.').count()).toBe(1);
    await supervisor.getByRole('button', { name: 'Seçilenleri görevlendir' }).click();
    const dialog = supervisor.getByRole('dialog');
    const picker = dialog.getByRole('combobox', { name: /Görevlendirilecek kişi veya ekip/ });
    await expect
      .poll(() => picker.locator('option', { hasText: 'Karesi Fen İşleri 1. Ekip' }).count())
      .toBe(1);
    await picker.selectOption({ label: 'Karesi Fen İşleri 1. Ekip' });
    await visit(supervisor, 'tr-bulk-assign-dialog');
    await dialog.getByRole('button', { name: 'Seçilenleri görevlendir' }).click();
    await expect
      .poll(() => supervisor.getByText('2 başvuru görevlendirildi.').count(), { timeout: 15_000 })
      .toBe(1);
    // Assigned cases have left the "awaiting acceptance" view; the assigned view lists them with the team.
    await supervisor.getByRole('combobox', { name: 'Durum' }).selectOption({ label: 'Görevlendirilen' });
    await supervisor.waitForURL(/durum=assigned/);
    for (const trackingNo of numbers) {
      const row = supervisor
        .getByTestId('case-table')
        .getByRole('row')
        .filter({ has: supervisor.getByRole('link', { name: trackingNo, exact: true }) });
      await queueLink(supervisor, trackingNo);
      expect(await row.textContent()).toContain('Karesi Fen İşleri 1. Ekip');
    }
    await visit(supervisor, 'tr-queue-assigned');
    await supervisor.context().close();
  }, 180_000);

  it('lets district staff return a case that is not theirs to the metropolitan triage list', async () => {
    const trackingNo = await fileRoutedCase(
      'ROAD-PAVER-REPAIR',
      'Parke taşları yerinden çıkmış; ancak burası büyükşehrin düzenlediği meydanın parçası.',
    );
    const staff = await newPage(browser);
    await signInAs(staff, 'karesi.staff', '/panel/kuyruk?tur=ROAD-PAVER-REPAIR');
    await (await queueLink(staff, trackingNo)).click();
    await staff.waitForURL(/\/panel\/basvuru\?id=/);
    await staff.getByTestId('case-actions').waitFor({ timeout: 15_000 });

    await act(staff, 'İade et (bizim değil)', async (dialog) => {
      // The reason is required: sending without one shows the rule next to the field.
      await dialog.getByRole('button', { name: 'İade et (bizim değil)', exact: true }).click();
      await expect
        .poll(() => dialog.getByText('Gerekçe 5 ile 500 karakter arasında olmalıdır.').count())
        .toBeGreaterThan(0);
      await visit(staff, 'tr-return-dialog-errors');
      await dialog
        .getByRole('textbox', { name: /Gerekçe/ })
        .fill('Cumhuriyet Meydanı büyükşehrin sorumluluğunda; ilçenin değil.');
    });
    await expect.poll(() => statusOf(staff)).toContain('İnceleniyor');
    await expect.poll(() => staff.getByTestId('case-owner').textContent()).toContain('Büyükşehir');
    await staff.context().close();

    // The metropolitan coordinator's triage list, narrowed with the subject filter.
    const coordinator = await newPage(browser);
    await signInAs(coordinator, 'metro.coordinator', '/en/panel/yonlendirme', true);
    await expect
      .poll(() => coordinator.getByRole('combobox', { name: 'Status' }).inputValue())
      .toBe('triage');
    const subjectFilter = coordinator.getByRole('combobox', { name: 'Subject' });
    await expect
      .poll(() => subjectFilter.locator('option').count(), { timeout: 15_000 })
      .toBeGreaterThan(200);
    await subjectFilter.selectOption('ROAD-PAVER-REPAIR');
    await coordinator.waitForURL(/tur=ROAD-PAVER-REPAIR/);
    const link = await queueLink(coordinator, trackingNo);
    await visit(coordinator, 'en-coordinator-triage-returned');
    await link.click();
    await coordinator.waitForURL(/\/en\/panel\/basvuru\?id=/);
    await coordinator.getByTestId('case-actions').waitFor({ timeout: 15_000 });
    const history = (await coordinator.getByRole('list', { name: 'History' }).textContent()) ?? '';
    expect(history).toContain('Cumhuriyet Meydanı büyükşehrin sorumluluğunda');
    await visit(coordinator, 'en-coordinator-case-returned');

    // The split dialog: rows of sub-requests; Escape closes it and focus goes back to its button.
    const split = coordinator.getByTestId('case-actions').getByRole('button', { name: 'Split', exact: true });
    await split.click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add a sub-request' }).click();
    await expect.poll(() => dialog.getByRole('group', { name: /^Sub-request \d$/ }).count()).toBe(3);
    await visit(coordinator, 'en-split-dialog');
    await coordinator.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => coordinator.evaluate('document.activeElement?.textContent?.trim()'))
      .toBe('Split');

    // The coordinator routes it to the metropolitan municipality's own unit.
    await act(
      coordinator,
      'Route',
      async (d) => {
        await d
          .getByRole('combobox', { name: /^Organisation/ })
          .selectOption({ label: 'Balıkesir Büyükşehir Belediyesi' });
        await expect.poll(() => d.getByRole('combobox', { name: /^Unit/ }).inputValue()).toBe('FEN');
      },
      'Saved: Route.',
    );
    await expect.poll(() => statusOf(coordinator)).toContain('Routed');
    await expect
      .poll(() => coordinator.getByTestId('case-department').textContent())
      .toContain('Public Works');
    await coordinator.context().close();
  }, 180_000);
});
