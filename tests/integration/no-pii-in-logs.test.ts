import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { eventually, getJson, postJson } from '../support/api-client.ts';
import { signIn } from '../support/staff-session.ts';

/*
 * KVKK: personal data never reaches the logs. This file drives every path that
 * handles PII (intake, validation errors, routing, staff reads, unmasking) with
 * recognisable values, then greps everything the handlers and the gateway logged
 * during the whole integration run.
 */

const PHONE_DIGITS = '5429876543';
const NAME = 'Zübeyde Kılıçarslan';
const EMAIL = 'zubeyde.kilicarslan@example.com.tr';
const TCKN = '10000000146';
const STREET = 'Fesleğen Sokak No:19';

const filing = {
  workTypeCode: 'ROAD-POTHOLE-LOCAL',
  description: 'Evimizin önündeki çukur büyüyor, lütfen bakın.',
  location: { lat: 39.6485, lon: 27.8862, neighbourhood: 'Dumlupınar', address: `Dumlupınar Mah. ${STREET}` },
  contact: {
    name: NAME,
    phone: `0${PHONE_DIGITS}`,
    email: EMAIL,
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
  consent: { accepted: true, noticeVersion: '2026-11' },
};

describe('no personal data in logs', () => {
  it('handles a PII-laden request end to end without logging any of it', async () => {
    const created = await postJson('/v1/public/cases', filing, { 'idempotency-key': 'no-pii-in-logs-1' });
    expect(created.status).toBe(201);
    const trackingNo = String(created.json.trackingNo);
    await eventually(async () => {
      const r = await getJson(`/v1/public/track/${trackingNo}`);
      return r.json.status === 'ROUTED' ? true : undefined;
    });
    // Error paths echo input most easily: a bad phone, a TCKN where it does not belong, an unknown field.
    await postJson('/v1/public/cases', {
      ...filing,
      contact: { ...filing.contact, phone: `0${PHONE_DIGITS}9` },
    });
    await postJson('/v1/public/cases', { ...filing, tckn: TCKN });
    await postJson('/v1/public/cases', `{"contact": {"name": "${NAME}", "phone": "${PHONE_DIGITS}"`);
    // Staff reads in clear and an unmasking, both audited (the audit trail is data, not logs).
    const staff = (await signIn('karesi.staff')).IdToken;
    const coordinator = (await signIn('metro.coordinator')).IdToken;
    const list = await getJson('/v1/staff/cases?limit=100', { authorization: `Bearer ${staff}` });
    for (const item of list.json.items as { id: string }[]) {
      await getJson(`/v1/staff/cases/${item.id}`, { authorization: `Bearer ${staff}` });
      await postJson(
        `/v1/staff/cases/${item.id}/pii-unmask`,
        { reason: 'Geri arama için telefon gerekli' },
        { authorization: `Bearer ${coordinator}` },
      );
    }

    const logs = await readFile(inject('handlerLogFile'), 'utf8');
    // The capture works: routing and the gateway did log.
    expect(logs).toContain('case routing');
    expect(logs).toContain('/v1/staff/cases');
    for (const secret of [
      PHONE_DIGITS,
      PHONE_DIGITS.replace(/^(\d{3})(\d{3})/, '$1 $2'),
      NAME,
      'Kılıçarslan',
      EMAIL,
      TCKN,
      STREET,
    ]) {
      expect(logs, `logs contain ${secret}`).not.toContain(secret);
    }
    // No E.164 Turkish mobile number and no 11-digit TCKN-shaped number anywhere.
    expect(logs).not.toMatch(/\+90\s?5\d{9}/);
    expect(logs).not.toMatch(/(?<!\d)[1-9]\d{10}(?!\d)/);
  });
});
