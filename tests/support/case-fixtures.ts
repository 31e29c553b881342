import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, getJson, postJson } from './api-client.ts';
import { mainTableName, testDocumentClient } from './table-inspection.ts';

/** A local-street pothole: a district work type, so the location decides the owner. */
export function potholeSubmission(
  location: { lat: number; lon: number; neighbourhood: string; address?: string },
  contact: Record<string, unknown> = {
    name: 'Ayşe Yılmaz',
    phone: '0532 765 43 21',
    preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
  },
) {
  return {
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    description: 'Sokağımızda derin bir çukur var, araçlar zarar görüyor.',
    location,
    contact,
    consent: { accepted: true, noticeVersion: '2026-11' },
  };
}

/**
 * Files a case through the public API, waits until routing gave it an owner and
 * returns its tracking number (12 digits), case id and owning tenant.
 */
export async function fileRoutedCase(
  body: unknown,
): Promise<{ trackingNo: string; caseId: string; owner: string }> {
  const created = await postJson('/v1/public/cases', body);
  if (created.status !== 201)
    throw new Error(`filing failed: ${created.status} ${JSON.stringify(created.json)}`);
  const trackingNo = String(created.json.trackingNo).replaceAll('-', '');
  const owner = await eventually(async () => {
    const r = await getJson(`/v1/public/track/${trackingNo}`);
    return r.json.status === 'ROUTED' ? (r.json.organisation as { tenantId: string }).tenantId : undefined;
  });
  const { Item } = await testDocumentClient().send(
    new GetCommand({ TableName: mainTableName(), Key: { pk: `TRACK#${trackingNo}`, sk: '#TRACK' } }),
  );
  return { trackingNo, caseId: String(Item?.caseId), owner };
}
