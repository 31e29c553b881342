import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  AuditRepository,
  type CaseRepository,
  caseRepositoryFromEnvironment,
  mainTable,
} from '@citydesk/data';
import { schedules, secrets } from '@citydesk/functions/manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RetentionSummary } from '../../functions/src/workers/retention-sweep.ts';
import { getJson } from '../support/api-client.ts';
import { invokeSchedule, useHandlerEnvironment } from '../support/handler-invocation.ts';
import { signIn } from '../support/staff-session.ts';
import { citizenData, storeCase } from '../support/stored-cases.ts';
import { mainTableName, testDocumentClient } from '../support/table-inspection.ts';

/*
 * The retention job against the real local table: cases closed or cancelled longer
 * ago than the retention period lose their personal data exactly once, keep their
 * statistics, and leave a timeline event and an audit record; recent ones stay.
 */

const DAY = 86_400_000;
const doc = testDocumentClient();
const sweep = schedules.find((s) => s.id === 'RetentionSweep');
const run = () => {
  if (!sweep) throw new Error('the manifest declares no RetentionSweep schedule');
  return invokeSchedule<RetentionSummary>(sweep);
};

const karesiPoint = {
  lat: 39.6485,
  lon: 27.8862,
  neighbourhood: 'Dumlupınar',
  districtTenantId: 'balikesir-karesi',
};
let repository: CaseRepository;
let audits: AuditRepository;

const stored = async (id: string) =>
  (await doc.send(new GetCommand({ TableName: mainTableName(), Key: { pk: `CASE#${id}`, sk: '#CASE' } })))
    .Item;

beforeAll(() => {
  useHandlerEnvironment();
  repository = caseRepositoryFromEnvironment(secrets.piiHmacKey);
  audits = new AuditRepository(testDocumentClient(), mainTableName());
});

