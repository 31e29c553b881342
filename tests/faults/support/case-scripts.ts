import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, mainTable } from '@citydesk/data';
import type { CaseStatus } from '@citydesk/domain';
import { type HttpResult, type ScriptedClient, transient } from './scripted-client.ts';

/*
 * What the fault run does to each case, through the HTTP API only, and the state
 * each script must leave the case in. The scripts mix the lifecycle's main paths:
 * filed and routed by the system; accepted; resolved; closed with a result; returned
 * to the metropolitan triage; transferred to the water utility. Filing goes through
 * the public portal's route or the call centre's, always with an Idempotency-Key.
 */

export const scriptNames = ['filed', 'accepted', 'resolved', 'closed', 'returned', 'transferred'] as const;
export type ScriptName = (typeof scriptNames)[number];

/** Where a case is filed: a local street, so routing gives it to the district. */
const districts = {
  karesi: {
    tenantId: 'balikesir-karesi',
    supervisor: 'karesi.supervisor',
    location: {
      lat: 39.6485,
      lon: 27.8862,
      neighbourhood: 'Dumlupınar',
      address: 'Dumlupınar Mah. 5. Sokak No:7',
    },
  },
  altieylul: {
    tenantId: 'balikesir-altieylul',
    supervisor: 'altieylul.supervisor',
    location: {
      lat: 39.63,
      lon: 27.886,
      neighbourhood: 'Gümüşçeşme',
      address: 'Gümüşçeşme Mah. 3. Sokak No:2',
    },
  },
} as const;
type District = keyof typeof districts;

export type ContactChoice = 'sms' | 'email' | 'none';

/** One case of the run: its plan, then what happened. */
export interface ScriptedCase {
  index: number;
  script: ScriptName;
  via: 'public' | 'call-centre';
  district: District;
  contact: ContactChoice;
  idempotencyKey: string;
  /** Every 201 the filing got (retries with the same key must all name one case). */
  filedCaseIds: string[];
  caseId?: string;
  trackingNo?: string;
  /** Set when the script could not finish; the run fails on it. */
  error?: string;
}

/** The status (and owner) a script drives its case to. */
export function expectedEnd(c: ScriptedCase): {
  status: CaseStatus;
  ownerTenantId: string;
  resultCode?: string;
} {
  const district = districts[c.district].tenantId;
  switch (c.script) {
    case 'filed':
      return { status: 'ROUTED', ownerTenantId: district };
    case 'accepted':
      return { status: 'ACCEPTED', ownerTenantId: district };
    case 'resolved':
      return { status: 'RESOLVED', ownerTenantId: district, resultCode: 'SCHEDULED' };
    case 'closed':
      return { status: 'CLOSED', ownerTenantId: district, resultCode: 'INFO_GIVEN' };
    case 'returned':
      return { status: 'TRIAGE', ownerTenantId: 'balikesir-bb' };
    case 'transferred':
      return { status: 'ROUTED', ownerTenantId: 'baski' };
  }
}

/** The run's plan: scripts, channels, districts and contact choices spread evenly. */
export function planCases(count: number): ScriptedCase[] {
  const contacts: ContactChoice[] = ['sms', 'email', 'sms', 'none', 'email'];
  return Array.from({ length: count }, (_, index) => ({
    index,
    script: scriptNames[index % scriptNames.length] as ScriptName,
    via: index % 3 === 0 ? 'call-centre' : 'public',
    district: index % 2 === 0 ? 'karesi' : 'altieylul',
    contact: contacts[index % contacts.length] as ContactChoice,
    idempotencyKey: randomUUID(),
    filedCaseIds: [],
  }));
}

function contactOf(c: ScriptedCase): Record<string, unknown> {
  // A distinct number and address per case: every message in the dev outbox is traceable to one case.
  const phone = `0532 ${String(1_000_000 + c.index).slice(-7, -4)} ${String(c.index).padStart(4, '0').slice(-4, -2)} ${String(c.index).padStart(4, '0').slice(-2)}`;
  switch (c.contact) {
    case 'sms':
      return {
        name: 'Ayşe Yılmaz',
        phone,
        preference: { channel: 'sms', granularity: 'every_stage', language: 'tr' },
      };
    case 'email':
      return {
        name: 'Mehmet Kaya',
        email: `vatandas${c.index}@example.com`,
        preference: { channel: 'email', granularity: 'every_stage', language: 'en' },
      };
    case 'none':
      return {
        name: 'Fatma Demir',
        phone,
        preference: { channel: 'none', granularity: 'every_stage', language: 'tr' },
      };
  }
}

