import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/api-client.ts';
import { fileRoutedCase } from '../support/case-fixtures.ts';
import { signIn } from '../support/staff-session.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

const doc = testDocumentClient();

describe('KVKK m.11 erasure', () => {
  it("erases a case's personal data for the owning tenant's admin only, and keeps the case", async () => {
    const { trackingNo, caseId } = await fileRoutedCase({
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      description: 'Nurten Hanım olarak Çınar Sokak No:4 önündeki çukuru bildiriyorum.',
      location: {
        lat: 39.6485,
        lon: 27.8862,
        neighbourhood: 'Dumlupınar',
        address: 'Dumlupınar Mah. Çınar Sokak No:4',
      },
      contact: {
        name: 'Nurten Erdoğdu',
        phone: '0533 444 55 66',
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      },
      consent: { accepted: true, noticeVersion: '2026-11' },
    });
    const before = await doc.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `CASE#${caseId}`, sk: '#CASE' } }),
    );
    const citizenKey = String(before.Item?.gsi2pk);

    const karesiAdmin = { authorization: `Bearer ${(await signIn('karesi.admin')).IdToken}` };
    const altieylulAdmin = { authorization: `Bearer ${(await signIn('altieylul.admin')).IdToken}` };
    const karesiStaff = { authorization: `Bearer ${(await signIn('karesi.staff')).IdToken}` };
    // Staff notes on the timeline collect personal data too: the erasure must reach them.
    const comment = await postJson(
      `/v1/staff/cases/${caseId}/comments`,
      { commentId: randomUUID(), text: 'Nurten Hanım 0533 444 55 66 ile görüşüldü.', visibility: 'internal' },
      karesiStaff,
    );
    expect(comment.status).toBe(201);
    const request = {
      requestRef: 'KVKK-2026-0042',
      reason: 'Başvuru sahibi KVKK m.11 kapsamında silinmesini istedi.',
    };

    expect((await postJson(`/v1/admin/cases/${caseId}/erase`, request, altieylulAdmin)).status).toBe(404);
    expect((await postJson(`/v1/admin/cases/${caseId}/erase`, request, karesiStaff)).status).toBe(404);
    expect((await postJson(`/v1/admin/cases/${caseId}/erase`, { requestRef: 'x' }, karesiAdmin)).status).toBe(
      400,
    );
    const erased = await postJson(`/v1/admin/cases/${caseId}/erase`, request, karesiAdmin);
    expect(erased.status).toBe(200);
    // Idempotent: a second request changes nothing and still answers 200.
    expect((await postJson(`/v1/admin/cases/${caseId}/erase`, request, karesiAdmin)).status).toBe(200);

    const stored = await doc.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `CASE#${caseId}`, sk: '#CASE' } }),
    );
    const text = JSON.stringify(stored.Item);
    for (const secret of ['Nurten', 'Erdoğdu', '5334445566', 'Çınar Sokak'])
      expect(text).not.toContain(secret);
    expect(stored.Item).toMatchObject({
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      status: 'ROUTED',
      ownerTenantId: 'balikesir-karesi',
    });
    expect(stored.Item?.anonymisedAt).toBeTruthy();
    // The citizen-history index no longer finds the case.
    const history = await doc.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': citizenKey },
      }),
    );
    expect((history.Items ?? []).map((i) => i.id)).not.toContain(caseId);
    // The public track page still works, and the erasure is on the timeline and in the audit trail.
    expect((await getJson(`/v1/public/track/${trackingNo}`)).status).toBe(200);
    const detail = await getJson(`/v1/staff/cases/${caseId}`, karesiStaff);
    const timeline = detail.json.timeline as { type: string }[];
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['comment', 'anonymised']));
    expect(JSON.stringify(timeline)).not.toMatch(/Nurten|444 55 66/);
    const trail = await getJson(`/v1/staff/audit?caseId=${caseId}`, karesiAdmin);
    const erasures = (trail.json.items as { action: string }[]).filter((r) => r.action === 'case.erase');
    expect(erasures).toHaveLength(1);
  });
});