describe('retention sweep', () => {
  it('is declared as a daily schedule that may write the main table and delete case files, nothing else', () => {
    expect(sweep).toMatchObject({ expression: 'rate(1 day)', entry: 'workers/retention-sweep.ts' });
    expect(sweep?.access).toEqual({
      tables: [{ table: mainTable, mode: 'readwrite' }],
      bucket: 'readwrite-delete',
    });
  });

  it('anonymises cases ended more than RETENTION_DAYS ago once, keeps statistics, and records it', async () => {
    const now = Date.now();
    const oldClosed = await storeCase(repository, {
      status: 'CLOSED',
      ownerTenantId: 'balikesir-karesi',
      formerOwnerTenantIds: ['balikesir-altieylul'],
      location: karesiPoint,
      citizen: citizenData(9001),
      createdAt: new Date(now - 805 * DAY),
      endedAt: new Date(now - 800 * DAY),
    });
    const oldCancelled = await storeCase(repository, {
      status: 'CANCELLED',
      ownerTenantId: 'balikesir-karesi',
      location: karesiPoint,
      citizen: citizenData(9002),
      createdAt: new Date(now - 740 * DAY),
      endedAt: new Date(now - 731 * DAY),
    });
    const recentClosed = await storeCase(repository, {
      status: 'CLOSED',
      ownerTenantId: 'balikesir-karesi',
      location: karesiPoint,
      citizen: citizenData(9003),
      createdAt: new Date(now - 15 * DAY),
      endedAt: new Date(now - 10 * DAY),
    });
    // Old but still open: retention counts from closure only.
    const oldOpen = await storeCase(repository, {
      status: 'RESOLVED',
      ownerTenantId: 'balikesir-karesi',
      location: karesiPoint,
      citizen: citizenData(9004),
      createdAt: new Date(now - 900 * DAY),
      endedAt: new Date(now - 890 * DAY),
    });
    const citizenKeyBefore = (await stored(oldClosed.id))?.gsi2pk;
    expect(citizenKeyBefore).toBeTruthy();
    expect((await stored(oldClosed.id))?.gsi6pk).toBe(`RETAIN#balikesir#${oldClosed.closedAt?.slice(0, 7)}`);

    const first = await run();
    expect(first.anonymised).toBeGreaterThanOrEqual(2);
    expect(first.failures).toBe(0);
    const second = await run();
    expect(second).toMatchObject({ anonymised: 0, failures: 0 });

    for (const c of [oldClosed, oldCancelled]) {
      const item = await stored(c.id);
      const text = JSON.stringify(item);
      for (const secret of [
        c.contact?.name,
        c.contact?.phone,
        c.contact?.email,
        'Menekşe Sokak',
        c.description,
      ])
        expect(text).not.toContain(secret);
      // Exactly one anonymisation across two runs: one version bump, one event, one audit record.
      expect(item).toMatchObject({
        version: c.version + 1,
        status: c.status,
        workTypeCode: c.workTypeCode,
        ownerTenantId: 'balikesir-karesi',
        createdAt: c.createdAt,
        channel: c.channel,
        description: '',
        attachments: [],
      });
      expect(item?.anonymisedAt).toBeTruthy();
      expect(item?.contact).toBeUndefined();
      expect(item?.location).toEqual({
        lat: Number(c.location?.lat.toFixed(3)),
        lon: Number(c.location?.lon.toFixed(3)),
        neighbourhood: 'Dumlupınar',
        districtTenantId: 'balikesir-karesi',
      });
      // Out of the citizen-history index and out of the retention index.
      expect(item?.gsi2pk).toBeUndefined();
      expect(item?.gsi6pk).toBeUndefined();

      const timeline = (await repository.getCaseWithTimeline(c.id))?.events ?? [];
      const anonymised = timeline.filter((e) => e.type === 'anonymised');
      expect(anonymised).toHaveLength(1);
      expect(anonymised[0]).toMatchObject({
        actor: { kind: 'system', id: 'retention-sweep' },
        visibility: 'internal',
        data: { reason: 'retention', retentionDays: 730 },
      });
      const records = (await audits.byCase(c.id)).filter((r) => r.action === 'case.retention-anonymise');
      expect(records).toHaveLength(1);
      expect(records[0]?.actor).toMatchObject({ userId: 'system:retention-sweep', roles: [] });
    }
    // Statistics of the closing result stay.
    expect((await stored(oldClosed.id))?.result).toMatchObject({ code: 'RESOLVED' });
    expect((await stored(oldClosed.id))?.closedAt).toBe(oldClosed.closedAt);
    // Every tenant that held the case is a controller of it and finds the record.
    const [record] = (await audits.byCase(oldClosed.id)).filter(
      (r) => r.action === 'case.retention-anonymise',
    );
    expect(record?.tenantIds.sort()).toEqual(['balikesir-altieylul', 'balikesir-karesi']);

    for (const untouched of [recentClosed, oldOpen]) {
      const item = await stored(untouched.id);
      expect(item).toMatchObject({ version: untouched.version, contact: untouched.contact });
      expect(item?.anonymisedAt).toBeUndefined();
    }
    expect((await stored(recentClosed.id))?.gsi6pk).toBe(
      `RETAIN#balikesir#${recentClosed.closedAt?.slice(0, 7)}`,
    );

    // The owning tenant's administrator sees the destruction record in the audit trail.
    const admin = { authorization: `Bearer ${(await signIn('karesi.admin')).IdToken}` };
    const trail = await getJson(`/v1/staff/audit?caseId=${oldClosed.id}`, admin);
    expect(trail.status).toBe(200);
    expect((trail.json.items as { action: string }[]).map((r) => r.action)).toContain(
      'case.retention-anonymise',
    );

    // The period is configuration: with 5 days, the case closed 10 days ago is due too.
    process.env.RETENTION_DAYS = '5';
    try {
      const shorter = await run();
      expect(shorter.anonymised).toBeGreaterThanOrEqual(1);
      expect((await stored(recentClosed.id))?.anonymisedAt).toBeTruthy();
      expect((await stored(oldOpen.id))?.anonymisedAt).toBeUndefined();
    } finally {
      delete process.env.RETENTION_DAYS;
    }
  });

  it('refuses a malformed retention period instead of guessing', async () => {
    process.env.RETENTION_DAYS = 'two years';
    try {
      await expect(run()).rejects.toThrow();
    } finally {
      delete process.env.RETENTION_DAYS;
    }
  });
});