function submission(c: ScriptedCase): Record<string, unknown> {
  return {
    workTypeCode: 'ROAD-POTHOLE-LOCAL',
    description: `Sokağımızda derin bir çukur var, araçlar zarar görüyor (arıza testi ${c.index}).`,
    location: districts[c.district].location,
    contact: contactOf(c),
    consent: { accepted: true, noticeVersion: '2026-11' },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the scripts share: the client, a table reader for tracking numbers, the deadline per step. */
export interface ScriptContext {
  client: ScriptedClient;
  stepDeadlineMs: number;
}

const doc = () => createDocumentClient();
let reader: ReturnType<typeof createDocumentClient> | undefined;

/** The case id behind a tracking number (the public answer names only the number). */
async function caseIdOf(trackingNo: string, deadlineMs: number): Promise<string> {
  reader ??= doc();
  const table = process.env[mainTable.envVar] as string;
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      const { Item } = await reader.send(
        new GetCommand({ TableName: table, Key: { pk: `TRACK#${trackingNo}`, sk: '#TRACK' } }),
      );
      if (Item?.caseId) return String(Item.caseId);
      throw new Error(`tracking number ${trackingNo} has no item after a 201`);
    } catch (error) {
      // DynamoDB Local may be restarting: the item is there once it is back.
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

async function file(ctx: ScriptContext, c: ScriptedCase): Promise<void> {
  const { client } = ctx;
  const headers = { 'idempotency-key': c.idempotencyKey };
  const result: HttpResult =
    c.via === 'public'
      ? await client.retrying('POST', '/v1/public/cases', {
          body: submission(c),
          headers,
          deadlineMs: ctx.stepDeadlineMs,
        })
      : await client.retrying('POST', '/v1/staff/cases', {
          body: { ...submission(c), channel: 'call_center' },
          headers: { ...headers, ...(await client.as('metro.agent')) },
          deadlineMs: ctx.stepDeadlineMs,
        });
  if (result.status !== 201)
    throw new Error(`filing answered ${result.status}: ${JSON.stringify(result.json)}`);
  const trackingNo = String(result.json.trackingNo).replaceAll('-', '');
  const caseId =
    c.via === 'public' ? await caseIdOf(trackingNo, ctx.stepDeadlineMs) : String(result.json.caseId);
  c.filedCaseIds.push(caseId);
  c.caseId = caseId;
  c.trackingNo = trackingNo;
  // A retried filing must name the same case: ask once more with the same key.
  if (c.index % 10 === 0) {
    const again =
      c.via === 'public'
        ? await client.retrying('POST', '/v1/public/cases', { body: submission(c), headers })
        : await client.retrying('POST', '/v1/staff/cases', {
            body: { ...submission(c), channel: 'call_center' },
            headers: { ...headers, ...(await client.as('metro.agent')) },
          });
    if (again.status !== 201) throw new Error(`replayed filing answered ${again.status}`);
    const replayed = String(again.json.trackingNo).replaceAll('-', '');
    c.filedCaseIds.push(
      c.via === 'public' ? await caseIdOf(replayed, ctx.stepDeadlineMs) : String(again.json.caseId),
    );
  }
}

interface CaseView {
  id: string;
  version: number;
  status: CaseStatus;
  ownerTenantId?: string;
}

async function view(ctx: ScriptContext, user: string, caseId: string): Promise<CaseView | undefined> {
  const r = await ctx.client.retrying('GET', `/v1/staff/cases/${caseId}`, {
    headers: await ctx.client.as(user),
    deadlineMs: ctx.stepDeadlineMs,
  });
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`reading ${caseId} answered ${r.status}`);
  return r.json.case as CaseView;
}

/** Waits until routing (a worker) has given the case to its district. */
async function waitRouted(ctx: ScriptContext, c: ScriptedCase): Promise<void> {
  const deadline = Date.now() + ctx.stepDeadlineMs;
  for (;;) {
    const current = await view(ctx, 'metro.coordinator', c.caseId as string);
    if (current?.status === 'ROUTED') return;
    if (current && current.status !== 'NEW')
      throw new Error(`routing left ${c.caseId} in ${current.status}, not ROUTED`);
    if (Date.now() > deadline) throw new Error(`${c.caseId} not routed within ${ctx.stepDeadlineMs} ms`);
    // Polling is load too: every 2–3 s is how often a console refreshes.
    await sleep(2000 + Math.random() * 1000);
  }
}

/**
 * One workflow step, safely repeated: the case is read first, and the step counts as
 * done when the case already shows its effect (a request that timed out may have been
 * applied). A 409 (someone, such as a worker, changed the case) or a transient answer
 * leads to a fresh read and another try at the new version.
 */
async function step(
  ctx: ScriptContext,
  user: string,
  caseId: string,
  command: Record<string, unknown>,
  done: (c: CaseView) => boolean,
): Promise<void> {
  const deadline = Date.now() + ctx.stepDeadlineMs;
  for (let attempt = 0; ; attempt++) {
    const current = await view(ctx, user, caseId);
    if (!current) throw new Error(`${user} cannot see ${caseId} before ${String(command.action)}`);
    if (done(current)) return;
    const r = await ctx.client.once('POST', `/v1/staff/cases/${caseId}/actions`, {
      body: { expectedVersion: current.version, ...command },
      headers: await ctx.client.as(user),
    });
    if (r.status === 200) return;
    if (r.status !== 409 && !transient(r.status))
      throw new Error(
        `${String(command.action)} on ${caseId} answered ${r.status}: ${JSON.stringify(r.json)}`,
      );
    if (Date.now() > deadline)
      throw new Error(`${String(command.action)} on ${caseId} kept failing (${r.status})`);
    if (r.status !== 409) ctx.client.stats.retries++;
    await sleep(Math.min(3000, 200 * 2 ** attempt) * (0.5 + Math.random()));
  }
}

const statusIn =
  (...statuses: CaseStatus[]) =>
  (c: CaseView) =>
    statuses.includes(c.status);

/** Runs one case's script to its end; failures are kept on the case, not thrown. */
export async function runScript(ctx: ScriptContext, c: ScriptedCase): Promise<void> {
  try {
    await file(ctx, c);
    if (c.script === 'filed') {
      await waitRouted(ctx, c);
      return;
    }
    await waitRouted(ctx, c);
    const caseId = c.caseId as string;
    const supervisor = districts[c.district].supervisor;
    if (c.script === 'returned') {
      await step(
        ctx,
        supervisor,
        caseId,
        { action: 'return', reason: 'Bu cadde büyükşehrin ana arteridir.' },
        (v) => v.status === 'TRIAGE',
      );
      return;
    }
    if (c.script === 'transferred') {
      await step(
        ctx,
        supervisor,
        caseId,
        {
          action: 'transfer',
          tenantId: 'baski',
          departmentCode: 'SU_ISLETME',
          reason: 'Çukur bir su borusu arızasından kaynaklanıyor.',
        },
        (v) => v.ownerTenantId === 'baski',
      );
      return;
    }
    await step(ctx, supervisor, caseId, { action: 'accept' }, statusIn('ACCEPTED', 'RESOLVED', 'CLOSED'));
    if (c.script === 'accepted') return;
    const resolve =
      c.script === 'resolved'
        ? {
            action: 'resolve',
            resultCode: 'SCHEDULED',
            publicAnswer: 'Çukur, önümüzdeki hafta asfalt yama programına alınmıştır.',
            internalNote: 'Yama ekibi 2 programına eklendi.',
            evidence: { plannedDate: '2030-06-01' },
          }
        : {
            action: 'resolve',
            resultCode: 'INFO_GIVEN',
            publicAnswer: 'Bölgedeki yol çalışması programı hakkında bilgi verilmiştir.',
            internalNote: 'Vatandaş bilgilendirildi.',
          };
    await step(ctx, supervisor, caseId, resolve, statusIn('RESOLVED', 'CLOSED'));
    if (c.script === 'resolved') return;
    await step(ctx, supervisor, caseId, { action: 'close' }, statusIn('CLOSED'));
  } catch (error) {
    c.error = (error as Error).message;
  }
}
